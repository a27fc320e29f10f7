"""The gateway's own facts for team assessments, each in one set-based statement: who belonged to
which team on a day (from the membership history) and the promotions and prizes of the ledger."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from datetime import date

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from banzu_common.leaving import present_on

from banzu_gateway.adapters.tables import ledger_entries, memberships, workers
from banzu_gateway.domain.ledger import LedgerKind


class AssessmentFacts:
    """The gateway's facts of a team assessment, read on the unit of work's session."""

    def __init__(self, session: Session):
        self.session = session

    def members_on(self, day: date, team_code: str | None = None) -> dict[str, list[str]]:
        """Team code → the employee numbers of its members on `day`, in order.

        A worker was in the team of their latest move on or before the day; before their first known
        move, in their first team (the rule of `directory.teams_on`, which the ledger follows); a
        worker without any recorded move, in their directory team. A worker who left the company on or
        before the day is in no team.
        """
        known = memberships.c.since <= day
        ranked = select(
            memberships.c.employee_no, memberships.c.team_code,
            func.row_number().over(partition_by=memberships.c.employee_no, order_by=(
                case((known, 0), else_=1), case((known, memberships.c.since)).desc(),
                case((known, memberships.c.id)).desc(), memberships.c.since, memberships.c.id)).label("n"))
        people = select(workers.c.employee_no, workers.c.team_code).where(present_on(workers, day))
        if team_code is not None:  # only workers who were ever in the team
            ever = select(memberships.c.employee_no).where(memberships.c.team_code == team_code)
            ranked = ranked.where(memberships.c.employee_no.in_(ever))
            people = people.where(or_(workers.c.team_code == team_code, workers.c.employee_no.in_(ever)))
        ranked, people = ranked.subquery(), people.subquery()
        team = func.coalesce(ranked.c.team_code, people.c.team_code).label("team_code")
        query = (select(people.c.employee_no, team)
                 .outerjoin(ranked, and_(ranked.c.employee_no == people.c.employee_no, ranked.c.n == 1))
                 .order_by(people.c.employee_no))
        members: dict[str, list[str]] = defaultdict(list)
        for employee_no, code in self.session.execute(query).all():
            if team_code is None or code == team_code:
                members[code].append(employee_no)
        return dict(members)

    def promotions_and_prizes(self, first_day: date, last_day: date,
                              employee_nos: Collection[str] | None = None) -> tuple[set[str], Counter]:
        """Workers promoted at least once between the two days (both included), and prizes per worker
        won in contests published then: the ledger's facts, whichever team they counted for."""
        query = (select(ledger_entries.c.employee_no, ledger_entries.c.kind, func.count())
                 .where(ledger_entries.c.kind.in_([LedgerKind.PROMOTION.value, LedgerKind.PRIZE.value]),
                        ledger_entries.c.on.between(first_day, last_day))
                 .group_by(ledger_entries.c.employee_no, ledger_entries.c.kind))
        if employee_nos is not None:
            query = query.where(ledger_entries.c.employee_no.in_(list(employee_nos)))
        promoted: set[str] = set()
        prizes: Counter = Counter()
        for employee_no, kind, count in self.session.execute(query).all():
            if kind == LedgerKind.PROMOTION.value:
                promoted.add(employee_no)
            else:
                prizes[employee_no] += count
        return promoted, prizes
