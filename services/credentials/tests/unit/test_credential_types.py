import pytest

from banzu_common.errors import Invalid
from banzu_credentials.domain import DEFAULT_CREDENTIAL_TYPES, new_credential_type


def test_defaults_follow_the_spec_table():
    by_code = {t.code: t for t in DEFAULT_CREDENTIAL_TYPES}
    rows = {
        code: (t.validity_months, t.review_months, t.reminder_days) for code, t in by_code.items()
    }
    assert rows == {
        "special_operation": (72, 36, (90, 30, 7)),
        "special_equipment": (48, None, (90, 30, 7)),
        "skill_level": (None, None, ()),
        "post_qualification": (24, None, (30, 7)),
    }
    assert by_code["special_operation"].name("zh") == "特种作业操作证"
    assert by_code["special_operation"].name("en") == "Special operation certificate"
    assert by_code["special_operation"].has_review
    assert not by_code["skill_level"].has_review


def test_new_type_sorts_reminders_largest_first():
    created = new_credential_type("welding", {"zh": "焊工证", "en": "Welder"}, 36, None, [7, 60, 30])
    assert created.reminder_days == (60, 30, 7)
    assert (created.name("zh"), created.name("en")) == ("焊工证", "Welder")


def test_one_name_serves_both_languages():
    created = new_credential_type("forklift", "叉车证")
    assert created.name("en") == created.name("zh") == "叉车证"
    assert created.validity_months is None


def test_every_bad_field_is_reported():
    with pytest.raises(Invalid) as caught:
        new_credential_type("Bad Code", " ", 0, True, [30, 30])
    assert set(caught.value.errors) == {"code", "name", "validity_months", "review_months", "reminder_days"}


@pytest.mark.parametrize(
    ("reminder_days", "validity_months"),
    [([0], 12), ([-5], 12), (["7"], 12), ([7], None)],
)
def test_bad_reminder_days(reminder_days, validity_months):
    with pytest.raises(Invalid) as caught:
        new_credential_type("some_type", "x", validity_months, None, reminder_days)
    assert set(caught.value.errors) == {"reminder_days"}


@pytest.mark.parametrize("name", [{"zh": "焊工证", "en": ["Welder"]}, {"zh": "焊工证", "fr": "Soudeur"}, {"en": None}])
def test_names_by_language_are_texts_in_zh_or_en(name):
    with pytest.raises(Invalid) as refused:
        new_credential_type("welding", name, 36)
    assert set(refused.value.errors) == {"name"}
