"""Sessions: trainers schedule them, fill seats and the waitlist, change their time, place and seats
before they start, call one off, and take attendance on one sheet; workers see the upcoming sessions
of their occupation, enrol and cancel themselves."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n, local_time, trail
from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.form_data import body_of, field_text, whole
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.people import choose_people
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import bp, page_for
from banzu_gateway.web.views.training.common import (PER_PAGE, course_titles, flash_message, place_reason,
                                                     session_view)

FILTERS = ("course", "from", "to", "trainer")
# Conflicts about a field of the new session, shown beside it as well as on top.
SCHEDULE_REASONS = {"trainer_busy": "trainer", "location_busy": "location"}
# The same for a change: the trainer stays, so a busy trainer is about the new time.
CHANGE_REASONS = {"trainer_busy": "starts_at", "location_busy": "location", "capacity_below_enrolled": "capacity"}
CHANGEABLE = ("starts_at", "ends_at", "location", "capacity")


@bp.get("/sessions")
@page_for("trainer", "worker")
def sessions():
    page = page_number(request.args.get("page"))
    if g.user.has("trainer"):
        return trainer_sessions(page)
    return worker_sessions(page)


def trainer_sessions(page: int):
    chosen = {name: request.args.get(name, "").strip() for name in FILTERS}
    active = {name: value for name, value in chosen.items() if value}
    answer = api().get("/sessions", active | {"page": page, "per_page": PER_PAGE})
    refusal = refusal_of(answer) if answer.status == 422 else None
    listing = {"items": [], "total": 0} if refusal else expect_ok(answer)
    titles = course_titles()
    return render_template("training/sessions.html", rows=[session_view(s, titles) for s in listing["items"]],
                           pager=Pager(page, PER_PAGE, listing["total"]), chosen=chosen, active=active,
                           titles=titles, refusal=refusal), 400 if refusal else 200


def worker_sessions(page: int):
    me = g.user.employee_no
    worker = api().read(path("/workers/{}", me)) if me else None
    listing = {"items": [], "total": 0}
    claims = {}
    if worker:
        listing = api().read("/sessions", {"occupation": worker["occupation"], "upcoming": "true", "page": page,
                                           "per_page": PER_PAGE})
        claims = {row["session_id"]: row for row in
                  api().read_all(path("/workers/{}/enrollments", me), {"upcoming": "true"})}
    titles = course_titles()
    return render_template("training/sessions_worker.html", worker=worker,
                           rows=[session_view(s, titles) for s in listing["items"]], claims=claims,
                           pager=Pager(page, PER_PAGE, listing["total"]))


@bp.route("/sessions/new", methods=["GET", "POST"])
@page_for("trainer")
def session_new():
    courses = api().read_all("/courses")
    if request.method == "GET":
        return render_template("training/session_new.html", courses=courses, typed={"course_code": request.args.get(
            "course", "")}, refusal=None)
    body = body_of(request.form, texts=("course_code", "location", "trainer"), wholes=("capacity",))
    for name in ("starts_at", "ends_at"):
        if (typed := field_text(request.form, name)) is not None:
            body[name] = local_time.to_api(typed)
    answer = api().post("/sessions", body, idempotency_key=request.form.get("idempotency_key"))
    if not answer.ok:
        refusal = place_reason(refusal_of(answer), SCHEDULE_REASONS)
        return render_template("training/session_new.html", courses=courses, typed=request.form,
                               refusal=refusal), answer.status
    flash("session_scheduled")
    return redirect(url_for("web.session", session_id=answer.json()["id"]), code=303)


@bp.get("/sessions/<int:session_id>")
@page_for("trainer", "worker")
def session(session_id: int):
    return render_session(session_id)


def render_session(session_id: int, refusal=None, typed=None, status: int = 200, matches: dict | None = None):
    found = api().read(path("/sessions/{}", session_id))
    course = api().read(path("/courses/{}", found["course_code"]))
    shown = session_view(found, {course["code"]: course["title"]})
    if g.user.has("trainer"):
        roster = api().read_all(path("/sessions/{}/enrollments", session_id))
        changes = trail.history("training", ("history_session_all", {"kind": "session", "id": str(session_id)}),
                                ("history_session_parts", {"id_prefix": f"{session_id}/"}))
        return render_template("training/session.html", session=shown, course=course, roster=roster,
                               enrolled=[r for r in roster if r["status"] == "enrolled"],
                               waitlist=[r for r in roster if r["status"] == "waitlisted"],
                               refusal=refusal, typed=typed or {}, change=change_form(found, typed or {}),
                               matches=matches or {},
                               history=changes), status
    mine = None
    if g.user.employee_no:
        answer = api().get(path("/sessions/{}/enrollments/{}", session_id, g.user.employee_no))
        mine = None if answer.status == 404 else expect_ok(answer)
    return render_template("training/session_worker.html", session=shown, course=course, mine=mine,
                           refusal=refusal), status


@bp.post("/sessions/<int:session_id>/enrollments")
@page_for("trainer", "worker")
def session_enrol(session_id: int):
    body = {"employee_no": g.user.employee_no}
    if g.user.has("trainer"):
        body, matches, unchosen = choose_people(request.form, "employee_no")
        if unchosen:
            return render_session(session_id, unchosen, request.form, 422, matches)
    answer = api().post(path("/sessions/{}/enrollments", session_id), body)
    if not answer.ok:
        return render_session(session_id, refusal_of(answer), request.form, answer.status)
    claim = answer.json()
    if claim["status"] == "waitlisted":
        flash_message("enrol_waitlisted", who=claim["employee_no"], position=claim["position"])
    else:
        flash_message("enrol_done", who=claim["employee_no"])
    return redirect(url_for("web.session", session_id=session_id), code=303)


@bp.post("/sessions/<int:session_id>/enrollments/<employee_no>/cancel")
@page_for("trainer", "worker")
def enrollment_cancel(session_id: int, employee_no: str):
    answer = api().delete(path("/sessions/{}/enrollments/{}", session_id, employee_no))
    if not answer.ok:
        return render_session(session_id, refusal_of(answer), None, answer.status)
    promoted = answer.json().get("promoted")
    flash_message("enrollment_cancelled", who=employee_no)
    if promoted:
        flash_message("waitlist_moved_up", who=promoted)
    return redirect(url_for("web.session", session_id=session_id), code=303)


def change_form(found: dict, typed) -> dict[str, str]:
    """The change form's values: the session as it stands, or what was typed into this form."""
    current = {"starts_at": local_time.for_input(found["starts_at"]), "ends_at": local_time.for_input(found["ends_at"]),
               "location": found["location"], "capacity": str(found["capacity"])}
    return {name: typed.get(name, value) for name, value in current.items()}


