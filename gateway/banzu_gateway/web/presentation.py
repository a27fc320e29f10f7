"""How states are shown: status colours (always with text), stars, and the words for codes."""
from __future__ import annotations

from banzu_common.skill_ladder import skill_ladder

from banzu_gateway import translations

# How the API marks a part of an aggregated answer that a stopped service could not give.
UNAVAILABLE = "unavailable"
# Colour family per credential status (site.css): valid green, expiring orange, expired or revoked red;
# in the skill matrix also a required certificate not held (red outline) and one not required (muted).
STATUS_TONES = {"valid": "ok", "expiring": "warn", "review_due": "warn", "expired": "bad", "revoked": "bad",
                "superseded": "muted", "missing": "missing", "not_required": "muted"}
# Stars per default rating code; a rating added in the settings shows its label alone.
RATING_STARS = {"five_star": 5, "four_star": 4, "three_star": 3, "needs_improvement": 0}
MAX_STARS = 5


def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "muted")


def stars(rating_code: str) -> tuple[str, int] | None:
    """("★★★☆☆", 3) for a known rating code; None for one the settings added."""
    count = RATING_STARS.get(rating_code)
    if count is None:
        return None
    return "★" * count + "☆" * (MAX_STARS - count), count


def grade_label(code: str | None, lang: str) -> str:
    return skill_ladder().label(code, lang)


def source_label(code: str, lang: str) -> str:
    """A promotion's source in words (`contest` -> 技能竞赛)."""
    return translations.words_or_code(lang, "promotion_source", code)


def indicator_label(code: str, lang: str) -> str:
    """An indicator's name (`compliance` -> 持证上岗率)."""
    return translations.words_or_code(lang, "indicator", code)

