"""What a submitted form holds, as the API wants it: stripped text, empty fields left out or null."""
from __future__ import annotations

from flask import request


def submitted(*names: str) -> dict[str, str]:
    """The named fields of the posted form, stripped (a missing field is empty)."""
    return {name: request.form.get(name, "").strip() for name in names}


def filled(values: dict[str, str]) -> dict[str, str]:
    """Without the empty fields: for a create, where the API says which missing ones it needs."""
    return {name: value for name, value in values.items() if value != ""}


def nullable(values: dict[str, str], *names: str) -> dict:
    """Empty `names` become null: for a change, where an emptied optional field clears it."""
    return {name: (None if name in names and value == "" else value) for name, value in values.items()}


def idempotency_key() -> str | None:
    return request.form.get("idempotency_key") or None
