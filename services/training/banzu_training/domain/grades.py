"""The national five-level vocational skill ladder, lowest first."""
from __future__ import annotations

from enum import Enum
from functools import total_ordering


@total_ordering
class Grade(Enum):
    junior = "junior"
    intermediate = "intermediate"
    senior = "senior"
    technician = "technician"
    senior_technician = "senior_technician"

    @property
    def rank(self) -> int:
        """1 for junior up to 5 for senior technician."""
        return _ORDER.index(self) + 1

    @property
    def label_zh(self) -> str:
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _LABELS[self][1]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Grade):
            return NotImplemented
        return self.rank < other.rank


_ORDER = tuple(Grade)
_LABELS = {
    Grade.junior: ("初级工", "Junior worker"),
    Grade.intermediate: ("中级工", "Intermediate worker"),
    Grade.senior: ("高级工", "Senior worker"),
    Grade.technician: ("技师", "Technician"),
    Grade.senior_technician: ("高级技师", "Senior technician"),
}
