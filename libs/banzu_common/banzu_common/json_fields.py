"""Schema fields that read JSON as the OpenAPI documents describe it, no looser."""
from __future__ import annotations

from marshmallow import fields


class JsonBoolean(fields.Boolean):
    """`true` or `false` only. marshmallow's Boolean also reads 0, 1, "yes", "on"…, which the documents do
    not allow; its truthy/falsy sets cannot refuse 0 and 1 either, since 0 == False in Python."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
