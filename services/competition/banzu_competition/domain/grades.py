"""The national five-level vocational skill ladder, lowest grade first."""
from __future__ import annotations

GRADES: tuple[str, ...] = ("junior", "intermediate", "senior", "technician", "senior_technician")

_INDEX = {code: index for index, code in enumerate(GRADES)}


def is_grade(code: object) -> bool:
    return isinstance(code, str) and code in _INDEX


def grade_index(code: str) -> int:
    """Position on the ladder (junior = 0); raises ValueError for an unknown code."""
    try:
        return _INDEX[code]
    except KeyError:
        raise ValueError(f"unknown grade {code!r}") from None


def at_least(grade: str, minimum: str) -> bool:
    """True when `grade` is `minimum` or higher; an unknown grade is never high enough."""
    return is_grade(grade) and _INDEX[grade] >= grade_index(minimum)


def climb(grade: str, steps: int, cap: str) -> str:
    """The grade `steps` rungs up, never above `cap`; a grade at or above the cap stays where it is."""
    current, ceiling = grade_index(grade), grade_index(cap)
    if steps <= 0 or current >= ceiling:
        return grade
    return GRADES[min(current + steps, ceiling)]
