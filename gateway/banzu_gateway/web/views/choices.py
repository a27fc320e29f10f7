"""The choices HR forms and filters offer, read through the API in the page's language."""
from __future__ import annotations

from flask import g

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.web.api_client import api
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.views.certificates import credential_type_names


def grade_options() -> list[tuple[str, str]]:
    return [(code, grade_label(code, g.lang)) for code in skill_ladder().codes]


def team_options() -> list[tuple[str, str]]:
    return [(team["code"], f"{team['code']} · {team['name']}") for team in api().read_all("/teams")]


def credential_type_labels() -> dict[str, str]:
    """type code -> its name in the page's language."""
    return {code: names.get(g.lang) or code for code, names in credential_type_names().items()}
