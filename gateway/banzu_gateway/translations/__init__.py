"""The words people read: one gettext catalogue per language, `<lang>/LC_MESSAGES/messages.po`.

Pages, notices, e-mails, the digest, the files people download and the personal-data summary all take
their words from here. A message id is a stable key (`contest_name`), not English text, so both
languages are translations and a missing one is found by `tests` (see docs/operations.md,
"Translations", for `./banzu translations`: pybabel extract, update and compile).

A plural entry takes its count from `n` (`plural_words_in(lang, "people", 3)`); texts are `str.format`
templates. The compiled `.mo` file is used when it is at least as new as its `.po` file; otherwise the
`.po` file is compiled in memory, so a checkout runs without a build step.
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
DOMAIN = "messages"
FOLDER = Path(__file__).resolve().parent
# The calls whose key `pybabel extract` collects (function:argument; two numbers: a plural entry's key).
KEYWORDS = ("t", "tn:1,1", "translate:2", "translate_plural:2,2", "words_in:2", "plural_words_in:2,2", "N_")


def N_(key: str) -> str:
    """Marks a message id for extraction where it is chosen (gettext_noop); translated where it is shown."""
    return key


def po_file(language: str) -> Path:
    return FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> Translations:
    po = po_file(language)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    with po.open("rb") as source:
        messages = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@cache
def _ids(language: str) -> frozenset[str]:
    """Every message id of a language (plural entries by their singular id)."""
    return frozenset(key if isinstance(key, str) else key[0] for key in catalogue(language)._catalog)


def known_language(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def has(language: str, key: str) -> bool:
    return key in _ids(known_language(language))


def _known_id(language: str, key: str) -> str:
    """`language` if it holds `key`; an id without words is a mistake in the code, not a text to show."""
    language = known_language(language)
    if key not in _ids(language):
        raise KeyError(f"no words for {key!r} in {language}")
    return language


def words_in(language: str, key: str, **values) -> str:
    """The text of `key` in `language` (Chinese when the language is unknown), values filled in."""
    text = catalogue(_known_id(language, key)).gettext(key)
    return text.format(**values) if values else text


def plural_words_in(language: str, key: str, n: int, **values) -> str:
    """The text of a plural entry for the count `n`, by the language's plural rule."""
    n = int(n)  # a count read from a form or a query string may come as text
    return catalogue(_known_id(language, key)).ngettext(key, key, n).format(n=n, **values)


def code_words(language: str, prefix: str, code: str) -> str:
    """The words for a code of a family (`role`, `admin` -> the id "role_admin"); such ids are marked in
    coded.py, since extraction cannot see an id built at run time."""
    key = f"{prefix}_{code}"
    return words_in(language, key)


def words_or_code(language: str, prefix: str, code: str) -> str:
    """The words for a code of a family, or the code itself when the catalogues have none (a code newer
    than them, one a service or a setting added): a list or a file never breaks over a new code."""
    return code_words(language, prefix, code) if has(language, f"{prefix}_{code}") else code
