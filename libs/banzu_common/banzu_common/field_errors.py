"""Collecting every broken field of one input, to refuse it once with all of them (422 per field)."""
from __future__ import annotations

from banzu_common.errors import Invalid


class FieldErrors:
    """`add` what is wrong field by field, then `raise_if_any`: a client sees all its mistakes at once."""

    def __init__(self, detail: str | None = None) -> None:
        self.errors: dict[str, list[str]] = {}
        self.detail = detail

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def add_unless_reported(self, field: str, message: str) -> None:
        """For a later, more general check: a field already reported keeps its first, more precise message."""
        if field not in self.errors:
            self.add(field, message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        if self.errors:
            raise Invalid(self.errors, detail=self.detail)
