"""The competition unit of work: repositories on one session, and the domain's events published."""
from __future__ import annotations

import uuid

from banzu_common.messaging.catalogue import PROMOTION_EARNED, RESULTS_PUBLISHED
from banzu_common.unit_of_work import UnitOfWork

from banzu_competition.adapters.repository import ContestRepository, JudgeRepository
from banzu_competition.domain import Contest, PromotionEarned, ResultsPublished

# Fixed, so the same contest and worker always give the same promotion id (consumers dedupe on it).
PROMOTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:banzu:competition:promotion")


def promotion_id(contest_id: str, employee_no: str) -> str:
    return str(uuid.uuid5(PROMOTION_NAMESPACE, f"{contest_id}/{employee_no}"))


class CompetitionUnitOfWork(UnitOfWork):
    contests: ContestRepository
    judges: JudgeRepository

    def _enter(self) -> None:
        self.contests = ContestRepository(self.session)
        self.judges = JudgeRepository(self.session)

    def publish(self, contest: Contest) -> None:
        """Turns the contest's recorded events into outbox rows of this transaction."""
        for event in contest.events:
            if isinstance(event, ResultsPublished):
                self.emit(RESULTS_PUBLISHED, event.contest_id, _results_data(event))
            elif isinstance(event, PromotionEarned):
                data = _promotion_data(event)
                self.emit(PROMOTION_EARNED, data["promotion_id"], data)
        contest.events.clear()


def _results_data(event: ResultsPublished) -> dict:
    return {
        "contest_id": event.contest_id, "name": event.name, "occupation": event.occupation,
        "published_on": event.published_on,
        "results": [{"employee_no": r.employee_no, "team_code": r.team_code, "rank": r.rank, "total": r.total,
                     "prize": None if r.prize is None else str(r.prize)} for r in event.results],
    }


def _promotion_data(event: PromotionEarned) -> dict:
    return {
        "promotion_id": promotion_id(event.source_id, event.employee_no), "employee_no": event.employee_no,
        "team_code": event.team_code, "occupation": event.occupation, "from_grade": event.from_grade,
        "to_grade": event.to_grade, "source": event.source, "source_id": event.source_id,
        "source_name": event.source_name, "effective_on": event.effective_on,
    }
