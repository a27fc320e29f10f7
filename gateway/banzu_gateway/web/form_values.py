"""A form's text as the API's JSON: empty fields left out (the API says which are required) or
null where the API takes null for "none", whole numbers as numbers. Anything that does not read
as what the API wants goes on as typed, so the API's refusal names the field."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict


def filled(form: MultiDict, name: str) -> str | None:
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
        if (value := filled(form, name)) is not None:
            body[name] = value
    for name in wholes:
        if (value := filled(form, name)) is not None:
            body[name] = whole(value)
    for name in nullable:
        body[name] = filled(form, name)
    return body
