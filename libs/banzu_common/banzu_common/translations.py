"""A part's words for people: one gettext catalogue per language, `<folder>/<lang>/LC_MESSAGES/messages.po`
(Babel). A message id is a stable key (`contest_name`), not English text, so every language is a
translation and a missing one is found by the part's tests (`catalogue_findings`); texts are
`str.format` templates, and a plural entry takes its count from `n`.

The compiled `.mo` file is used when it is at least as new as its `.po` file; otherwise the `.po`
file is compiled in memory, so a checkout runs without a build step (`./banzu translations` runs
pybabel extract, update and compile for every part that has a catalogue).
"""
from __future__ import annotations

import io
import re
from functools import cached_property
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
DOMAIN = "messages"
# The calls whose key `pybabel extract` collects (function:argument; two numbers: a plural entry's key).
KEYWORDS = ("t", "tn:1,1", "translate:2", "translate_plural:2,2", "words_in:2", "plural_words_in:2,2", "N_")


def N_(key: str) -> str:
    """Marks a message id for extraction where it is chosen (gettext_noop); translated where it is shown."""
    return key


def known_language(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


class Catalogues:
    """The catalogues of one part, read once per process."""

    def __init__(self, folder: Path):
        self.folder = folder

    def po_file(self, language: str) -> Path:
        return self.folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"

    @cached_property
    def _by_language(self) -> dict[str, Translations]:
        return {language: self._load(language) for language in LANGUAGES}

    @cached_property
    def _ids(self) -> dict[str, frozenset[str]]:
        """Every message id of each language (plural entries by their singular id)."""
        return {language: frozenset(key if isinstance(key, str) else key[0] for key in catalogue._catalog)
                for language, catalogue in self._by_language.items()}

    def _load(self, language: str) -> Translations:
        po = self.po_file(language)
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

    def has(self, language: str, key: str) -> bool:
        return key in self._ids[known_language(language)]

    def _catalogue_holding(self, language: str, key: str) -> Translations:
        """An id without words is a mistake in the code, not a text to show."""
        language = known_language(language)
        if key not in self._ids[language]:
            raise KeyError(f"no words for {key!r} in {language}")
        return self._by_language[language]

    def words_in(self, language: str, key: str, **values) -> str:
        """The text of `key` in `language` (Chinese when the language is unknown), values filled in."""
        text = self._catalogue_holding(language, key).gettext(key)
        return text.format(**values) if values else text

    def plural_words_in(self, language: str, key: str, n: int, **values) -> str:
        """The text of a plural entry for the count `n`, by the language's plural rule."""
        n = int(n)  # a count read from a form or a query string may come as text
        return self._catalogue_holding(language, key).ngettext(key, key, n).format(n=n, **values)

    def code_words(self, language: str, prefix: str, code: str) -> str:
        """The words for a code of a family (`role`, `admin` -> the id "role_admin"); such ids are marked
        with N_ where the family is listed, since extraction cannot see an id built at run time."""
        key = f"{prefix}_{code}"
        return self.words_in(language, key)

    def words_or_code(self, language: str, prefix: str, code: str) -> str:
        """The words for a code of a family, or the code itself when the catalogues have none (a code
        newer than them): a list or a file never breaks over a new code."""
        return self.code_words(language, prefix, code) if self.has(language, f"{prefix}_{code}") else code


def catalogue_findings(catalogues: Catalogues, sources: Path) -> list[str]:
    """What is wrong with a part's catalogues, for its tests: ids used in the code (found as
    `pybabel extract` finds them, with `sources`' babel.cfg and KEYWORDS) without words in a language,
    ids nothing uses, empty words, placeholders that differ between languages or plural forms."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_keywords, parse_mapping_cfg

    held = {}
    for language in LANGUAGES:
        with catalogues.po_file(language).open("rb") as source:
            held[language] = {message.id: message.string for message in read_po(source) if message.id}
    with (sources / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    used = {found[2] for found in extract_from_dir(sources, method_map, options_map, parse_keywords(list(KEYWORDS)))}
    findings = [f"used but without words in {language}: {key}" for language in LANGUAGES
                for key in sorted(used - held[language].keys(), key=str)]
    findings += [f"held but used nowhere: {key}" for key in sorted(held["zh"].keys() - used, key=str)]
    findings += [f"held in zh only or en only: {key}" for key in sorted(held["zh"].keys() ^ held["en"].keys(), key=str)]
    for key in held["zh"].keys() & held["en"].keys():
        forms = [form for language in LANGUAGES
                 for form in ([held[language][key]] if isinstance(held[language][key], str) else held[language][key])]
        if not all(forms):
            findings.append(f"empty words: {key}")
        elif len({frozenset(re.findall(r"{(\w+)}", form)) for form in forms}) != 1:
            findings.append(f"placeholders differ: {key}")
    return findings
