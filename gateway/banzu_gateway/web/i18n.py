"""The page language (the remembered choice, else the browser's) and the message catalogues of messages/."""
from __future__ import annotations

from flask import request

from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway.web.messages import merged_catalogues

COOKIE = "banzu_lang"
DEFAULT = "zh"
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}

MESSAGES = merged_catalogues()


def language() -> str:
    """The language chosen on a page (remembered in a cookie), else the browser's preference, else zh."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


def translate(lang: str, key: str, **values) -> str:
    text = MESSAGES[lang][key]
    return text.format(**values) if values else text


def has(lang: str, key: str) -> bool:
    return key in MESSAGES[lang]