@bp.post("/sessions/<int:session_id>/edit")
@page_for("trainer")
def session_edit(session_id: int):
    """Sends only what differs from the session as it stands, so an unchanged time is no move."""
    found = api().read(path("/sessions/{}", session_id))
    current = change_form(found, {})
    body = {name: request.form[name].strip() for name in CHANGEABLE
            if name in request.form and request.form[name].strip() != current[name]}
    for name in ("starts_at", "ends_at"):
        if body.get(name):
            body[name] = local_time.to_api(body[name])
    if "capacity" in body:
        body["capacity"] = whole(body["capacity"])
    if not body:
        flash_message("session_unchanged")
        return redirect(url_for("web.session", session_id=session_id), code=303)
    answer = api().patch(path("/sessions/{}", session_id), body)
    if not answer.ok:
        return render_session(session_id, change_refusal(answer), request.form, answer.status)
    changed = answer.json()
    flash_message("session_changed")
    if changed["enrolled_from_waitlist"]:
        flash_message("waitlist_seated", who=named(session_id, changed["enrolled_from_waitlist"]))
    if body.keys() & {"starts_at", "ends_at", "location"} and (told := changed["enrolled"] + changed["waitlisted"]):
        flash(i18n.translate_plural(g.lang, "session_moved_told", told))  # those just seated hear of it with their seat
    return redirect(url_for("web.session", session_id=session_id), code=303)


