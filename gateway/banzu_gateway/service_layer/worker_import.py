"""Bulk import of workers from a file: validate every row, then write all or (partial) the good ones.

Built for tens of thousands of rows: rows are checked in Python, the teams and the stored workers
are read in a few queries, and the writes and their directory events go out as bulk statements.
A row equal to the stored worker changes nothing, so a file can be imported again.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from banzu_common.errors import Invalid
from banzu_common.leaving import LEFT
from banzu_common.rules import Rule
from banzu_common.tabular_import import LEFT_COMPANY, twice_in_file

from banzu_gateway.domain.worker_rows import COLUMNS, parse_worker_row
from banzu_gateway.service_layer import directory, occupations
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork


def import_workers(uow: GatewayUnitOfWork, rows: Iterable[tuple[int, dict[str, str]]], *, dry_run: bool, partial: bool,
                   today: date) -> dict:
    errors: list[dict] = []
    valid: dict[str, tuple[int, dict]] = {}  # employee_no -> (row number, worker)
    catalogue = occupations.lookup(uow)
    for number, cells in rows:
        try:
            worker = parse_worker_row(cells, catalogue)
        except Invalid as invalid:
            errors.extend(_row_errors(number, invalid.errors))
            continue
        first = valid.get(worker["employee_no"])
        if first is not None:
            errors.append({"row": number, "field": "employee_no", "message": twice_in_file(first[0])})
            continue
        valid[worker["employee_no"]] = (number, worker)

    teams = directory.teams_by_code(uow, {worker["team_code"] for _, worker in valid.values()})
    for employee_no, (number, worker) in list(valid.items()):
        if worker["team_code"] not in teams:
            errors.append({"row": number, "field": "team_code", "message": Rule(
                "unknown_team", f"there is no team {worker['team_code']!r}", value=worker["team_code"])})
            del valid[employee_no]

    stored = directory.workers_by_no(uow, list(valid))
    for employee_no, (number, worker) in list(valid.items()):
        if employee_no in stored and stored[employee_no]["status"] == LEFT and _differs(stored[employee_no], worker):
            # a leaver's record stays as it was (PATCH /workers says so with 409 worker_left)
            errors.append({"row": number, "field": "employee_no", "message": LEFT_COMPANY})
            del valid[employee_no]
    created = [worker for no, (_, worker) in valid.items() if no not in stored]
    changed = [(stored[no], worker) for no, (_, worker) in valid.items() if no in stored and _differs(stored[no], worker)]
    write = not dry_run and (partial or not errors)
    if write:
        directory.save_workers_in_bulk(uow, created, changed, teams, today)
    errors.sort(key=lambda error: (error["row"], error["field"]))
    return {"created": len(created) if write else 0, "updated": len(changed) if write else 0,
            "unchanged": len(valid) - len(created) - len(changed), "dry_run": dry_run,
            "valid_rows": len(valid), "errors": errors}


def _differs(stored, worker: dict) -> bool:
    return any(stored[column] != worker[column] for column in COLUMNS)


def _row_errors(row: int, errors: dict[str, list[str]]) -> list[dict]:
    return [{"row": row, "field": field, "message": message}
            for field, messages in sorted(errors.items()) for message in messages]
