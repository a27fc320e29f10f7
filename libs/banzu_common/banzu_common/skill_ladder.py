"""The skill ladder every part reads (domain.md, "The skill ladder"): a setting, not code.

`BANZU_SKILL_LADDER` names a ladder shipped here (`five_level`, the default, or `eight_level`, 新八级工)
or the path of a TOML file of the same shape (see `ladders/five_level.toml`). Every process of every
part must be started with the same value: grades travel between them as codes.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from banzu_common.errors import Invalid
from banzu_common.rules import Rule

LANGUAGES = ("zh", "en")
DEFAULT_LADDER = "five_level"
_REQUIRED = ("code", "national_level", "zh", "en", "promotion_points")


@dataclass(frozen=True, order=True)
class Grade:
    """One rung; grades compare by `rank` (1 = the lowest)."""

    rank: int
    code: str
    national_level: str
    zh: str
    en: str
    promotion_points: Decimal

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class SkillLadder:
    def __init__(self, name: str, grades: tuple[Grade, ...]):
        self.name = name
        self.grades = grades
        self.codes: tuple[str, ...] = tuple(g.code for g in grades)
        self._by_code = {g.code: g for g in grades}

    def __iter__(self):
        return iter(self.grades)

    def is_grade(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def grade(self, code: str, field_name: str = "grade") -> Grade:
        """The grade with this code; an unknown code is invalid input under `field_name`."""
        try:
            return self._by_code[code]
        except (KeyError, TypeError):
            raise Invalid({field_name: [Rule("one_of", f"Unknown grade {code!r}; expected one of "
                                                       f"{', '.join(self.codes)}.", choices=list(self.codes))]}) from None

    def label(self, code: str | None, lang: str) -> str:
        """The grade's name in `lang`; a code this ladder does not know is shown as it is."""
        grade = self._by_code.get(code or "")
        return grade.label(lang) if grade else (code or "")

    def at_least(self, code: str, minimum: str) -> bool:
        """True when `code` is `minimum` or higher; an unknown grade is never high enough."""
        return self.is_grade(code) and self._by_code[code].rank >= self.grade(minimum).rank

    def is_raise(self, from_grade: str, to_grade: str) -> bool:
        return self.grade(to_grade).rank > self.grade(from_grade).rank

    def after_promotion(self, current: str, promoted_to: str) -> str:
        """The grade once a promotion to `promoted_to` is applied: a promotion never lowers a grade."""
        return promoted_to if self.is_raise(current, promoted_to) else current

    def climb(self, code: str, steps: int, cap: str) -> str:
        """The grade `steps` rungs up, never above `cap`; a grade at or above the cap stays where it is."""
        current, ceiling = self.grade(code).rank, self.grade(cap).rank
        if steps <= 0 or current >= ceiling:
            return code
        return self.grades[min(current + steps, ceiling) - 1].code


def load_ladder(name_or_path: str) -> SkillLadder:
    """A shipped ladder by name, or a TOML file by path; a broken ladder stops the start."""
    shipped = resources.files("banzu_common") / "ladders" / f"{name_or_path}.toml"
    path = shipped if shipped.is_file() else Path(name_or_path)
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("grade", [])
    grades = []
    for rank, entry in enumerate(entries, start=1):
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise ValueError(f"skill ladder {name_or_path}: grade {rank} lacks {', '.join(missing)}")
        grades.append(Grade(rank, entry["code"], entry["national_level"], entry["zh"], entry["en"],
                            Decimal(str(entry["promotion_points"]))))
    if len(grades) < 2 or len({g.code for g in grades}) != len(grades):
        raise ValueError(f"skill ladder {name_or_path}: needs two or more grades with distinct codes")
    return SkillLadder(name_or_path, tuple(grades))


@cache
def _cached(name_or_path: str) -> SkillLadder:
    return load_ladder(name_or_path)


def skill_ladder() -> SkillLadder:
    """The ladder this process runs with (BANZU_SKILL_LADDER)."""
    return _cached(os.environ.get("BANZU_SKILL_LADDER") or DEFAULT_LADDER)
