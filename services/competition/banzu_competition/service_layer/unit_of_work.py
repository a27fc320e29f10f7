"""The competition unit of work: repositories on one session; the contests' events leave at commit."""
from __future__ import annotations

from banzu_common.occupation_catalogue import OccupationCatalogue
from banzu_common.unit_of_work import UnitOfWork

from banzu_competition.adapters.repository import ContestRepository, JudgeRepository
from banzu_competition.adapters.tables import directory_occupations
from banzu_competition.service_layer.integration_events import integration_events


class CompetitionUnitOfWork(UnitOfWork):
    contests: ContestRepository
    judges: JudgeRepository
    occupations: OccupationCatalogue
    integration_events = staticmethod(integration_events)

    def _enter(self) -> None:
        self.contests = ContestRepository(self.session, self.seen)
        self.judges = JudgeRepository(self.session)
        self.occupations = OccupationCatalogue(self.session, directory_occupations)
