"""The competition's one mapping from its domain events to the integration events of events.md."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from banzu_common.messaging import contracts

from banzu_competition.domain import ContestCancelled, JudgeAssignmentChanged, PromotionEarned, ResultsPublished

# Fixed, so the same contest and worker always give the same promotion id (consumers dedupe on it).
PROMOTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:banzu:competition:promotion")
ASSIGNMENT_CHANGE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:banzu:competition:assignment-change")


def promotion_id(contest_id: str, employee_no: str) -> str:
    return str(uuid.uuid5(PROMOTION_NAMESPACE, f"{contest_id}/{employee_no}"))


def integration_events(event: object) -> Iterable[contracts.Contract]:
    if isinstance(event, ResultsPublished):
        yield contracts.ResultsPublished(
            contest_id=str(event.contest_id), name=event.name, occupation=event.occupation,
            published_on=event.published_on,
            results=tuple(contracts.ContestResult(
                r.employee_no, r.team_code, r.rank, r.total, None if r.prize is None else str(r.prize),
                r.promotion.from_grade if r.promotion else None, r.promotion.to_grade if r.promotion else None)
                for r in event.results))
    elif isinstance(event, PromotionEarned):
        yield contracts.PromotionEarned(
            promotion_id=promotion_id(event.source_id, event.employee_no), employee_no=event.employee_no,
            team_code=event.team_code, occupation=event.occupation, from_grade=event.from_grade,
            to_grade=event.to_grade, source=event.source, source_id=str(event.source_id),
            source_name=event.source_name, effective_on=event.effective_on)
    elif isinstance(event, ContestCancelled):
        yield contracts.ContestCancelled(
            contest_id=str(event.contest_id), name=event.name, reason=event.reason, cancelled_at=event.at,
            contestants=event.contestants, judges=event.judges)
    elif isinstance(event, JudgeAssignmentChanged):
        change = f"{event.contest_id}/{event.judge_id}/{event.segment}/{event.change}/{event.at.isoformat()}"
        yield contracts.JudgeAssignmentChanged(
            change_id=str(uuid.uuid5(ASSIGNMENT_CHANGE_NAMESPACE, change)), contest_id=str(event.contest_id),
            contest_name=event.contest_name, judge_id=str(event.judge_id), segment=event.segment,
            segment_name=event.segment_name, change=event.change, at=event.at, username=event.username,
            reason=event.reason)
    else:
        raise TypeError(f"competition has no integration event for {type(event).__name__}")
