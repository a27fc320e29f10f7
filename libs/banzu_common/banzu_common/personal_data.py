"""What a part holds about one person, for their right to a copy (PIPL): every row of the part's
tables that names them, in plain JSON. A part lists where a person appears (`Holding`s); the
gateway gathers every part's answer into one ZIP. `GET /api/v1/personal-data/{employee_no}` is for
admins and for that worker."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import Column, FromClause, Table, select
from sqlalchemy.orm import Session

from banzu_common.audit import plain
from banzu_common.auth import self_or_roles_required


@dataclass(frozen=True)
class Holding:
    """Rows of `table` whose `column` is the person (several columns: any of them), shown under `name`.
    `table` may be a subquery of the part's, for rows the person may see only in part or only later."""

    name: str
    table: FromClause
    columns: tuple[str, ...]
    leave_out: tuple[str, ...] = ()  # columns that are not the person's to see (blind judging)
    shown: Callable[[dict], dict] | None = field(default=None, compare=False)  # adds what replaces them
    # what goes with the rows (a credential's reviews, a contest's name): each answers {name: rows}
    related: tuple[Callable[[Session, list[dict]], dict[str, list[dict]]], ...] = field(default=(), compare=False)

    def rows(self, session: Session, employee_no: str) -> list[dict]:
        condition = None
        for name in self.columns:
            column: Column = self.table.c[name]
            condition = column == employee_no if condition is None else condition | (column == employee_no)
        found = session.execute(select(self.table).where(condition)).mappings().all()
        rows = [self.shown(dict(row)) if self.shown else dict(row) for row in found]
        return [{k: plain(v) for k, v in row.items() if k not in self.leave_out} for row in rows]


def related(name: str, table: Table, column: str, key: str, columns: tuple[str, ...] = ()):
    """Rows of `table` whose `column` is the `key` of a holding's rows (a credential's reviews, the
    contests someone entered), shown under `name`; only `columns` when given."""

    def fetch(session: Session, rows: list[dict]) -> dict[str, list[dict]]:
        values = sorted({row[key] for row in rows if row.get(key) is not None})
        if not values:
            return {name: []}
        chosen = [table.c[c] for c in columns] if columns else [table]
        found = session.execute(select(*chosen).where(table.c[column].in_(values))).mappings().all()
        return {name: [{k: plain(v) for k, v in row.items()} for row in found]}

    return fetch


def held_about(session: Session, employee_no: str, holdings: list[Holding]) -> dict[str, list[dict]]:
    answer: dict[str, list[dict]] = {}
    for holding in holdings:
        rows = holding.rows(session, employee_no)
        answer[holding.name] = rows
        for fetch in holding.related:
            answer.update(fetch(session, rows))
    return answer


class PersonalDataSchema(Schema):
    part = fields.String()
    employee_no = fields.String()
    held = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()),
                       metadata={"description": "table name → the rows naming the person"})


def personal_data_blueprint(runtime, holdings: Callable[[], list[Holding]]) -> Blueprint:
    blp = Blueprint("personal_data", __name__, description="A person's own data")

    @blp.route("/personal-data/<employee_no>")
    class PersonalDataResource(MethodView):
        @self_or_roles_required("employee_no")  # admin, or that worker
        @blp.response(200, PersonalDataSchema)
        def get(self, employee_no):
            """Everything this part holds about a person [admin, or that worker]."""
            with runtime.sessions() as session:
                return {"part": runtime.service, "employee_no": employee_no,
                        "held": held_about(session, employee_no, holdings())}

    return blp
