"""`?page=&per_page=` (max 500) and the `{items, page, per_page, total}` envelope of api.md."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


def page_of(schema_class: type[Schema], name: str | None = None) -> type[Schema]:
    """The paged response schema for a list of `schema_class` items."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(schema_class)),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "total": fields.Integer(),
    }, name=name or f"{schema_class.__name__.removesuffix('Schema')}Page")


def paged(items, page: int, per_page: int, total: int) -> dict:
    return {"items": list(items), "page": page, "per_page": per_page, "total": total}


def slice_page(rows: list, args: dict) -> dict:
    """Pages an already loaded list (small collections)."""
    start = (args["page"] - 1) * args["per_page"]
    return paged(rows[start:start + args["per_page"]], args["page"], args["per_page"], len(rows))
