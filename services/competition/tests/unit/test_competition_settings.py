from decimal import Decimal

import pytest
from competition_fixtures import SEGMENTS, example_settings

from banzu_common.errors import Invalid, NotFound
from banzu_competition.domain import Awards, Method, Promotions, parse_settings


def errors_of(data):
    with pytest.raises(Invalid) as refused:
        parse_settings(data)
    return refused.value.errors


def segment(code, weight, **extra):
    return {"code": code, "name": code, "weight": weight, "max_score": 100, "method": "judgement", **extra}


def test_defaults():
    settings = example_settings()
    assert settings.awards == Awards(Decimal("0.10"), Decimal("0.30"), Decimal("0.60"), Decimal(60))
    assert settings.promotions == Promotions(1, 1, 0, "technician")
    assert settings.min_grade is None and settings.required_credentials == ()
    assert settings.segment("T").method == Method.MEASUREMENT


def test_default_spread_limit_is_a_fifth_of_max_score():
    settings = parse_settings({"segments": [segment("A", 100, max_score=50)]})
    assert settings.segment("A").spread_limit == Decimal(10)
    assert example_settings().segment("P").spread_limit == Decimal(20)


def test_default_tie_break_is_weight_descending_then_code():
    settings = parse_settings({"segments": [segment("B", 30), segment("C", 40), segment("A", 30)]})
    assert settings.tie_break_order == ("C", "A", "B")
    assert example_settings().tie_break_order == ("P", "F", "T")


def test_weights_must_add_up_to_100_within_a_hundredth():
    parse_settings({"segments": [segment("A", "33.33"), segment("B", "33.33"), segment("C", "33.33")]})
    assert "segments" in errors_of({"segments": [segment("A", "33.33"), segment("B", "33.33"), segment("C", "33.32")]})
    assert "segments" in errors_of({"segments": [segment("A", 60), segment("B", 60)]})


def test_segment_rules():
    errors = errors_of({"segments": [
        segment("A", 50, max_score=0),
        segment("A", 50, method="vote"),
        {"code": "", "name": "x", "weight": "abc", "max_score": 10, "method": "judgement"},
        segment("B", 0, max_spread=-1),
    ]})
    assert set(errors) >= {"segments.0.max_score", "segments.1.method", "segments.2.code", "segments.2.weight",
                           "segments.3.weight", "segments.3.max_spread"}
    assert "segments.1.code" in errors_of({"segments": [segment("A", 50), segment("A", 50)]})
    assert "segments" in errors_of({"segments": []})


def test_tie_break_codes_must_exist():
    assert "tie_break" in errors_of({"segments": SEGMENTS, "tie_break": ["P", "X"]})


def test_awards_and_promotions_rules():
    errors = errors_of({"segments": SEGMENTS, "awards": {"first": "1.5", "min_total": 120},
                        "promotions": {"first": -1, "cap": "master"}})
    assert set(errors) == {"awards.first", "awards.min_total", "promotions.first", "promotions.cap"}
    assert "awards" in errors_of({"segments": SEGMENTS, "awards": {"first": "0.5", "second": "0.3"}})


def test_eligibility_settings():
    assert "min_grade" in errors_of({"segments": SEGMENTS, "min_grade": "master"})
    assert "required_credentials" in errors_of({"segments": SEGMENTS, "required_credentials": "special_operation"})


def test_round_trip_through_to_dict():
    settings = example_settings(tie_break=["F"], awards={"first": 0.2}, min_grade="senior",
                                required_credentials=["special_operation"])
    assert parse_settings(settings.to_dict()) == settings
    assert settings.awards.first == Decimal("0.2")


def test_unknown_segment_is_not_found():
    with pytest.raises(NotFound):
        example_settings().segment("X")
