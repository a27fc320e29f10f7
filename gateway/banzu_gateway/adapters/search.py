"""Free-text search in lists, ignoring case: "contains", "begins with" and "is" over columns, with
`%` and `_` matched literally."""
from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_


def contains_text(columns, text: str) -> ColumnElement[bool]:
    """Rows where any of `columns` contains `text`, ignoring case."""
    return or_(*(func.lower(column).like(f"%{_escaped(text)}%", escape="\\") for column in columns))


def begins_with_text(column, text: str) -> ColumnElement[bool]:
    """Rows where `column` begins with `text`, ignoring case."""
    return func.lower(column).like(f"{_escaped(text)}%", escape="\\")


def same_text(column, text: str) -> ColumnElement[bool]:
    """Rows where `column` is `text`, ignoring case."""
    return func.lower(column) == text.lower()


def _escaped(text: str) -> str:
    return text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
