"""The page language (the remembered choice, else the browser's) and its words (banzu_gateway.translations)."""
from __future__ import annotations

from flask import request

from banzu_common.skill_ladder import LANGUAGES

from banzu_gateway import translations

COOKIE = "banzu_lang"
DEFAULT = translations.DEFAULT_LANGUAGE
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def language() -> str:
    """The language chosen on a page (remembered in a cookie), else the browser's preference, else zh."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT


translate = translations.words_in
translate_plural = translations.plural_words_in
has = translations.has

code_words = translations.code_words
