"""The national five-level vocational skill ladder (domain.md, "The skill ladder")."""
from __future__ import annotations

from dataclasses import dataclass, field

from banzu_common.errors import Invalid

LANGUAGES = ("zh", "en")


@dataclass(frozen=True, order=True)
class Grade:
    """One rung of the ladder; grades compare by `rank` (1 = junior, lowest)."""

    rank: int
    code: str = field(compare=False)
    national_level: str = field(compare=False)
    zh: str = field(compare=False)
    en: str = field(compare=False)

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


LADDER: tuple[Grade, ...] = (
    Grade(1, "junior", "五级", "初级工", "Junior worker"),
    Grade(2, "intermediate", "四级", "中级工", "Intermediate worker"),
    Grade(3, "senior", "三级", "高级工", "Senior worker"),
    Grade(4, "technician", "二级", "技师", "Technician"),
    Grade(5, "senior_technician", "一级", "高级技师", "Senior technician"),
)
GRADE_CODES: tuple[str, ...] = tuple(g.code for g in LADDER)
_BY_CODE = {g.code: g for g in LADDER}


def grade(code: str, field_name: str = "grade") -> Grade:
    """The grade with this code; an unknown code is invalid input under `field_name`."""
    try:
        return _BY_CODE[code]
    except (KeyError, TypeError):
        message = f"Unknown grade {code!r}; expected one of {', '.join(GRADE_CODES)}."
        raise Invalid({field_name: [message]}) from None


def compare(a: str, b: str) -> int:
    """-1, 0 or 1 as grade `a` is below, equal to or above grade `b`."""
    ra, rb = grade(a).rank, grade(b).rank
    return (ra > rb) - (ra < rb)


def is_raise(from_grade: str, to_grade: str) -> bool:
    """True when moving from `from_grade` to `to_grade` climbs the ladder."""
    return compare(to_grade, from_grade) > 0


def after_promotion(current: str, promoted_to: str) -> str:
    """The worker's grade once a promotion to `promoted_to` is applied: a promotion never lowers a grade."""
    return promoted_to if is_raise(current, promoted_to) else current
