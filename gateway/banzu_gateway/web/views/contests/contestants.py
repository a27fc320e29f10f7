"""Registering contestants, one or many at once (found by name, number or team and ticked, typed or pasted
employee numbers, or a CSV file), each with its outcome in words; withdrawing one with a reason (in open the
registration ends, in running they are absent, 缺考); once the contest has started, the bib ↔ worker sheet
the draw is announced from, with each contestant's status."""
from __future__ import annotations

import csv
import io
import re

from flask import flash, g, redirect, render_template, request, session, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api, path
from banzu_gateway.web.people import find_workers
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.problems import Refusal
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.choices import occupation_label
from banzu_gateway.web.views.contests.actions import Refused, refused, stray, unconfirmed
from banzu_gateway.web.views.contests.common import ORGANIZER, SCORING, read_contest, refused_page

# The outcomes of one submission ride in the session cookie to the page that shows them: kept small.
MAX_ROWS = 200
MAX_FILE_BYTES = 256 * 1024
SEPARATORS = re.compile(r"[\s,，、;；]+")
NUMBER_HEADERS = {"employee_no", "工号", "员工编号", "employee no", "employee no."}
OUTCOMES_KEY = "contestant_outcomes"
REGISTERED = "registered"
WITHDRAWABLE = ("open", "running")
FOUND = "found"


@bp.route("/contests/<contest_id>/contestants", methods=["GET", "POST"])
@page_for(ORGANIZER)
def contest_contestants(contest_id: str):
    if request.method == "GET":
        return contestants_page(contest_id)
    picked = request.form.get("form") == FOUND  # ticked among the workers found, else typed or uploaded
    typed = "" if picked else request.form.get("employee_no", "")
    ticked = request.form.getlist("employee_no") if picked else []
    numbers, problem = wanted_numbers("\n".join([typed, *ticked]), None if picked else request.files.get("file"))
    if problem:
        refusal = Refusal(i18n.translate(g.lang, "fix_fields"), problem)
        return contestants_page(contest_id, refusal, typed, refused_form=FOUND if picked else "typed"), 422
    key = request.form.get("idempotency_key", "")
    outcomes = []
    for employee_no in numbers:
        # One key per row: the same form sent twice registers each worker once.
        answer = api().post(path("/contests/{}/contestants", contest_id), {"employee_no": employee_no},
                            idempotency_key=f"{key}:{employee_no}" if key else None)
        refused_page(answer)
        outcomes.append([employee_no, REGISTERED if answer.ok else outcome_of(answer), occupations_of(answer)])
    session[OUTCOMES_KEY] = {"contest": contest_id, "rows": outcomes}
    flash(i18n.translate(g.lang, "registered_count", n=sum(1 for row in outcomes if row[1] == REGISTERED),
                         total=len(outcomes)))
    return redirect(url_for("web.contest_contestants", contest_id=contest_id, _anchor="outcomes"), code=303)


def outcome_of(answer) -> str:
    """The API's reason (grade_too_low, credential_missing, …), or the field message of a malformed number."""
    problem = answer.problem
    if problem.get("reason"):
        return problem["reason"]
    messages = [m for ms in (problem.get("errors") or {}).values() for m in ms]
    return "invalid_employee_no" if messages else "not_registered"


@bp.post("/contests/<contest_id>/contestants/<employee_no>/withdraw")
@page_for(ORGANIZER)
def contestant_withdraw(contest_id: str, employee_no: str):
    form = f"withdraw-{employee_no}"
    waiting = unconfirmed(form, needs_reason=True)
    if waiting:
        return contestants_page(contest_id, action_refusal=waiting), 422
    answer = api().post(path("/contests/{}/contestants/{}/withdraw", contest_id, employee_no),
                        {"reason": request.form["reason"].strip()})
    if answer.ok:
        flash("contestant_absent" if answer.json().get("status") == "absent" else "contestant_withdrawn")
        return redirect(url_for("web.contest_contestants", contest_id=contest_id, _anchor="list-heading"), code=303)
    refused_page(answer)
    return contestants_page(contest_id, action_refusal=refused(form, answer, context="withdraw_contestant")), \
        answer.status


def occupations_of(answer) -> list[str] | None:
    """A refused worker of another occupation: theirs and the contest's, when the API names them."""
    problem = answer.problem
    if problem.get("reason") == "wrong_occupation" and problem.get("occupation") and problem.get("contest_occupation"):
        return [problem["occupation"], problem["contest_occupation"]]
    return None


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


def contestants_page(contest_id: str, refusal: Refusal | None = None, typed: str = "", refused_form: str = "",
                     action_refusal: Refused | None = None):
    contest = read_contest(contest_id)
    rows = api().read_all(path("/contests/{}/contestants", contest_id))
    drawn = contest["status"] in SCORING
    rows.sort(key=(lambda row: (row["bib"] or 0, row["employee_no"])) if drawn else (lambda row: row["employee_no"]))
    kept = session.get(OUTCOMES_KEY)
    outcomes = None
    if kept and kept.get("contest") == contest_id and request.method == "GET":
        session.pop(OUTCOMES_KEY)
        names = {row["employee_no"]: row["name"] for row in rows}
        outcomes = [outcome_row(names, *row) for row in kept["rows"]]
    registering = contest["status"] == "open"
    search = request.values.get("q", "").strip() if registering else ""
    found = find_workers(search) if search else None
    registered = {row["employee_no"] for row in rows if (row.get("status") or REGISTERED) == REGISTERED}
    return render_template("contests/contestants.html", contest=contest, contestants=rows, drawn=drawn,
                           outcomes=outcomes, refusal=refusal, typed=typed, refused_form=refused_form,
                           max_rows=MAX_ROWS, search=search,
                           found=found, registered=registered, action_refusal=action_refusal,
                           withdrawable=contest["status"] in WITHDRAWABLE,
                           stray_refusal=stray(action_refusal, {f"withdraw-{number}" for number in registered}
                                               if contest["status"] in WITHDRAWABLE else set()),
                           occupation=occupation_label(contest["occupation"]), occupation_label=occupation_label,
                           grade_of=lambda code: grade_label(code, g.lang))


def outcome_row(names: dict, number: str, code: str, occupations: list[str] | None = None) -> dict:
    """One number's outcome as the page says it; a worker of another occupation is told which."""
    text = None
    if code == "wrong_occupation" and occupations:
        text = i18n.translate(g.lang, "wrong_occupation_both", worker=occupation_label(occupations[0]),
                              contest=occupation_label(occupations[1]))
    return {"employee_no": number, "code": code, "text": text,
            "name": names.get(number, "") if code == REGISTERED else ""}
