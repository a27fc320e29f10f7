"""Errors name their rule (api.md 1.2): marshmallow's messages and our rules get codes in one place, and a
problem carries them beside its messages."""
from __future__ import annotations

import copy
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import Flask
from flask_smorest import abort
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, fields, validate
from sqlalchemy import Column, Integer, MetaData, String, Table, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from banzu_common.errors import Conflict, RuleError
from banzu_common.occupation_words import UNKNOWN_OCCUPATION
from banzu_common.problems import register_problem_handlers, unique_field
from banzu_common.rule_codes import code_of, codes_of, marshmallow_code
from banzu_common.rules import Rule
from banzu_common.text_rules import MULTI_LINE, NOT_BLANK, ONE_LINE


class Form(Schema):
    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=[validate.Length(max=40), ONE_LINE, NOT_BLANK])
    note = fields.String(validate=MULTI_LINE)
    score = fields.Decimal(validate=validate.Range(Decimal("0"), Decimal("10.00")))
    weight = fields.Integer(validate=validate.Range(min=0, min_inclusive=False))
    kind = fields.String(validate=validate.OneOf(["theory", "practice"]))
    on = fields.Date(allow_none=False)
    code = fields.String(validate=validate.Regexp("^[A-Z]+$", error=Rule("code_format", "Use A-Z.")))


def refusal(data: dict) -> dict:
    with pytest.raises(ValidationError) as refused:
        Form().load(data)
    return codes_of(refused.value.messages)


def test_marshmallow_messages_get_codes_with_the_values_they_quote():
    assert refusal({"score": "10.5", "weight": 0, "kind": "x", "on": None, "extra": 1, "name": "a" * 41}) == {
        "score": [{"code": "out_of_range", "min": "0", "max": "10.00"}],
        "weight": [{"code": "out_of_range", "min": "0", "min_inclusive": False}],
        "kind": [{"code": "one_of", "choices": ["theory", "practice"]}],
        "on": [{"code": "null"}],
        "extra": [{"code": "unknown_field"}],
        "name": [{"code": "wrong_length", "max": "40"}]}
    assert refusal({"score": "many", "on": "someday"}) == {
        "name": [{"code": "required"}], "score": [{"code": "invalid_type", "type": "number"}],
        "on": [{"code": "invalid_type", "type": "date"}]}


def test_our_validators_name_their_rules_and_keep_their_messages():
    with pytest.raises(ValidationError) as refused:
        Form().load({"name": "two\nlines", "note": "a\tb", "code": "abc"})
    assert refused.value.messages["code"] == ["Use A-Z."]
    assert codes_of(refused.value.messages) == {"name": [{"code": "one_line"}], "note": [{"code": "multi_line"}],
                                                "code": [{"code": "code_format"}]}
    assert refusal({"name": "   "}) == {"name": [{"code": "blank"}]}


def test_a_rule_used_as_a_template_takes_the_values_it_names_but_the_input():
    template = Rule("out_of_range", "must be between {min} and {max}, not {input}")
    said = template.format(min=0, max=Decimal("10.00"), input=11)
    assert (said, code_of(said)) == ("must be between 0 and 10.00, not 11",
                                     {"code": "out_of_range", "min": "0", "max": "10.00"})
    assert code_of(copy.deepcopy(said)) == code_of(said) and said == "must be between 0 and 10.00, not 11"


def test_a_message_of_no_known_rule_is_said_to_be_unnamed():
    assert code_of("something only this service says") == {"code": "invalid"}
    assert marshmallow_code("Must be greater than or equal to nothing, really") is None


@pytest.fixture
def client():
    metadata = MetaData()
    Table("workers", metadata, Column("employee_no", String, primary_key=True))
    Table("contestants", metadata, Column("contest_id", Integer), Column("bib", Integer),
          UniqueConstraint("contest_id", "bib", name="uq_contestants_bib"))
    Table("judges", metadata, Column("id", Integer, primary_key=True), Column("username", String, unique=True))
    app = Flask("rules")
    register_problem_handlers(app, metadata)

    def duplicate(table: str, constraint: str):
        orig = Exception("duplicate key")
        orig.diag = SimpleNamespace(table_name=table, constraint_name=constraint)
        raise IntegrityError("INSERT", {}, orig)

    @app.get("/duplicate/<table>/<constraint>")
    def repeat(table, constraint):
        duplicate(table, constraint)

    @app.get("/rule")
    def rule():
        raise RuleError("unknown_occupation", UNKNOWN_OCCUPATION, field="occupation", reason="unknown_occupation")

    @app.get("/conflict")
    def conflict():
        raise Conflict("capacity_below_enrolled", "12 are enrolled.", enrolled=12, roster=[1, 2])

    @app.get("/form")
    def form():
        try:
            Form(unknown=EXCLUDE).load({"score": "11"})
        except ValidationError as error:  # as webargs hands marshmallow's messages to the problem handler
            abort(422, messages={"json": error.messages})

    return app.test_client()


@pytest.mark.parametrize("table, constraint, field", [
    ("workers", "workers_pkey", "employee_no"), ("contestants", "uq_contestants_bib", "bib"),
    ("judges", "judges_username_key", "username")])
def test_a_repeated_unique_value_names_its_field(client, table, constraint, field):
    answer = client.get(f"/duplicate/{table}/{constraint}")
    assert answer.status_code == 409 and answer.json["reason"] == "conflict"
    assert answer.json["codes"] == {field: [{"code": "duplicate", "field": field}]}
    assert answer.json["errors"][field] and field in answer.json["detail"]


def test_a_constraint_of_no_known_table_still_refuses_without_a_field(client):
    answer = client.get("/duplicate/elsewhere/elsewhere_pkey")
    assert (answer.status_code, answer.json["detail"]) == (409, "This would duplicate or break a unique record.")
    assert answer.json["codes"] == {"_schema": [{"code": "conflict"}]}


def test_problems_carry_codes_beside_their_messages(client):
    rule = client.get("/rule").json
    assert rule["errors"] == {"occupation": ["is not an occupation of the catalogue"]}
    assert (rule["codes"], rule["reason"]) == ({"occupation": [{"code": "unknown_occupation"}]}, "unknown_occupation")
    conflict = client.get("/conflict")
    assert conflict.status_code == 409 and conflict.json["codes"] == {
        "_schema": [{"code": "capacity_below_enrolled", "enrolled": "12"}]}
    form = client.get("/form")
    assert form.status_code == 422 and form.json["errors"]["score"] == [
        "Must be greater than or equal to 0 and less than or equal to 10.00."]
    assert json.loads(form.data)["codes"] == {"score": [{"code": "out_of_range", "min": "0", "max": "10.00"}],
                                              "name": [{"code": "required"}]}


def test_the_field_of_a_unique_constraint_is_its_last_column():
    metadata = MetaData()
    Table("scores", metadata, Column("contest_id", Integer), Column("slot", Integer),
          UniqueConstraint("contest_id", "slot", name="uq_scores_slot"))
    orig = Exception()
    orig.diag = SimpleNamespace(table_name="scores", constraint_name="uq_scores_slot")
    assert unique_field(IntegrityError("", {}, orig), metadata) == "slot"
    assert unique_field(IntegrityError("", {}, Exception()), metadata) is None
