"""Open Badges 3.0: a holder's certificates and prizes as verifiable credentials (a signed .jwt, or an
.svg image with the credential baked in), the public page where anyone checks such a badge, and the
installation's DID document (did:web) that verifiers read the signing keys from.

The badge files come from the credentials service through the public API as the signed-in holder;
the check is the public `POST /badges/verifications`, its outcome said in words in the page's language.
"""
from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from flask import Response, g, redirect, render_template, request, session, url_for

from banzu_common.config import site_zone

from banzu_gateway.web.api_client import ApiAnswer, api, expect_ok, path
from banzu_gateway.web.problems import Refusal, refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web import i18n

# What a badge file is as it leaves the API: (the API's path suffix, the media type asked for).
BADGE_FORMATS = {"jwt": ("badge", "application/vc+jwt"), "svg": ("badge.svg", "image/svg+xml")}
DID_MEDIA_TYPE = "application/did+json"
# The outcome of a check as a colour family (site.css), always shown with its words.
OUTCOME_TONES = {"valid": "ok", "not_yet_valid": "warn", "foreign": "warn", "revoked": "bad", "expired": "bad",
                 "tampered": "bad", "unreadable": "muted"}
KINDS = ("certificate", "skill_level", "prize")
# Outcomes whose signature proves nothing here: what such a badge says of itself is shown as its own claim.
UNVERIFIED = ("tampered", "foreign")
CHECKED_KEY = "badge_checked"  # the outcome of a check, carried to the page the form's POST redirects to
PASTE_FIELD, FILE_FIELD = "badge", "file"  # the API's names: JSON {"badge": ...}, multipart `file`
FORM_FIELDS = (PASTE_FIELD, FILE_FIELD)
# The answer's fields the result page shows: all the session carries to it.
RESULT_FIELDS = ("outcome", "checked_at", "kind", "achievement", "holder", "issuer", "valid_from", "valid_until",
                 "key_id")


# --- the installation's issuer document (did:web) ------------------------------------------------------

@bp.get("/.well-known/did.json", endpoint="did_document")
@bp.get("/did.json", endpoint="did_document_at_path")  # did:web of a BANZU_PUBLIC_URL with a path
def did_document():
    """The credentials service's issuer document, unchanged; public, as a verifier fetches it."""
    answer = api().get("/badges/issuer", accept=f"{DID_MEDIA_TYPE}, application/json")
    content_type = DID_MEDIA_TYPE if answer.ok else answer.headers.get("Content-Type", "application/problem+json")
    response = Response(answer.content, status=answer.status, content_type=content_type)
    response.headers["Cache-Control"] = answer.headers.get("Cache-Control") if answer.ok and answer.headers.get(
        "Cache-Control") else "no-store"
    if answer.ok:
        response.headers["Access-Control-Allow-Origin"] = "*"  # verifiers in a browser read it too
    return response


# --- a holder's badge files ----------------------------------------------------------------------------

def badge_file(answer: ApiAnswer, fallback_name: str) -> Response:
    """A badge the API sent, passed on as a download (its file name as the API named it)."""
    content = expect_ok(answer)
    response = Response(content, content_type=answer.headers.get("Content-Type", "application/octet-stream"))
    response.headers["Content-Disposition"] = (answer.headers.get("Content-Disposition")
                                               or f'attachment; filename="{fallback_name}"')
    return response


def fetch_badge(owner: str, thing_id: str, extension: str) -> Response:
    """`owner`: "credentials" or "prizes"; the holder's (or HR's) own token asks for it."""
    suffix, media_type = BADGE_FORMATS[extension]
    answer = api().get(path("/{}/{}/" + suffix, owner, thing_id), accept=media_type)
    if answer.status == 409:  # a revoked or superseded certificate has no badge
        raise PageError(409, "badge_withdrawn")
    return badge_file(answer, f"badge.{extension}")


@bp.get("/me/certificates/<credential_id>/badge.<any(jwt, svg):extension>")
@page_for("worker")
def certificate_badge(credential_id: str, extension: str):
    return fetch_badge("credentials", credential_id, extension)


@bp.get("/me/prizes/<prize_id>/badge.<any(jwt, svg):extension>")
@page_for("worker")
def prize_badge(prize_id: str, extension: str):
    return fetch_badge("prizes", prize_id, extension)


def prizes_by_contest(prizes: list[dict]) -> dict[str, dict]:
    """A worker's prizes keyed by contest, to put beside their contest results."""
    return {str(prize["contest_id"]): prize for prize in prizes if prize.get("contest_id") is not None}


def my_prizes() -> dict[str, dict]:
    """The signed-in worker's prizes by contest; none when the credentials service cannot say (the
    contest results still show, without the badge links)."""
    answer = api().get("/prizes/me", {"per_page": 500})
    if not answer.ok or not answer.is_json:
        return {}
    body = answer.json()
    return prizes_by_contest(body.get("items", []) if isinstance(body, dict) else [])


