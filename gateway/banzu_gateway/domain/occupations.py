"""The occupation catalogue's rules (工种, domain.md "Occupations are master data"): an occupation's code,
its names in both languages, and how a file's cell finds the occupation it names."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from banzu_common.occupation_words import UNKNOWN_OCCUPATION
from banzu_common.rules import Rule
from banzu_common.skill_ladder import LANGUAGES

CODE = re.compile(r"[a-z0-9_]{1,100}")
CODE_MESSAGE = Rule("occupation_code_format", "Use 1-100 lowercase letters, digits or '_'.")
NAME_LENGTH = 200
NAMES_TWO = Rule("ambiguous_occupation", "names more than one occupation of the catalogue; use its code")


def not_in_catalogue(value: str) -> str:
    """The message for a file's cell, which names what it holds."""
    return Rule(UNKNOWN_OCCUPATION.code, f"{value!r} {UNKNOWN_OCCUPATION}", value=value)


class OccupationLookup:
    """Finds the occupation a cell names: its code as stored, else its code, Chinese or English name
    ignoring case and surrounding spaces (HR files often carry 电工 or Electrician rather than the code).
    Built from (code, name_zh, name_en) entries."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]):
        self._codes: set[str] = set()
        self._folded_codes: dict[str, set[str]] = {}
        self._names: dict[str, set[str]] = {}
        for code, *names in entries:
            self._codes.add(code)
            self._folded_codes.setdefault(_folded(code), set()).add(code)
            for name in names:
                self._names.setdefault(_folded(name), set()).add(code)

    def code_for(self, text: str) -> str:
        """The code `text` names (a code before another occupation's name that reads the same);
        ValueError with the message for the cell when it names none or several."""
        if text in self._codes:
            return text
        folded = _folded(text)
        found = self._folded_codes.get(folded) or self._names.get(folded) or set()
        if len(found) == 1:
            return next(iter(found))
        raise ValueError(NAMES_TWO if found else not_in_catalogue(text))


def _folded(text: str) -> str:
    return text.strip().casefold()


def names_of(entry: Mapping) -> dict[str, str]:
    """The `name` of the API ({zh, en}) from a stored entry."""
    return {lang: entry[f"name_{lang}"] for lang in LANGUAGES}
