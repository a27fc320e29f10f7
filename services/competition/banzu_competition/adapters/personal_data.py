"""Where the competition holds a person: its copies of the directory and of their credentials, their
registrations (with the contests), the scores they received — judges shown by role only, as blind
judging requires — and their results."""
from __future__ import annotations

from banzu_common.personal_data import Holding, related

from banzu_competition.adapters.tables import (contestants, contests, credential_copies, directory_workers, results,
                                               score_changes, scores, spread_flags)

# Who judged is not the contestant's to know: the judge, their account and their slot are left out.
JUDGE_COLUMNS = ("judge_id", "entered_by", "changed_by", "slot")
CONTEST_FACTS = ("id", "name", "occupation", "starts_on", "ends_on", "status", "published_on")


def _by_role(row: dict) -> dict:
    return row | {"scored_by": "organizer" if row.get("judge_id") is None else "judge"}


def holdings() -> list[Holding]:
    return [
        Holding("directory_copy", directory_workers, ("employee_no",)),
        Holding("credential_copies", credential_copies, ("employee_no",)),
        Holding("registrations", contestants, ("employee_no",),
                related=(related("contests", contests, "id", "contest_id", CONTEST_FACTS),)),
        Holding("scores_received", scores, ("employee_no",), leave_out=JUDGE_COLUMNS, shown=_by_role),
        Holding("score_changes", score_changes, ("employee_no",), leave_out=JUDGE_COLUMNS, shown=_by_role),
        Holding("spread_reviews", spread_flags, ("employee_no",)),
        Holding("results", results, ("employee_no",)),
    ]
