from decimal import Decimal

import pytest
from banzu_common.errors import Invalid

from banzu_gateway.domain.scoring_settings import (
    default_scoring_settings,
    load_scoring_settings,
    scoring_settings_from_mapping,
)


def test_defaults_are_the_spec_numbers():
    settings = load_scoring_settings()
    assert settings == default_scoring_settings()
    assert (settings.base, settings.minimum, settings.maximum, settings.expiry_penalty) == (70, 0, 100, 3)
    assert dict(settings.promotion_points) == {
        "junior": 0, "intermediate": 2, "senior": 3, "technician": 5, "senior_technician": 8,
    }
    assert dict(settings.prize_points) == {"first": 6, "second": 4, "third": 2}
    assert [(r.code, r.at_least, r.zh) for r in settings.ratings] == [
        ("five_star", 90, "五星"), ("four_star", 80, "四星"), ("three_star", 70, "三星"),
        ("needs_improvement", 0, "待改进"),
    ]


@pytest.mark.parametrize(
    ("score", "rating"),
    [(100, "five_star"), (90, "five_star"), (Decimal("89.99"), "four_star"), (80, "four_star"),
     (79, "three_star"), (70, "three_star"), (Decimal("69.99"), "needs_improvement"), (0, "needs_improvement")],
)
def test_rating_thresholds_are_inclusive(score, rating):
    assert default_scoring_settings().rating_for(Decimal(score)).code == rating


def test_a_site_file_overrides_only_the_keys_it_names(tmp_path):
    path = tmp_path / "scoring.toml"
    path.write_text(
        "[score]\nbase = 60.5\n\n[promotion_points]\nsenior_technician = 10\n\n"
        '[[ratings]]\ncode = "good"\nat_least = 75\nzh = "良好"\nen = "Good"\n\n'
        '[[ratings]]\ncode = "other"\nat_least = 0\nzh = "其他"\nen = "Other"\n',
        encoding="utf-8",
    )
    settings = load_scoring_settings(path)
    assert settings.base == Decimal("60.5")  # read exactly, not as a binary float
    assert settings.maximum == 100 and settings.expiry_penalty == 3
    assert settings.promotion_points["senior_technician"] == 10
    assert settings.promotion_points["senior"] == 3
    assert [r.code for r in settings.ratings] == ["good", "other"]


def test_a_missing_file_is_an_error_not_a_silent_fallback(tmp_path):
    with pytest.raises(FileNotFoundError):
        load_scoring_settings(tmp_path / "absent.toml")


def test_a_file_that_is_not_toml_is_invalid(tmp_path):
    path = tmp_path / "scoring.toml"
    path.write_text("[score\nbase = 1\n", encoding="utf-8")
    with pytest.raises(Invalid) as caught:
        load_scoring_settings(path)
    assert list(caught.value.errors) == ["file"]
    assert str(path) in caught.value.detail


def test_every_broken_rule_is_reported_by_its_dotted_key():
    with pytest.raises(Invalid) as caught:
        scoring_settings_from_mapping({
            "score": {"base": 120, "bonus": 1, "expiry_penalty": -1},
            "promotion_points": {"master": 9, "senior": "three"},
            "prize_points": {"first": True},
            "extra": {},
        })
    errors = caught.value.errors
    assert set(errors) == {
        "score.base", "score.bonus", "score.expiry_penalty", "promotion_points.master",
        "promotion_points.senior", "prize_points.first", "extra",
    }


def test_bounds_must_be_ordered():
    with pytest.raises(Invalid) as caught:
        scoring_settings_from_mapping({"score": {"min": 50, "max": 50}})
    assert "score.max" in caught.value.errors


@pytest.mark.parametrize(
    ("ratings", "key"),
    [
        ([], "ratings"),
        ([{"code": "a", "at_least": 0, "zh": "甲"}], "ratings[0].en"),
        ([{"code": "a", "at_least": 50, "zh": "甲", "en": "A"}], "ratings[0].at_least"),
        ([{"code": "a", "at_least": 50, "zh": "甲", "en": "A"},
          {"code": "b", "at_least": 60, "zh": "乙", "en": "B"}], "ratings[1].at_least"),
        ([{"code": "a", "at_least": 50, "zh": "甲", "en": "A"},
          {"code": "a", "at_least": 0, "zh": "乙", "en": "B"}], "ratings[1].code"),
        ([{"code": "", "at_least": 0, "zh": "甲", "en": "A"}], "ratings[0].code"),
    ],
)
def test_ratings_must_go_best_first_and_cover_every_score(ratings, key):
    with pytest.raises(Invalid) as caught:
        scoring_settings_from_mapping({"ratings": ratings})
    assert key in caught.value.errors
