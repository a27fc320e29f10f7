"""The competition's one mapping from its domain events to the integration events of events.md."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from banzu_common.messaging import contracts

from banzu_competition.domain import PromotionEarned, ResultsPublished

# Fixed, so the same contest and worker always give the same promotion id (consumers dedupe on it).
PROMOTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:banzu:competition:promotion")


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
    else:
        raise TypeError(f"competition has no integration event for {type(event).__name__}")
