"""Imports of workers and credentials from CSV or XLSX: upload, the dry run's report as a table,
then "import" (all or nothing) or "import the valid rows", with progress while it commits.

The page keeps no state between its steps: the dry run's page carries the uploaded file (base64)
in its two confirmation forms, and the API checks it again when it is sent back. The commit's page
is streamed: its top (the progress) reaches the browser at once and its outcome follows when the
API has answered, so the progress shows without any script.
"""
from __future__ import annotations

import base64
import binascii
import io
from dataclasses import dataclass

from flask import Response, render_template, request, stream_template

from banzu_gateway.web.api_client import ApiAnswer, api, expect_ok
from banzu_gateway.web.problems import field_message, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for

FILE_FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ImportKind:
    name: str  # "workers" or "credentials": the page path and the API's
    title: str  # catalogue keys
    intro: str
    list_endpoint: str  # the list the imported rows land in

    @property
    def api_path(self) -> str:
        return f"/{self.name}/import"


KINDS = {kind.name: kind for kind in (
    ImportKind("workers", "import_workers_title", "import_workers_intro", "web.workers"),
    ImportKind("credentials", "import_credentials_title", "import_credentials_intro", "web.credentials"),
)}


@bp.route("/workers/import", methods=["GET", "POST"], endpoint="import_workers", defaults={"kind": "workers"})
@bp.route("/credentials/import", methods=["GET", "POST"], endpoint="import_credentials",
          defaults={"kind": "credentials"})
@page_for("hr")
def import_page(kind: str):
    chosen = KINDS[kind]
    if request.method == "GET":
        return render_template("imports/upload.html", kind=chosen, refusal=None)
    upload = uploaded_file()
    if upload is None:
        return render_template("imports/upload.html", kind=chosen, refusal=None, missing_file=True), 422
    content, filename = upload
    if request.form.get("dry_run") == "true":
        return dry_run(chosen, content, filename)
    return commit(chosen, content, filename, partial=request.form.get("partial") == "true")


def uploaded_file() -> tuple[bytes, str] | None:
    """The file chosen in the upload form, or the one a report page sends back."""
    chosen = request.files.get("file")
    if chosen is not None and chosen.filename:
        return chosen.read(), chosen.filename
    carried = request.form.get("file_content", "")
    if not carried:
        return None
    try:
        return base64.b64decode(carried, validate=True), request.form.get("file_name", "upload.csv")[:200]
    except (binascii.Error, ValueError):
        raise PageError(400, "bad_request") from None


def send(kind: ImportKind, content: bytes, filename: str, **params) -> ApiAnswer:
    return api().post(kind.api_path, params=params, files={"file": (io.BytesIO(content), filename)},
                      idempotency_key=request.form.get("idempotency_key") or None)


def dry_run(kind: ImportKind, content: bytes, filename: str):
    answer = send(kind, content, filename, dry_run="true")
    if answer.status == 422:  # the file itself is unreadable or lacks a column
        return render_template("imports/upload.html", kind=kind, refusal=refusal_of(answer)), 422
    report = expect_ok(answer)
    return render_template("imports/report.html", kind=kind, report=report, errors=readable(report),
                           file_name=filename, file_content=base64.b64encode(content).decode("ascii"),
                           bad_rows=len({error["row"] for error in report["errors"]}))


def readable(report: dict) -> list[dict]:
    """The report's rows with their messages in the page's language: its `codes` name each error's rule,
    in the same order (a report without them shows the messages as written)."""
    codes = report.get("codes") or []
    return [error | {"message": field_message(error["message"], codes[i] if i < len(codes) else None)}
            for i, error in enumerate(report["errors"])]


def commit(kind: ImportKind, content: bytes, filename: str, partial: bool) -> Response:
    def outcome() -> dict:
        try:
            answer = send(kind, content, filename, partial="true" if partial else "false")
        except PageError as error:  # the page has started: the outcome says what went wrong instead
            return {"report": None, "refusal": None, "error": error.message}
        if answer.ok:
            report = answer.json()
            return {"report": report, "errors": readable(report), "refusal": None, "error": None}
        return {"report": None, "refusal": refusal_of(answer), "error": None}

    return Response(stream_template("imports/progress.html", kind=kind, outcome=outcome, partial=partial,
                                    rows=request.form.get("valid_rows", "")),
                    content_type="text/html; charset=utf-8")


@bp.get("/workers/import/template.<extension>", endpoint="workers_template", defaults={"kind": "workers"})
@bp.get("/credentials/import/template.<extension>", endpoint="credentials_template",
        defaults={"kind": "credentials"})
@page_for("hr")
def import_template(kind: str, extension: str):
    if extension not in FILE_FORMATS:
        raise PageError(404, "not_found")
    answer = api().get(f"/{kind}/import/template", {"format": extension})
    response = Response(expect_ok(answer), content_type=answer.headers["Content-Type"])
    response.headers["Content-Disposition"] = answer.headers.get("Content-Disposition", "attachment")
    return response
