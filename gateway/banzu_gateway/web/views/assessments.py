"""Team assessments (班组考核) and skill matrices (技能矩阵图): every team's assessment for HR, sortable,
with downloads in the page's language; one team's assessment card (on the team page for HR, and on
its own page for HR and the team's leader); a team's skill matrix for HR, trainers and its leader.

Pages for "HR or that team's leader" are open to any signed-in user: the API decides, and a refusal
becomes the friendly 403 page."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import g, render_template, request, url_for

from banzu_gateway.web import i18n
from banzu_gateway.web.api_client import ApiAnswer, api, expect_ok, path, relayed_file
from banzu_gateway.web.pagination import Pager, page_number
from banzu_gateway.web.presentation import grade_label, indicator_label, stars, status_tone
from banzu_gateway.web.site import PageError, bp, page_for
from banzu_gateway.web.views.choices import credential_type_labels, occupation_label

PER_PAGE = 50
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIXED_SORTS = ("score", "name", "team")  # and each indicator's code, which the API's list names
DIRECTIONS = ("desc", "asc")
FILE_FORMATS = ("csv", "xlsx")
STANDINGS = ("valid", "expiring", "review_due", "expired", "missing", "not_required")


def chosen_day() -> tuple[dict[str, str], str | None]:
    """The year and day asked for, as API parameters, and an error key when the year is not one."""
    year = request.args.get("year", "").strip()
    as_of = request.args.get("as_of", "").strip()
    if year and not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        return ({"as_of": as_of} if as_of else {}), "invalid_year"
    return {key: value for key, value in (("year", year), ("as_of", as_of)) if value}, None


def trimmed(text: str | None) -> str | None:
    """A decimal as people write it: "72.00" → "72", "13.33" stays."""
    if text is None:
        return None
    number = Decimal(text)
    return str(int(number)) if number == number.to_integral_value() else text


TARGET_SOURCES = {"plan": "target_from_plan", "setting": "target_from_setting"}


def shown_indicator(indicator: dict, year: int) -> dict:
    """An indicator of the API as the card shows it: label, values in words, where its target came
    from (for those whose target may be the team plan's), the bar's share."""
    unit, reached = indicator["unit"], indicator["reached"]
    source = indicator.get("target_source")
    source_text = None
    if source in TARGET_SOURCES:
        source_text = i18n.translate(g.lang, TARGET_SOURCES[source], year=year)
    elif indicator["target"] is None:
        source_text = i18n.translate(g.lang, "target_unknown")
    return indicator | {
        "label": indicator_label(indicator["code"], g.lang),
        "actual_text": None if indicator["actual"] is None else _value(unit, indicator["actual"]),
        "target_text": "—" if indicator["target"] is None else _value(unit, indicator["target"]),
        "target_source_text": source_text,
        "weight_text": trimmed(indicator["weight"]), "points_text": indicator["points"],
        "share": 0.0 if reached is None else float(reached), "share_text": trimmed(reached),
    }


def _value(unit: str, text: str) -> str:
    return i18n.code_words(g.lang, "value", unit).format(value=trimmed(text))


def rating_bands(bands: list[dict]) -> list[str]:
    """The ratings' thresholds in words, best first: "五星 ≥ 90", …, "待改进 < 70"."""
    texts = []
    for i, band in enumerate(bands):
        if i and i == len(bands) - 1:
            texts.append(i18n.translate(g.lang, "rating_band_below", label=band["label"],
                                        below=trimmed(bands[i - 1]["at_least"])))
        else:
            texts.append(i18n.translate(g.lang, "rating_band_at_least", label=band["label"],
                                        at_least=trimmed(band["at_least"])))
    return texts


def not_assessable_text(body: dict, as_of: str) -> str | None:
    """Why the team gets no score, when it is not assessable."""
    if body.get("assessable", True):
        return None
    if not body["members"]:
        return i18n.translate(g.lang, "not_assessable_no_members", day=as_of)
    return i18n.translate(g.lang, "not_assessable_no_indicator")


def shown_assessment(body: dict, year: int, as_of: str) -> dict:
    return body | {"indicators": [shown_indicator(i, year) for i in body["indicators"]],
                   "stars": stars(body["rating"]) if body["rating"] else None,
                   "not_assessable_text": not_assessable_text(body, as_of),
                   "withheld_parts": [i18n.code_words(g.lang, "part", part) for part in body["unavailable"]]}


def read_for_day(api_path: str, chosen: dict, error: str | None, always: dict) -> tuple[dict, str | None]:
    """The API's answer for the day chosen, or, when the year or day is refused, for the default
    day with the error key to show next to the form (what was typed stays in it)."""
    answer = api().get(api_path, always if error else {**chosen, **always})
    if answer.status == 422:
        error, answer = "invalid_day", api().get(api_path, always)
    return expect_ok(answer), error


def assessment_card(code: str) -> tuple[dict, str | None]:
    """(the team's assessment for the card, for the year and day asked for; error key)."""
    chosen, error = chosen_day()
    body, error = read_for_day(path("/teams/{}/assessment", code), chosen, error, {"lang": g.lang})
    return shown_assessment(body, body["year"], body["as_of"]) | {"bands": rating_bands(body["rating_bands"])}, error


def ledger_explained(scale: dict) -> str:
    """What the team score (积分制) measures, with the scale's own numbers."""
    return i18n.translate(g.lang, "ledger_score_explained", base=trimmed(scale["base"]), low=trimmed(scale["min"]),
                          high=trimmed(scale["max"]))


def ledger_score(code: str, year: int) -> dict | None:
    answer = api().get(path("/teams/{}/score", code), {"period": str(year), "lang": g.lang})
    if not answer.ok:
        return None
    score = answer.json()
    return {"score": score["score"], "rating": score["rating_label"], "stars": stars(score["rating"]),
            "period": score["period"], "explained": ledger_explained(score["scale"]),
            "bands": rating_bands(score["scale"]["ratings"])}


@bp.get("/teams/<code>/assessment")
@page_for()
def team_assessment(code: str):
    card, error = assessment_card(code)
    team = expect_ok(api().get(path("/teams/{}", code)))
    return render_template("assessments/team.html", team=team, card=card, error=error, chosen=request.args,
                           ledger=ledger_score(code, card["year"])), 400 if error else 200


def sort_choice() -> tuple[str, str]:
    """The order asked for: whether the API knows it, it says (in_order)."""
    sort = request.args.get("sort", "score")
    default = "asc" if sort in ("name", "team") else "desc"
    direction = request.args.get("direction", default)
    return sort, direction if direction in DIRECTIONS else default


def in_order(query: dict, sort: str, direction: str) -> tuple[ApiAnswer, str, str]:
    """The API's list of assessments in the order asked for, or best first when it knows no such order
    (the answer, the sort and the direction it is in)."""
    answer = api().get("/assessments", {**query, "sort": sort, "direction": direction})
    if answer.status == 422 and "sort" in (answer.problem.get("errors") or {}):
        sort, direction = "score", "desc"
        answer = api().get("/assessments", {**query, "sort": sort, "direction": direction})
    return answer, sort, direction


@bp.get("/assessments")
@page_for("hr")
def assessments():
    params, error = chosen_day()
    sort, direction = sort_choice()
    page = page_number(request.args.get("page"))
    always = {"page": page, "per_page": PER_PAGE, "lang": g.lang}
    answer, sort, direction = in_order(always if error else {**params, **always}, sort, direction)
    if answer.status == 422:
        error = "invalid_day"
        answer, sort, direction = in_order(always, sort, direction)
    listing = expect_ok(answer)
    indicators = listing["indicators"]
    rows = [shown_assessment(item, listing["year"], listing["as_of"]) for item in listing["items"]]
    kept = {**params, "sort": sort, "direction": direction}
    labels = {"name": i18n.translate(g.lang, "sort_name"), "score": i18n.translate(g.lang, "sort_score"),
              **{code: indicator_label(code, g.lang) for code in indicators}}
    columns = [{"code": code, "label": labels[code], "link": sort_link(params, code, sort, direction),
                "aria_sort": ("ascending" if direction == "asc" else "descending") if code == sort else None}
               for code in ("name", "score", *indicators)]
    return render_template("assessments/list.html", rows=rows, year=listing["year"], as_of=listing["as_of"],
                           pager=Pager(page, PER_PAGE, listing["total"]), kept=kept,
                           bands=rating_bands(listing["rating_bands"]), sort=sort, direction=direction,
                           chosen=request.args, error=error, columns=columns, sorts=[(code, labels.get(code) or
                           i18n.translate(g.lang, "sort_team")) for code in (*FIXED_SORTS, *indicators)]), \
        400 if error else 200


def sort_link(params: dict, column: str, sort: str, direction: str) -> str:
    """The list sorted by `column`: the other way round when it is the current order."""
    default = "asc" if column in ("name", "team") else "desc"
    wanted = ("asc" if direction == "desc" else "desc") if column == sort else default
    return url_for("web.assessments", **params, sort=column, direction=wanted)


@bp.get("/assessments/export.<extension>")
@page_for("hr")
def export_assessments(extension: str):
    if extension not in FILE_FORMATS:
        raise PageError(404, "not_found")
    params, error = chosen_day()
    sort, direction = sort_choice()
    answer, _, _ = in_order({**(params if not error else {}), "format": extension, "lang": g.lang}, sort, direction)
    if error or answer.status == 422:
        raise PageError(400, "invalid_day")
    return relayed_file(answer)


@bp.get("/teams/<code>/skill-matrix")
@page_for()
def skill_matrix(code: str):
    as_of = request.args.get("as_of", "").strip()
    matrix, error = read_for_day(path("/teams/{}/skill-matrix", code), {"as_of": as_of} if as_of else {}, None, {})
    labels = credential_type_labels() if matrix["types"] else {}
    for row in matrix["rows"]:
        row["grade_label"] = grade_label(row["grade"], g.lang)
        row["shown_cells"] = [(type_code, row["cells"].get(type_code, "unknown"),
                               status_tone(row["cells"].get(type_code, "unknown"))) for type_code in matrix["types"]]
    unconfigured = [{"code": code, "label": occupation_label(code)} for code in matrix.get("unconfigured", [])]
    for row in matrix["rows"]:
        row["occupation_label"] = occupation_label(row["occupation"])
    return render_template("assessments/skill_matrix.html", matrix=matrix, error=error, as_of_text=as_of,
                           unconfigured=unconfigured,
                           year=date.fromisoformat(matrix["as_of"]).year,
                           types=[(code, labels.get(code, code)) for code in matrix["types"]],
                           legend=[(status, status_tone(status)) for status in STANDINGS]), 400 if error else 200


@bp.get("/skill-matrices")
@page_for("hr", "trainer")
def skill_matrices():
    page = page_number(request.args.get("page"))
    listing = api().read("/teams", {"page": page, "per_page": PER_PAGE})
    return render_template("assessments/skill_matrices.html", teams=listing["items"],
                           pager=Pager(page, PER_PAGE, listing["total"]))
