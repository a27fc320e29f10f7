"""The scoring sheet: one segment at a time, bibs only. A judge enters and changes their own scores (a reason
with each change), sees the flags on their bibs and signs the segment off; an organizer enters the scores
of measurement segments. The page shows nothing the API does not give a judge: no name, team or number."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask import flash, g, redirect, render_template, request, session, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import LONG_LIST, api, path
from banzu_gateway.web.refusals import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.contests.common import (JUDGE, ORGANIZER, method_label, moment, read_contest,
                                                     refused_page, scores_as_judge)

SHEET_KEY = "sheet_refusals"
MAX_ROWS = 2000


@dataclass
class Sheet:
    contest: dict
    as_judge: bool
    segments: list[dict]  # the segments this user scores
    segment: dict | None = None  # the one shown
    bibs: list[int] = field(default_factory=list)
    scores: dict[int, str] = field(default_factory=dict)  # bib -> this user's score in the segment
    flagged: set[int] = field(default_factory=set)
    missing: set[int] | None = None  # a judge's bibs not scored yet (on a measurement segment, by anyone)
    signed_off_at: str | None = None

    @property
    def editable(self) -> bool:
        return self.segment is not None and self.contest["status"] == "running" and not self.signed_off_at

    @property
    def unscored(self) -> int:
        if self.missing is not None:
            return len(self.missing)
        return sum(1 for bib in self.bibs if bib not in self.scores)

    def scored_elsewhere(self, bib: int) -> bool:
        """A measurement score entered by someone else (the organizer or another judge of the segment),
        which a judge does not see until scoring closes."""
        return self.missing is not None and bib not in self.scores and bib not in self.missing


def read_every(api_path: str, params: dict | None = None) -> list:
    """Every item of a list, page after page (a sheet may be longer than one page of the API)."""
    items, page = [], 1
    while True:
        answer = api().read(api_path, {**(params or {}), "page": page, "per_page": LONG_LIST})
        items += answer["items"]
        if len(items) >= answer["total"] or not answer["items"]:
            return items
        page += 1


def load_sheet(contest_id: str, wanted: str | None) -> Sheet:
    contest = read_contest(contest_id)
    if scores_as_judge():
        own = {row["segment"]: row for row in api().read(path("/contests/{}/progress", contest_id))["judges"]}
        sheet = Sheet(contest, True, [s for s in contest["segments"] if s["code"] in own])
    else:  # the organizer enters the one score per contestant of measurement segments
        own = {}
        sheet = Sheet(contest, False, [s for s in contest["segments"] if s["method"] == "measurement"])
    first = sheet.segments[0] if sheet.segments else None
    sheet.segment = next((s for s in sheet.segments if s["code"] == wanted), first)
    if sheet.segment is None or contest["status"] not in ("running", "closed", "published"):
        return sheet
    code = sheet.segment["code"]
    scores = read_every(path("/contests/{}/scores", contest_id), {"segment": code})
    if sheet.as_judge:
        mine = own[code]
        sheet.bibs = [task["bib"] for task in read_every(path("/contests/{}/assignments", contest_id))
                      if task["segment"] == code]
        # Once scoring is closed a judge may read everyone's scores; the sheet keeps to their own.
        sheet.scores = {row["bib"]: row["score"] for row in scores if row["judge_id"] == mine["judge_id"]}
        sheet.flagged, sheet.signed_off_at = set(mine["flagged"]), mine["signed_off_at"]
        sheet.missing = set(mine["missing"])
    else:
        drawn = api().read(path("/contests/{}/assignments", contest_id), {"per_page": 1})["bibs"]
        sheet.bibs = sorted(row["bib"] for row in drawn)
        sheet.scores = {row["bib"]: row["score"] for row in scores}
    return sheet


@bp.get("/contests/<contest_id>/judging")
@page_for(JUDGE, ORGANIZER)
def contest_judging(contest_id: str):
    return judging_page(load_sheet(contest_id, request.args.get("segment")))


def judging_page(sheet: Sheet, refusal: Refusal | None = None):
    kept = session.get(SHEET_KEY)
    errors, typed = {}, {}
    if kept and sheet.segment and kept.get("contest") == sheet.contest["id"] \
            and kept.get("segment") == sheet.segment["code"] and request.method == "GET":
        session.pop(SHEET_KEY)
        errors, typed = kept["errors"], kept["typed"]
    rows = [{"bib": bib, "score": sheet.scores.get(bib), "flagged": bib in sheet.flagged,
             "elsewhere": sheet.scored_elsewhere(bib),
             "typed": typed.get(str(bib)), "errors": errors.get(str(bib), [])} for bib in sheet.bibs]
    return render_template("contests/judging.html", sheet=sheet, contest=sheet.contest, rows=rows, refusal=refusal,
                           signed_off=moment(sheet.signed_off_at), method_label=method_label,
                           failed=len(errors))


@bp.post("/contests/<contest_id>/judging/<segment>")
@page_for(JUDGE, ORGANIZER)
def enter_scores(contest_id: str, segment: str):
    sheet = load_sheet(contest_id, segment)
    if sheet.segment is None or sheet.segment["code"] != segment:
        raise PageError(404, "not_found")
    errors, typed, saved = {}, {}, 0
    for bib, score, reason in sent_rows():
        current = sheet.scores.get(bib)
        if not score or (current is not None and same_number(score, current)):
            continue  # nothing typed, or the score as it stands: nothing to change
        answer = api().put(path("/contests/{}/scores/{}/{}", contest_id, segment, bib),
                           {"score": plain_number(score), "reason": reason or None})
        if answer.ok:
            saved += 1
            continue
        refusal = refusal_of(answer)
        errors[str(bib)] = [m for messages in refusal.fields.values() for m in messages] or [refusal.summary]
        typed[str(bib)] = [score, reason]
    if errors:
        session[SHEET_KEY] = {"contest": contest_id, "segment": segment, "errors": errors, "typed": typed}
        flash(i18n.translate(g.lang, "scores_partly_saved", saved=saved, failed=len(errors)))
    else:
        flash(i18n.translate(g.lang, "scores_saved", n=saved))
    return redirect(url_for("web.contest_judging", contest_id=contest_id, segment=segment, _anchor="sheet"), code=303)


@bp.post("/contests/<contest_id>/judging/<segment>/signoff")
@page_for(JUDGE)
def sign_off(contest_id: str, segment: str):
    answer = api().post(path("/contests/{}/segments/{}/signoff", contest_id, segment))
    if answer.ok:
        flash("signed_off_done")
        return redirect(url_for("web.contest_judging", contest_id=contest_id, segment=segment), code=303)
    refused_page(answer)
    return judging_page(load_sheet(contest_id, segment), refusal_of(answer)), answer.status


def sent_rows() -> list[tuple[int, str, str]]:
    """(bib, score, reason) of every row of the sheet as sent (`scores-0-bib`, `scores-0-score`, …)."""
    rows = []
    for i in range(MAX_ROWS):
        bib = request.form.get(f"scores-{i}-bib")
        if bib is None:
            break
        if bib.isdigit():
            rows.append((int(bib), request.form.get(f"scores-{i}-score", "").strip(),
                         request.form.get(f"scores-{i}-reason", "").strip()))
    return rows


def plain_number(text: str) -> str:
    """What a tablet's keyboard may type for a number (full-width digits, a decimal comma) as the API reads it."""
    return unicodedata.normalize("NFKC", text).strip().replace(",", ".").replace("。", ".")


def same_number(typed: str, stored: str) -> bool:
    try:
        return Decimal(plain_number(typed)) == Decimal(stored)
    except InvalidOperation:
        return False
