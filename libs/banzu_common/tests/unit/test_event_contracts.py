"""Every type of the event catalogue (docs/events.md) has a contract with exactly its fields, and a
contract reads back what it writes and refuses what breaks it."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from cloudevents.core.formats.json import JSONFormat

from banzu_common.errors import Invalid
from banzu_common.messaging import contracts
from banzu_common.messaging.envelope import Envelope

CATALOGUE = Path(__file__).resolve().parents[4] / "docs" / "events.md"
ROW = re.compile(r"^\| `(banzu\.[a-z_.]+\.v\d+)` \| ([^|]+) \| ([^|]+) \| (.+) \|$")


def catalogue_rows() -> dict[str, list[str]]:
    """type -> its data fields as the table names them (nested objects by their outer name)."""
    rows = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            fields = re.sub(r"\[\{[^]]*\}\]", "", match[4])      # results: [{...}] -> results:
            fields = re.sub(r"\([^)]*\)", "", fields)            # source (`contest`|...) -> source
            rows[match[1]] = [name.strip(" :") for name in fields.split(",")]
    return rows


def test_every_catalogue_type_has_a_contract_with_exactly_its_fields():
    rows = catalogue_rows()
    assert len(rows) == 16, "the table was read"
    assert set(rows) == set(contracts.CATALOGUE), "a type without a contract, or a contract not in the table"
    for type_, fields in rows.items():
        assert set(contracts.CATALOGUE[type_].field_names()) == set(fields), type_


def test_the_nested_results_carry_the_fields_the_table_lists():
    line = next(line for line in CATALOGUE.read_text(encoding="utf-8").splitlines() if "results.published" in line)
    inner = re.search(r"\[\{([^}]*)\}\]", line)[1]
    assert [name.strip() for name in inner.split(",")] == list(contracts.field_types(contracts.ContestResult))


EXAMPLES = [
    contracts.PromotionEarned("p-1", "E1", "T1", "electrician", "senior", "technician", "contest", "c-1",
                              "2026 技能比武", date(2026, 11, 22)),
    contracts.ResultsPublished("c-1", "2026 技能比武", "electrician", date(2026, 11, 22),
                               (contracts.ContestResult("E1", "T1", 1, Decimal("86.40"), "first"),
                                contracts.ContestResult("E2", "T1", 2, Decimal("52.20")))),
    contracts.EnrollmentChanged(7, "SAFE-1", "安全培训", "E1", "enrolled",
                                datetime(2026, 12, 1, 8, tzinfo=timezone.utc),
                                datetime(2026, 12, 1, 12, tzinfo=timezone.utc), "3号教室", "enrolled_from_waitlist"),
    contracts.AttendanceRecorded(7, "SAFE-1", "E1", True, Decimal("4.00"), date(2026, 12, 1)),
    contracts.CredentialIssued("cr-1", "E1", "special_equipment", "N-1", date(2022, 12, 20), None),
    contracts.TeamUpserted("T1", "一车间电工班", "Acme Power"),
]


@pytest.mark.parametrize("event", EXAMPLES, ids=lambda e: e.TYPE)
def test_a_contract_reads_back_what_it_writes_through_a_cloudevent(event):
    envelope = Envelope.of(event, "/banzu/test", "req-1")
    parsed = JSONFormat().read(None, envelope.to_json())  # the official SDK reads it
    assert parsed.get_attributes()["type"] == event.TYPE
    assert parsed.get_attributes()["subject"] == event.subject
    assert Envelope.from_json(envelope.to_json()).contract() == event


def test_a_payload_missing_fields_or_with_wrong_kinds_is_refused_field_by_field():
    data = EXAMPLES[0].to_data()
    del data["effective_on"]
    data["to_grade"] = ""
    with pytest.raises(contracts.ContractError) as caught:
        contracts.PromotionEarned.from_data(data)
    assert set(caught.value.errors) == {"effective_on", "to_grade"}
    assert isinstance(caught.value, Invalid)
    results = EXAMPLES[1].to_data()
    results["results"][1]["rank"] = "2nd"
    with pytest.raises(contracts.ContractError) as caught:
        contracts.ResultsPublished.from_data(results)
    assert list(caught.value.errors) == ["results[1].rank"]
    with pytest.raises(contracts.ContractError):
        contracts.contract_of("banzu.unknown.v1", {})


def test_optional_fields_may_be_absent_and_unknown_fields_are_ignored():
    team = contracts.TeamUpserted.from_data({"code": "T1", "name": "n", "company": "c", "added_later": 1})
    assert team.workshop is None
    instant = EXAMPLES[2].to_data() | {"starts_at": "2026-12-01T08:00:00"}
    with pytest.raises(contracts.ContractError) as caught:
        contracts.EnrollmentChanged.from_data(instant)
    assert list(caught.value.errors) == ["starts_at"], "an instant without an offset is refused"
