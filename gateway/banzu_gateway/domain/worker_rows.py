"""One row of a workers import file (api.md, "POST /workers/import"), checked before anything is written."""
from __future__ import annotations

import re
from collections.abc import Mapping

from banzu_common.errors import Invalid
from banzu_common.rules import REQUIRED, Rule, at_most_characters
from banzu_common.text_rules import CODE_FORMAT, control_character_error

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.domain.occupations import OccupationLookup

COLUMNS = ("employee_no", "name", "team_code", "occupation", "grade")

# The same shapes as the single-worker API accepts.
_CODE = re.compile(r"[A-Za-z0-9_.-]{1,40}")
_MAX_LENGTH = {"name": 200, "occupation": 100, "grade": 40}
# HR files often carry the grade's label rather than its code: 高级工, "Senior worker" or senior.
_GRADES = {text.casefold(): g.code for g in skill_ladder() for text in (g.code, g.zh, g.en)}


def parse_worker_row(cells: Mapping[str, str], occupations: OccupationLookup) -> dict[str, str]:
    """The worker a row describes, or Invalid with messages keyed by column. The occupation is one of
    the catalogue's, given by its code or either name (stored as its code).

    Whether the team exists and the employee number is unique in the file is for the caller.
    """
    worker = {column: (cells.get(column) or "").strip() for column in COLUMNS}
    errors: dict[str, list[str]] = {}
    for column, value in worker.items():
        if not value:
            errors[column] = [REQUIRED]
        elif column in ("employee_no", "team_code") and not _CODE.fullmatch(value):
            errors[column] = [CODE_FORMAT]
        elif column in _MAX_LENGTH and len(value) > _MAX_LENGTH[column]:
            errors[column] = [at_most_characters(_MAX_LENGTH[column])]
        elif message := control_character_error(value):  # a cell may hold a line break (Alt+Enter in Excel)
            errors[column] = [message]
    if "grade" not in errors:
        code = _GRADES.get(worker["grade"].casefold())
        if code is None:
            errors["grade"] = [Rule("not_a_grade", f"{worker['grade']!r} is not a grade; use one of "
                                      f"{', '.join(skill_ladder().codes)}", value=worker["grade"],
                                 choices=list(skill_ladder().codes))]
        worker["grade"] = code
    if "occupation" not in errors:
        try:
            worker["occupation"] = occupations.code_for(worker["occupation"])
        except ValueError as unknown:
            errors["occupation"] = [unknown.args[0]]  # its Rule
    if errors:
        raise Invalid(errors)
    return worker
