"""The gateway's own audit trail as one source of the merged trail: its matching entries counted, and
read newest first a batch at a time, each batch on a connection of its own (a download streams for as
long as the client reads, and holds no transaction meanwhile)."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Engine, Table

from banzu_common.audit import AuditFilter, Position, count, read_all


class AuditLog:
    def __init__(self, engine: Engine, table: Table):
        self.engine, self.table = engine, table

    def total(self, wanted: AuditFilter) -> int:
        with self.engine.connect() as connection:
            return connection.execute(count(self.table, wanted)).scalar_one()

    def entries(self, wanted: AuditFilter, before: Position | None, batch: int) -> Iterator[dict]:
        return read_all(self.engine, self.table, wanted, before, batch)