def named(session_id: int, numbers: list[str]) -> str:
    """Those just seated as the trainer knows them: each name with the number beside it (the number alone
    when the roster does not name them)."""
    names = {r["employee_no"]: r.get("name") for r in api().read_all(path("/sessions/{}/enrollments", session_id))}
    return ("、" if g.lang == "zh" else ", ").join(
        i18n.translate(g.lang, "person_with_number", name=names[n], number=n) if names.get(n) else n for n in numbers)


def change_refusal(answer) -> Refusal:
    """The API's refusal of a change, said for this form: a started session, the seats taken."""
    refusal = refusal_of(answer)
    if refusal.reason == "session_started":
        refusal.summary = i18n.translate(g.lang, "session_change_started")
    elif refusal.reason == "capacity_below_enrolled":
        refusal.summary = i18n.translate(g.lang, "session_change_below_enrolled",
                                         enrolled=answer.problem.get("enrolled", "?"))
    return place_reason(refusal, CHANGE_REASONS)


@bp.post("/sessions/<int:session_id>/cancel")
@page_for("trainer")
def session_cancel(session_id: int):
    answer = api().post(path("/sessions/{}/cancel", session_id), body_of(request.form, texts=("reason",)))
    if not answer.ok:
        return render_session(session_id, refusal_of(answer), request.form, answer.status)
    flash(i18n.translate_plural(g.lang, "session_cancelled_notice", len(answer.json()["cancelled_enrollments"])))
    return redirect(url_for("web.session", session_id=session_id), code=303)


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
@page_for("trainer")
def attendance(session_id: int):
    found = api().read(path("/sessions/{}", session_id))
    course = api().read(path("/courses/{}", found["course_code"]))
    shown = session_view(found, {course["code"]: course["title"]})
    seated = [r for r in api().read_all(path("/sessions/{}/enrollments", session_id)) if r["status"] == "enrolled"]
    recorded = {r["employee_no"]: r for r in api().read(path("/sessions/{}/attendance", session_id))["records"]}
    refusal, status = None, 200
    if request.method == "POST":
        answer = api().post(path("/sessions/{}/attendance", session_id), {"records": marks_of(request.form)})
        if answer.ok:
            flash("attendance_saved")
            return redirect(url_for("web.attendance", session_id=session_id), code=303)
        refusal, status = refusal_of(answer), answer.status
    rows = [sheet_row(i, worker, recorded.get(worker["employee_no"]), found, request.form if refusal else None)
            for i, worker in enumerate(seated)]
    return render_template("training/attendance.html", session=shown, course=course, rows=rows,
                           refusal=refusal), status


def sheet_row(i: int, worker: dict, record: dict | None, found: dict, typed) -> dict:
    """One worker's line: what was typed (after a refusal), else the record, else the defaults
    (present, hours by the rounding rule)."""
    prefix = f"records-{i}-"
    if typed is not None:
        present = typed.get(prefix + "present")
        hours, score = typed.get(prefix + "hours", ""), typed.get(prefix + "score", "")
    elif record is not None:
        present = "true" if record["present"] else "false"
        hours = record["hours"] if record["present"] else found["credited_hours"]
        score = record["score"] or ""
    else:
        present, hours, score = "true", found["credited_hours"], ""
    return {"index": i, "prefix": prefix, "employee_no": worker["employee_no"], "name": worker.get("name"),
            "present": present, "hours": hours, "score": score, "record": record}


def marks_of(form) -> list[dict]:
    """The sheet's rows as the API's records; an absent worker is sent without hours or score."""
    marks = []
    i = 0
    while (employee_no := form.get(f"records-{i}-employee_no")) is not None:
        prefix = f"records-{i}-"
        present = {"true": True, "false": False}.get(form.get(prefix + "present", ""))
        mark = {"employee_no": employee_no, "present": present}
        if present is not False:
            hours, score = field_text(form, prefix + "hours"), field_text(form, prefix + "score")
            if hours is not None:
                mark["hours"] = hours
            if score is not None:
                mark["score"] = score
        marks.append(mark)
        i += 1
    return marks
