"""Where the competition holds a person: its copies of the directory and of their credentials, their
registrations (with the contests), the scores they received — judges shown by role only, as blind
judging requires — and their results.

Blind scoring holds until the results are published: before that, a contest shows only that the person
is registered. Their bib, the scores they received, the judges' reasons for changes, spread reviews and
computed results appear once the contest's results are published, never earlier."""
from __future__ import annotations

from sqlalchemy import case, select

from banzu_common.personal_data import Holding, related

from banzu_competition.adapters.tables import (contestants, contests, credential_copies, directory_workers, results,
                                               score_changes, scores, spread_flags)
from banzu_competition.domain.contest import Status

# Who judged is not the contestant's to know: the judge, their account and their slot are left out.
JUDGE_COLUMNS = ("judge_id", "entered_by", "changed_by", "slot")
CONTEST_FACTS = ("id", "name", "occupation", "starts_on", "ends_on", "status", "published_on")


def _by_role(row: dict) -> dict:
    return row | {"scored_by": "organizer" if row.get("judge_id") is None else "judge"}


def _published(table):
    """`table`'s rows of contests whose results are published, under the table's own name."""
    published = select(contests.c.id).where(contests.c.status == Status.PUBLISHED)
    return select(table).where(table.c.contest_id.in_(published)).subquery(table.name)


def _registrations():
    """Every registration; its bib only once the contest's results are published (judges score by bib)."""
    bib = case((contests.c.status == Status.PUBLISHED, contestants.c.bib)).label("bib")
    chosen = [bib if column.name == "bib" else column for column in contestants.c]
    return (select(*chosen).join_from(contestants, contests, contestants.c.contest_id == contests.c.id)
            .subquery(contestants.name))


def holdings() -> list[Holding]:
    return [
        Holding("directory_copy", directory_workers, ("employee_no",)),
        Holding("credential_copies", credential_copies, ("employee_no",)),
        Holding("registrations", _registrations(), ("employee_no",),
                related=(related("contests", contests, "id", "contest_id", CONTEST_FACTS),)),
        Holding("scores_received", _published(scores), ("employee_no",), leave_out=JUDGE_COLUMNS, shown=_by_role),
        Holding("score_changes", _published(score_changes), ("employee_no",), leave_out=JUDGE_COLUMNS,
                shown=_by_role),
        Holding("spread_reviews", _published(spread_flags), ("employee_no",)),
        Holding("results", _published(results), ("employee_no",)),
    ]
