"""What the training pages share: course titles, sessions as people read them, and refusals that
belong beside a field though the API gives them as a reason."""
from __future__ import annotations

from flask import flash, g

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway.web import i18n, local_time
from banzu_gateway.web.api_client import api
from banzu_gateway.web.charts import month_label
from banzu_gateway.web.presentation import grade_label
from banzu_gateway.web.problems import Refusal
from banzu_gateway.web.site import bp

COURSE_KINDS = ("theory", "practical", "safety", "refresher")
PER_PAGE = 20


def course_titles() -> dict[str, str]:
    return {course["code"]: course["title"] for course in api().read_all("/courses")}


def session_view(session: dict, titles: dict[str, str]) -> dict:
    """The API's session with what a page shows: the course title, whether it started, seats left."""
    return session | {"title": titles.get(session["course_code"], session["course_code"]),
                      "started": local_time.has_passed(session["starts_at"]),
                      "cancelled": session.get("status") == "cancelled"}


def grade_options() -> list[tuple[str, str]]:
    return [(code, grade_label(code, g.lang)) for code in skill_ladder().codes]


def place_reason(refusal: Refusal, fields_by_reason: dict[str, str]) -> Refusal:
    """A conflict the API names by reason (`trainer_busy`) also shown beside the field it is about."""
    name = fields_by_reason.get(refusal.reason or "")
    if name:
        refusal.fields.setdefault(name, []).append(refusal.summary)
    return refusal


def flash_message(key: str, **values) -> None:
    """A notice for the next page, in this page's language with its values filled in."""
    flash(i18n.translate(g.lang, key, **values))


@bp.app_template_filter("course_kind_option")
def course_kind_option(kind: str) -> tuple[str, str]:
    return kind, i18n.code_words(g.lang, "course_kind", kind)


@bp.app_template_filter("type_option")
def type_option(item: tuple[str, dict[str, str]]) -> tuple[str, str]:
    """(code, {"zh": name, "en": name}) of credential_type_names() -> (code, the name in this language)."""
    code, names = item
    return code, names.get(g.lang) or code


@bp.app_template_filter("course_options")
def course_options(courses: list[dict]) -> list[tuple[str, str]]:
    return [(course["code"], f"{course['title']} ({course['code']})") for course in courses]


@bp.app_template_filter("team_option")
def team_option(team: dict) -> tuple[str, str]:
    return team["code"], f"{team['name']} ({team['code']})"


@bp.app_template_filter("month_option")
def month_option(month: int) -> tuple[int, str]:
    return month, month_label(month, g.lang)


@bp.app_template_filter("grade_name")
def grade_name(code: str) -> str:
    return grade_label(code, g.lang)


@bp.app_template_filter("prefixed")
def prefixed(code: str, prefix: str) -> tuple[str, str]:
    """A choice whose label is the catalogue's `<prefix><code>`."""
    return code, i18n.translate(g.lang, prefix + code)


@bp.app_template_filter("rating_option")
def rating_option(rating: int) -> tuple[int, str]:
    return rating, i18n.translate(g.lang, "rating_of", n=rating)
