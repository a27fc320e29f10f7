"""The compliance report (持证上岗率) per team, saying how each rate was computed and which of the
members' occupations have no requirements set, and an occupation's requirements page, where
admins tick the credential types it requires and HR reads them."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import api, expect_ok, path
from banzu_gateway.web.problems import refusal_of
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.choices import credential_type_labels, occupation_label

REPORT_SIZE = 500


def occupation_named(code: str) -> str:
    """The occupation in the page's language with its code beside it (焊工（welder）); the code alone
    while the catalogue does not name it."""
    name = occupation_label(code)
    return name if name == code else i18n.translate(g.lang, "occupation_with_code", name=name, code=code)


def shown(row: dict, labels: dict[str, str]) -> dict:
    """A team's row of `GET /compliance` with what the page says beside the numbers: each missing
    type's name, each unconfigured occupation's name, and how many members were not counted."""
    for person in row["missing"]:
        person["missing_labels"] = [labels.get(code, code) for code in person["missing"]]
    row["unconfigured_shown"] = [{"code": code, "label": occupation_named(code)} for code in row.get("unconfigured", [])]
    row["not_applicable"] = row["workers"] - row.get("applicable", row["workers"])
    return row


def team_compliance(code: str) -> dict | None:
    """One team's row, as shown; None while the credentials service is away."""
    answer = api().get("/compliance", {"team": code})
    if not answer.ok or not answer.json()["items"]:
        return None
    return shown(answer.json()["items"][0], credential_type_labels())


def unconfigured_occupations(report: list[dict]) -> list[dict]:
    """Every occupation without requirements in the report, once, with the teams it appears in."""
    teams: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for row in report:
        for occupation in row["unconfigured_shown"]:
            teams.setdefault(occupation["code"], []).append(row["team_name"])
            labels[occupation["code"]] = occupation["label"]
    return [{"code": code, "label": labels[code], "teams": teams[code]} for code in sorted(teams)]


@bp.get("/compliance")
@page_for("hr")
def compliance():
    team = request.args.get("team", "").strip()
    answer = api().get("/compliance", {"team": team or None, "per_page": REPORT_SIZE})
    if answer.status in (404, 422):
        raise PageError(404, "not_found")
    labels = credential_type_labels()
    names = {t["code"]: t["name"] for t in api().read_all("/teams")}
    report = [shown(row | {"team_name": names.get(row["team_code"], row["team_code"])}, labels)
              for row in expect_ok(answer)["items"]]
    return render_template("credentials/compliance.html", report=report, team=team, teams=names,
                           unconfigured=unconfigured_occupations(report))


def is_admin() -> bool:
    """Only admins change requirements (the API's PUT is [admin]); HR reads them."""
    return "admin" in g.user.roles


@bp.route("/occupations/<code>/requirements", methods=["GET", "POST"])
@page_for("hr")
def occupation_requirements(code: str):
    """GET: the types the occupation requires (read-only for HR). POST [admin]: the ticked types
    replace them (PUT /occupation-requirements/{code}); none ticked means no requirements."""
    refusal, ticked = None, None
    if request.method == "POST":
        if not is_admin():
            raise PageError(403, "forbidden")
        ticked = request.form.getlist("type_codes")
        answer = api().put(path("/occupation-requirements/{}", code), {"type_codes": ticked})
        if answer.ok:
            flash("requirements_saved")
            return redirect(url_for("web.occupation_requirements", code=code), code=303)
        if answer.status == 404:
            raise PageError(404, "not_found")
        refusal = refusal_of(answer)
    stored = api().read(path("/occupation-requirements/{}", code))
    return render_template("credentials/occupation_requirements.html", code=code, occupation=occupation_named(code),
                           required=stored["type_codes"], ticked=stored["type_codes"] if ticked is None else ticked,
                           types=credential_type_labels(), editable=is_admin(),
                           refusal=refusal), 422 if refusal else 200
