"""Page numbers from the query string and the numbers shown under a list."""
from __future__ import annotations

import math
from dataclasses import dataclass

MAX_PAGE = 100_000


def page_number(text: str | None) -> int:
    """The requested page; anything that is not a sensible page number means the first."""
    try:
        number = int(text or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


@dataclass(frozen=True)
class Pager:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None