# --- the public check ------------------------------------------------------------------------------------

def _local(value: str | None) -> datetime | None:
    """An ISO instant from the API in the site's zone; None when there is none or it is not one."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(site_zone()) if moment.tzinfo else moment


def instant(value: str | None) -> str | None:
    """An instant as people read it: `2026-03-01 09:30` in the site's zone; anything else as it came."""
    moment = _local(value)
    if moment is None:
        return str(value) if value else None
    return moment.strftime("%Y-%m-%d %H:%M")


def first_day(value: str | None) -> str | None:
    """The start of a badge's validity: the day alone when it starts at the site's midnight (a certificate
    is valid from its issue day on), else the instant."""
    moment = _local(value)
    if moment is None or moment.time() != time.min:
        return instant(value)
    return moment.date().isoformat()


def last_day(value: str | None) -> str | None:
    """The end of a badge's validity: a certificate is valid through its expiry day, so its badge ends at
    the next day's midnight; that reads as the last day it is valid. Any other instant as it is."""
    moment = _local(value)
    if moment is None or moment.time() != time.min:
        return instant(value)
    return (moment.date() - timedelta(days=1)).isoformat()


def outcome_view(result: dict, lang: str) -> dict:
    """What the result page shows of the API's answer: the outcome with its colour, the achievement's
    name in the page's language, the kind, holder, issuer and dates as people read them."""
    outcome = str(result.get("outcome") or "unreadable")
    achievement = result.get("achievement") or {}
    names = [achievement.get("name_en"), achievement.get("name_zh")]
    name = next((n for n in (names if lang == "en" else names[::-1]) if n), None)
    holder = result.get("holder") or {}
    issuer = result.get("issuer") or {}
    kind = result.get("kind")
    return {
        "outcome": outcome, "tone": OUTCOME_TONES.get(outcome, "muted"), "unverified": outcome in UNVERIFIED,
        "kind": kind if kind in KINDS else None, "kind_code": kind,
        "achievement": name, "achievement_type": achievement.get("achievement_type"),
        "holder_name": holder.get("name"), "employee_no": holder.get("employee_no"),
        "issuer_name": issuer.get("name"), "issuer_id": issuer.get("id"),
        "valid_from": first_day(result.get("valid_from")), "valid_until": last_day(result.get("valid_until")),
        "checked_at": instant(result.get("checked_at")), "key_id": result.get("key_id"),
    }


def chosen_badge() -> tuple[str, object] | None:
    """What the form brought: ("file", (stream, name)) for a chosen or dropped file, else ("text", pasted);
    None when it brought neither."""
    upload = request.files.get(FILE_FIELD)
    if upload is not None and upload.filename:
        return "file", (io.BytesIO(upload.read()), upload.filename)
    pasted = request.form.get(PASTE_FIELD, "").strip()
    if pasted:
        return "text", pasted
    return None


def badge_refusal(answer: ApiAnswer) -> Refusal:
    """The API's refusal of a badge (empty, too large, ...) in words, on the form's fields."""
    refusal = refusal_of(answer)
    if answer.status == 413 and not refusal.fields:
        return Refusal(i18n.translate(g.lang, "badge_too_large"), {}, refusal.reason)
    # Messages on anything but the form's two fields are said under the summary on top.
    for name in [name for name in refusal.fields if name not in (*FORM_FIELDS, "body")]:
        refusal.fields.setdefault("body", []).extend(refusal.fields.pop(name))
    return refusal


@bp.route("/verify", methods=["GET", "POST"], endpoint="verify_badge")
def verify_badge():
    """Public: choose, drop or paste a badge; the outcome of the check in words."""
    if request.method == "GET":
        checked = session.pop(CHECKED_KEY, None)
        result = outcome_view(checked, g.lang) if isinstance(checked, dict) else None
        return render_template("badges/verify.html", result=result, refusal=None, pasted="")
    chosen = chosen_badge()
    if chosen is None:
        refusal = Refusal(i18n.translate(g.lang, "badge_choose_or_paste"))
        return render_template("badges/verify.html", result=None, refusal=refusal, pasted=""), 422
    how, badge = chosen
    if how == "file":
        answer = api().post("/badges/verifications", files={FILE_FIELD: badge})
    else:
        answer = api().post("/badges/verifications", {PASTE_FIELD: badge})
    if answer.status in (413, 422):
        pasted = badge if how == "text" else ""
        return render_template("badges/verify.html", result=None, refusal=badge_refusal(answer),
                               pasted=pasted), answer.status
    result = expect_ok(answer)
    if not isinstance(result, dict):
        raise PageError(503, "service_unavailable")
    session[CHECKED_KEY] = {name: result.get(name) for name in RESULT_FIELDS}
    return redirect(url_for("web.verify_badge") + "#result", code=303)
