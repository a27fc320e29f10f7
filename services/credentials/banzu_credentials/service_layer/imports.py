"""Bulk import of credentials from a file: validate every row, then write all or (partial) the good ones.

A credential is never changed by an import (a certificate is renewed, not edited): a row identical
to a stored credential is skipped, so a file can be imported again; a row whose number belongs to
another credential is an error. `updated` is therefore always 0 and kept for the shared report shape.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from banzu_common.errors import Invalid
from banzu_common.leaving import LEFT, has_left
from banzu_common.tabular_import import LEFT_COMPANY, row_errors, twice_in_file

from banzu_credentials.adapters import directory
from banzu_credentials.domain import IssueCredential, expiry_and_review, parse_credential_row
from banzu_credentials.service_layer import credentials as handlers
from banzu_credentials.service_layer.credentials import unknown_worker
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork


def import_credentials(uow: CredentialsUnitOfWork, rows: Iterable[tuple[int, dict[str, str]]], *, dry_run: bool,
                       partial: bool, today: date) -> dict:
    types = uow.types.all()
    errors: list[dict] = []
    commands: list[tuple[int, IssueCredential]] = []
    for number, cells in rows:
        try:
            commands.append((number, parse_credential_row(cells, types, today)))
        except Invalid as invalid:
            errors.extend(row_errors(number, invalid.errors))
    known = directory.known_workers(uow.session, {c.employee_no for _, c in commands})
    leaving = directory.leaving_days(uow.session, known)
    stored = uow.credentials.numbers_taken({c.number for _, c in commands})
    seen: set[str] = set()
    to_issue = []
    for number, command in commands:
        refused = {}
        if command.employee_no not in known:
            refused["employee_no"] = [unknown_worker(command.employee_no)]
        elif (command.number not in stored and command.employee_no in leaving
              and has_left(LEFT, leaving[command.employee_no], command.issued_on)):
            refused["employee_no"] = [LEFT_COMPANY]  # a row already recorded is history
        if command.number in seen:
            refused["number"] = [twice_in_file()]
        elif command.number in stored and not _same(stored[command.number], command, types):
            refused["number"] = [handlers.NUMBER_TAKEN]
        seen.add(command.number)
        if refused:
            errors.extend(row_errors(number, refused))
        elif command.number not in stored:
            to_issue.append(command)
    write = not dry_run and (partial or not errors)
    if write:
        for command in to_issue:
            handlers.issue(uow, command, today=today, require_worker=False)
    return {"created": len(to_issue) if write else 0, "updated": 0, "dry_run": dry_run,
            "valid_rows": len(to_issue), "errors": errors}


def _same(stored, command: IssueCredential, types) -> bool:
    # The last review is not compared: reviews recorded since the first import move it on.
    expires_on, _ = expiry_and_review(types[command.type_code], command.issued_on, command.expires_on)
    return (stored.employee_no, stored.type_code, stored.issuer, stored.issued_on, stored.expires_on) == (
        command.employee_no, command.type_code, command.issuer, command.issued_on, expires_on)
