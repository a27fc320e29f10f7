from decimal import Decimal

import pytest
from banzu_common.errors import Invalid

from banzu_training.domain import CourseKind
from training_builders import course


def test_a_valid_course_keeps_exact_values():
    c = course(hours=7.5, pass_score="60", kind="refresher", credential_type="special_equipment")
    assert c.hours == Decimal("7.5") and isinstance(c.hours, Decimal)
    assert c.pass_score == Decimal(60)
    assert c.kind is CourseKind.refresher


@pytest.mark.parametrize("field, value", [
    ("code", ""), ("code", "   "), ("code", "x" * 65), ("code", None), ("code", "A\x00"),
    ("title", ""), ("title", 5), ("occupation", ""),
    ("hours", 0), ("hours", -1), ("hours", "abc"), ("hours", True), ("hours", "NaN"), ("hours", 1001),
    ("hours", "1.234"),
    ("kind", "lecture"), ("kind", None),
    ("pass_score", -1), ("pass_score", 100.5), ("pass_score", "x"),
    ("credential_type", ""),
])
def test_each_broken_field_is_reported_by_name(field, value):
    with pytest.raises(Invalid) as refused:
        course(**{field: value})
    assert list(refused.value.errors) == [field]


def test_all_broken_fields_are_reported_together():
    with pytest.raises(Invalid) as refused:
        course(code="", hours=0, kind="x")
    assert set(refused.value.errors) == {"code", "hours", "kind"}


def test_only_a_refresher_renews_its_credential_type():
    assert course(kind="refresher", credential_type="special_operation").renews("special_operation")
    assert not course(kind="refresher", credential_type="special_operation").renews("special_equipment")
    assert not course(kind="safety", credential_type="special_operation").renews("special_operation")


def test_passing():
    assert course().is_passed_with(None)
    with_mark = course(pass_score=60)
    assert with_mark.is_passed_with(Decimal(60))
    assert not with_mark.is_passed_with(Decimal("59.99"))
    assert not with_mark.is_passed_with(None)
