"""The team score ledger and the promotion records in the gateway's database."""
from __future__ import annotations

from collections import defaultdict
from sqlalchemy import select
from sqlalchemy.orm import Session

from banzu_common.db import insert_rows

from banzu_gateway.adapters.tables import ledger_entries, promotions
from banzu_gateway.domain.ledger import LedgerEntry, LedgerKind, Period


class LedgerRepository:
    """The ledger's entries and the promotions kept for the HR list, on the unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    def add_entries(self, entries: list[LedgerEntry]) -> None:
        """Stores each fact once: an entry whose `ref` is already there is left out."""
        insert_rows(self.session, ledger_entries, [
            {"ref": e.ref, "team_code": e.team_code, "kind": str(e.kind), "points": e.points,
             "employee_no": e.employee_no, "on": e.on} for e in entries
        ], key="ref")

    def add_promotions(self, rows: list[dict]) -> None:
        insert_rows(self.session, promotions, rows, key="promotion_id")

    def entries_by_team(self, period: Period, team_code: str | None = None) -> dict[str, list[LedgerEntry]]:
        """The entries that took effect in `period`, by team; one team's only when `team_code` is given."""
        query = select(ledger_entries).where(ledger_entries.c.on.between(period.start, period.end))
        if team_code is not None:
            query = query.where(ledger_entries.c.team_code == team_code)
        by_team: dict[str, list[LedgerEntry]] = defaultdict(list)
        for row in self.session.execute(query):
            by_team[row.team_code].append(LedgerEntry(LedgerKind(row.kind), row.points, row.employee_no,
                                                      row.team_code, row.ref, row.on))
        return by_team
