"""Free-text search in lists: case-insensitive "contains" over a few columns."""
from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_


def contains_text(columns, text: str) -> ColumnElement[bool]:
    """Rows where any of `columns` contains `text`, ignoring case; `%` and `_` are matched literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return or_(*(func.lower(column).like(f"%{escaped}%", escape="\\") for column in columns))
