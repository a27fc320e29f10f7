"""What a submitted form holds, as the API wants it: stripped text, empty fields left out (the API
says which are required) or null where the API takes null for "none", whole numbers as numbers.
Anything that does not read as what the API wants goes on as typed, so the API's refusal names the field."""
from __future__ import annotations

from flask import request
from werkzeug.datastructures import MultiDict


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


def field_text(form: MultiDict, name: str) -> str | None:
    """One field's stripped text; None when empty."""
    value = form.get(name, "").strip()
    return value or None


def whole(value: str | None) -> int | str | None:
    """`"12"` → 12; other text stays text."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def body_of(form: MultiDict, texts: tuple[str, ...] = (), wholes: tuple[str, ...] = (),
            nullable: tuple[str, ...] = ()) -> dict:
    """`texts` and `wholes` are left out when empty; `nullable` become null when empty."""
    body: dict = {}
    for name in texts:
        if (value := field_text(form, name)) is not None:
            body[name] = value
    for name in wholes:
        if (value := field_text(form, name)) is not None:
            body[name] = whole(value)
    for name in nullable:
        body[name] = field_text(form, name)
    return body
