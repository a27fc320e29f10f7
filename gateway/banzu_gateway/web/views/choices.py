"""The choices forms and filters offer, read through the API in the page's language, and the names of
the occupation catalogue every page shows instead of codes."""
from __future__ import annotations

from flask import g

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.web.api_client import api
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.site import bp
from banzu_gateway.web.views.certificates import credential_type_names


def grade_options() -> list[tuple[str, str]]:
    return [(code, grade_label(code, g.lang)) for code in skill_ladder().codes]


def team_options() -> list[tuple[str, str]]:
    return [(team["code"], f"{team['code']} · {team['name']}") for team in api().read_all("/teams")]


def credential_type_labels() -> dict[str, str]:
    """type code -> its name in the page's language (read once a page)."""
    if "credential_type_labels" not in g:
        g.credential_type_labels = {code: names.get(g.lang) or code for code, names in credential_type_names().items()}
    return g.credential_type_labels


def occupation_names() -> dict[str, str]:
    """Occupation code -> its name in the page's language, from the occupation catalogue (read once a
    page; empty when it cannot be read, and the codes are shown)."""
    if "occupation_names" not in g:
        answer = api().get("/occupations")
        items = answer.json().get("items", []) if answer.ok and answer.is_json else []
        g.occupation_names = {item["code"]: (item.get("name") or {}).get(g.lang) or item["code"] for item in items}
    return g.occupation_names


@bp.app_template_filter("occupation_name")
def occupation_label(code: str | None) -> str:
    """The occupation's name in the page's language; a code the catalogue does not hold, as it is."""
    if not code:
        return ""
    return occupation_names().get(code, code)


@bp.app_template_global()
def occupation_options(current: str | None = None) -> list[tuple[str, str]]:
    """The catalogue as a select's (code, name) choices, by name; an occupation a record already names
    that the catalogue lacks stays a choice, so saving the form keeps it."""
    options = sorted(occupation_names().items(), key=lambda item: (item[1].casefold(), item[0]))
    if current and current not in occupation_names():
        options.append((current, current))
    return options
