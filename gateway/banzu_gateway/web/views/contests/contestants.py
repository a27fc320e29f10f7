"""Registering contestants, one or many at once (typed or pasted employee numbers, or a CSV file), each with
its outcome in words; once the contest has started, the bib ↔ worker sheet the draw is announced from."""
from __future__ import annotations

import csv
import io
import re

from flask import flash, g, redirect, render_template, request, session, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.refusals import Refusal
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.contests.common import ORGANIZER, SCORING, read_contest, refused_page

# The outcomes of one submission ride in the session cookie to the page that shows them: kept small.
MAX_ROWS = 200
MAX_FILE_BYTES = 256 * 1024
SEPARATORS = re.compile(r"[\s,，、;；]+")
NUMBER_HEADERS = {"employee_no", "工号", "员工编号", "employee no", "employee no."}
OUTCOMES_KEY = "contestant_outcomes"
REGISTERED = "registered"


@bp.route("/contests/<contest_id>/contestants", methods=["GET", "POST"])
@page_for(ORGANIZER)
def contest_contestants(contest_id: str):
    if request.method == "GET":
        return contestants_page(contest_id)
    typed = request.form.get("employee_no", "")
    numbers, problem = wanted_numbers(typed, request.files.get("file"))
    if problem:
        return contestants_page(contest_id, Refusal(i18n.translate(g.lang, "fix_fields"), problem), typed), 422
    key = request.form.get("idempotency_key", "")
    outcomes = []
    for employee_no in numbers:
        # One key per row: the same form sent twice registers each worker once.
        answer = api().post(path("/contests/{}/contestants", contest_id), {"employee_no": employee_no},
                            idempotency_key=f"{key}:{employee_no}" if key else None)
        refused_page(answer)
        outcomes.append([employee_no, REGISTERED if answer.ok else outcome_of(answer)])
    session[OUTCOMES_KEY] = {"contest": contest_id, "rows": outcomes}
    flash(i18n.translate(g.lang, "registered_count", n=sum(1 for _, code in outcomes if code == REGISTERED),
                         total=len(outcomes)))
    return redirect(url_for("web.contest_contestants", contest_id=contest_id, _anchor="outcomes"), code=303)


def outcome_of(answer) -> str:
    """The API's reason (grade_too_low, credential_missing, …), or the field message of a malformed number."""
    problem = answer.problem
    if problem.get("reason"):
        return problem["reason"]
    messages = [m for ms in (problem.get("errors") or {}).values() for m in ms]
    return "invalid_employee_no" if messages else "not_registered"


def wanted_numbers(typed: str, upload) -> tuple[list[str], dict[str, list[str]]]:
    """The employee numbers typed or pasted, then those of the CSV file, each once, in order."""
    numbers = [number for number in SEPARATORS.split(typed) if number]
    if upload is not None and upload.filename:
        content = upload.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            return [], {"file": [i18n.translate(g.lang, "file_too_large", kib=MAX_FILE_BYTES // 1024)]}
        numbers += numbers_in_csv(content)
    numbers = list(dict.fromkeys(numbers))
    if not numbers:
        return [], {"employee_no": [i18n.translate(g.lang, "no_employee_numbers")]}
    if len(numbers) > MAX_ROWS:
        return [], {"employee_no": [i18n.translate(g.lang, "too_many_numbers", n=MAX_ROWS)]}
    return numbers, {}


def numbers_in_csv(content: bytes) -> list[str]:
    """The `employee_no` (or 工号) column, else the first column; UTF-8 (with or without BOM) or GB18030,
    as spreadsheet programs in China save CSV files."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("gb18030", errors="replace")
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((i for i, cell in enumerate(header) if cell in NUMBER_HEADERS), None)
    if column is not None:
        rows = rows[1:]
    return [row[column or 0].strip() for row in rows if len(row) > (column or 0) and row[column or 0].strip()]


def contestants_page(contest_id: str, refusal: Refusal | None = None, typed: str = ""):
    contest = read_contest(contest_id)
    rows = api().read_all(path("/contests/{}/contestants", contest_id))
    drawn = contest["status"] in SCORING
    rows.sort(key=(lambda row: (row["bib"] or 0, row["employee_no"])) if drawn else (lambda row: row["employee_no"]))
    kept = session.get(OUTCOMES_KEY)
    outcomes = None
    if kept and kept.get("contest") == contest_id and request.method == "GET":
        session.pop(OUTCOMES_KEY)
        names = {row["employee_no"]: row["name"] for row in rows}
        outcomes = [{"employee_no": number, "code": code, "name": names.get(number, "") if code == REGISTERED else ""}
                    for number, code in kept["rows"]]
    return render_template("contests/contestants.html", contest=contest, contestants=rows, drawn=drawn,
                           outcomes=outcomes, refusal=refusal, typed=typed, max_rows=MAX_ROWS)
