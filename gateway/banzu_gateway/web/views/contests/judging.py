"""The scoring sheet: one segment at a time, bibs only. A judge enters and changes their own scores (a reason
with each change of a saved score), sees the flags on their bibs and what they may do about them, and signs
the segment off (which saves the typed scores first); a segment they were withdrawn from is read-only. An
organizer enters the scores of measurement segments. The page shows nothing the API does not give a judge:
no name, team or number."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask import flash, g, redirect, render_template, request, session, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import LONG_LIST, ApiAnswer, api, path
from banzu_gateway.web.problems import Refusal, reason_message, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.contests.common import (JUDGE, ORGANIZER, SCORING, method_label, moment,
                                                     read_contest, refused_page, scores_as_judge)

SHEET_KEY = "sheet_refusals"
MAX_ROWS = 2000
# Refusals about the whole sheet rather than one bib: the rest of the sheet is not sent, and nothing is signed off.
SHEET_REASONS = ("judge_withdrawn", "not_assigned", "score_locked", "not_running")


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
    withdrawn: dict[str, str] = field(default_factory=dict)  # segment code -> when the judge was withdrawn from it

    @property
    def withdrawn_at(self) -> str | None:
        return self.withdrawn.get(self.segment["code"]) if self.segment else None

    @property
    def editable(self) -> bool:
        return self.segment is not None and self.contest["status"] == "running" and not self.signed_off_at \
            and not self.withdrawn_at

    @property
    def unscored(self) -> int:
        if self.missing is not None:
            return len(self.missing)
        return sum(1 for bib in self.bibs if bib not in self.scores)

    def scored_elsewhere(self, bib: int) -> bool:
        """A measurement score entered by someone else (the organizer or another judge of the segment),
        which a judge does not see until scoring closes."""
        return self.missing is not None and bib not in self.scores and bib not in self.missing


@dataclass
class Outcome:
    """What sending a sheet did: scores saved, refusals per bib, what was typed and not saved (by bib), and a
    refusal about the whole sheet that stopped the sending."""

    saved: int = 0
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # bib -> {"score": [...], "reason": [...]}
    typed: dict[str, list[str]] = field(default_factory=dict)  # bib -> [score, reason]
    stopped: str | None = None


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
        sheet = Sheet(contest, True, [s for s in contest["segments"] if s["code"] in own],
                      withdrawn={code: row["withdrawn_at"] for code, row in own.items() if row.get("withdrawn_at")})
    else:  # the organizer enters the one score per contestant of measurement segments
        own = {}
        sheet = Sheet(contest, False, [s for s in contest["segments"] if s["method"] == "measurement"])
    first = sheet.segments[0] if sheet.segments else None
    sheet.segment = next((s for s in sheet.segments if s["code"] == wanted), first)
    if sheet.segment is None or contest["status"] not in SCORING:
        return sheet
    code = sheet.segment["code"]
    if sheet.as_judge and sheet.withdrawn_at:
        # Withdrawn: no bibs to score any more; the scores they entered, as far as the API still lists them.
        answer = api().get(path("/contests/{}/scores", contest_id), {"segment": code, "per_page": LONG_LIST})
        mine = own[code]["judge_id"]
        sheet.scores = {row["bib"]: row["score"] for row in (answer.json()["items"] if answer.ok else [])
                        if row.get("judge_id") == mine}
        sheet.bibs = sorted(sheet.scores)
        return sheet
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
        # Absent contestants (缺考) are not scored: their bibs leave the organizer's sheet as the judges'.
        drawn = read_every(path("/contests/{}/contestants", contest_id))
        sheet.bibs = sorted(row["bib"] for row in drawn if row["bib"] is not None and row["status"] == "registered")
        sheet.scores = {row["bib"]: row["score"] for row in scores}
    return sheet


def sheet_reason(reason: str | None, fallback: str) -> str:
    """A refusal of the competition API as the judge at the sheet reads it."""
    key = f"sheet_reason_{reason}"
    return i18n.translate(g.lang, key) if reason and i18n.has(g.lang, key) else reason_message(reason, fallback)


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
        if kept.get("stopped"):
            refusal = Refusal(sheet_reason(kept["stopped"], i18n.translate(g.lang, "request_refused")),
                              reason=kept["stopped"])
    rows = [{"bib": bib, "score": sheet.scores.get(bib), "flagged": bib in sheet.flagged,
             "elsewhere": sheet.scored_elsewhere(bib), "typed": typed.get(str(bib)),
             "errors": errors.get(str(bib), {})} for bib in sheet.bibs]
    # What was typed and could not be saved, said in words when the sheet can no longer hold it in its fields.
    unsaved = [] if sheet.editable else [
        i18n.translate(g.lang, "typed_bib_score", bib=bib, score=values[0]) for bib, values in typed.items()]
    return render_template("contests/judging.html", sheet=sheet, contest=sheet.contest, rows=rows, refusal=refusal,
                           signed_off=moment(sheet.signed_off_at), withdrawn=moment(sheet.withdrawn_at),
                           method_label=method_label, failed=len(errors), unsaved=unsaved)


def save_sheet(sheet: Sheet) -> Outcome:
    """Sends every row whose score was typed or changed, one PUT each; a refusal about one bib stays with
    that bib, a refusal about the whole sheet (withdrawn, locked, not running) stops the sending. Whatever
    was typed and not saved is kept."""
    outcome = Outcome()
    contest_id, segment = sheet.contest["id"], sheet.segment["code"]
    for bib, score, reason in sent_rows():
        current = sheet.scores.get(bib)
        if not score or (current is not None and same_number(score, current)):
            continue  # nothing typed, or the score as it stands: nothing to change
        if outcome.stopped:
            outcome.typed[str(bib)] = [score, reason]
            continue
        answer = api().put(path("/contests/{}/scores/{}/{}", contest_id, segment, bib),
                           {"score": plain_number(score), "reason": reason or None})
        if answer.ok:
            outcome.saved += 1
            continue
        outcome.typed[str(bib)] = [score, reason]
        if answer.problem.get("reason") in SHEET_REASONS:
            outcome.stopped = answer.problem["reason"]
        else:
            outcome.errors[str(bib)] = row_errors(answer, reason)
    return outcome


def row_errors(answer: ApiAnswer, reason: str) -> dict[str, list[str]]:
    """A refused score as sentences beside its fields: the score's, the reason's (a changed score without
    one), and a refusal about the bib itself (such as a conflict of interest) beside the score."""
    refusal = refusal_of(answer)
    errors = {"score": list(refusal.on("score")), "reason": list(refusal.on("reason"))}
    if errors["reason"] and not reason:
        errors["reason"] = [i18n.translate(g.lang, "reason_needed_for_change")]
    errors["score"] += [m for name, messages in refusal.fields.items() if name not in ("score", "reason")
                        for m in messages]
    if not refusal.fields:
        errors["score"].append(sheet_reason(refusal.reason, refusal.summary))
    return errors


def keep_for_sheet(contest_id: str, segment: str, outcome: Outcome) -> None:
    """What the sheet shows once after the redirect: refusals beside their bibs and the values as typed."""
    session[SHEET_KEY] = {"contest": contest_id, "segment": segment, "errors": outcome.errors,
                          "typed": outcome.typed, "stopped": outcome.stopped}


def sheet_of(contest_id: str, segment: str) -> Sheet:
    sheet = load_sheet(contest_id, segment)
    if sheet.segment is None or sheet.segment["code"] != segment:
        raise PageError(404, "not_found")
    return sheet


def back_to_sheet(contest_id: str, segment: str, anchor: str | None = "sheet"):
    return redirect(url_for("web.contest_judging", contest_id=contest_id, segment=segment, _anchor=anchor), code=303)


@bp.post("/contests/<contest_id>/judging/<segment>")
@page_for(JUDGE, ORGANIZER)
def enter_scores(contest_id: str, segment: str):
    outcome = save_sheet(sheet_of(contest_id, segment))
    if outcome.typed:
        keep_for_sheet(contest_id, segment, outcome)
        flash(i18n.translate(g.lang, "scores_partly_saved", saved=outcome.saved, failed=len(outcome.typed)), "error")
    elif outcome.saved:
        flash(i18n.translate_plural(g.lang, "scores_saved", outcome.saved))
    else:
        flash("nothing_to_save")
    return back_to_sheet(contest_id, segment)


@bp.post("/contests/<contest_id>/judging/<segment>/signoff")
@page_for(JUDGE)
def sign_off(contest_id: str, segment: str):
    """Signing off sends the sheet first: the typed scores are saved, and only when every one of them is
    saved is the segment signed off; otherwise nothing is signed off and the sheet shows why."""
    outcome = save_sheet(sheet_of(contest_id, segment))
    if outcome.typed:
        keep_for_sheet(contest_id, segment, outcome)
        flash(i18n.translate_plural(g.lang, "sign_off_not_done", len(outcome.typed)), "error")
        return back_to_sheet(contest_id, segment)
    answer = api().post(path("/contests/{}/segments/{}/signoff", contest_id, segment))
    if answer.ok:
        flash(i18n.translate_plural(g.lang, "signed_off_after_saving", outcome.saved) if outcome.saved
              else "signed_off_done")
        return back_to_sheet(contest_id, segment, None)
    reason = answer.problem.get("reason")
    if reason in SHEET_REASONS:
        keep_for_sheet(contest_id, segment, Outcome(stopped=reason))
        return back_to_sheet(contest_id, segment)
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
