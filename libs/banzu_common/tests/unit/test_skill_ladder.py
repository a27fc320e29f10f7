import pytest

from banzu_common.errors import Invalid
from banzu_common.skill_ladder import load_ladder, skill_ladder

FIVE = load_ladder("five_level")
EIGHT = load_ladder("eight_level")


def test_the_default_ladder_runs_from_junior_to_senior_technician_with_labels(monkeypatch):
    monkeypatch.delenv("BANZU_SKILL_LADDER", raising=False)
    assert skill_ladder().codes == ("junior", "intermediate", "senior", "technician", "senior_technician")
    assert [(g.national_level, g.zh, g.en) for g in FIVE] == [
        ("五级", "初级工", "Junior worker"),
        ("四级", "中级工", "Intermediate worker"),
        ("三级", "高级工", "Senior worker"),
        ("二级", "技师", "Technician"),
        ("一级", "高级技师", "Senior technician"),
    ]
    assert FIVE.grade("technician").label("zh") == "技师"
    assert FIVE.label("technician", "en") == "Technician"
    assert [g.promotion_points for g in FIVE] == [0, 2, 3, 5, 8]


def test_the_eight_level_ladder_adds_apprentice_below_and_two_grades_above_with_their_points():
    assert EIGHT.codes == ("apprentice", "junior", "intermediate", "senior", "technician", "senior_technician",
                           "principal_technician", "chief_technician")
    assert EIGHT.label("principal_technician", "zh") == "特级技师"
    assert EIGHT.label("chief_technician", "en") == "Chief technician"
    assert EIGHT.label("apprentice", "zh") == "学徒工"
    points = {g.code: g.promotion_points for g in EIGHT}
    assert (points["junior"], points["principal_technician"], points["chief_technician"]) == (1, 10, 12)


def test_grades_compare_by_rung():
    assert FIVE.grade("intermediate") < FIVE.grade("senior")
    assert max(FIVE) == FIVE.grade("senior_technician")
    assert FIVE.at_least("senior", "intermediate") and not FIVE.at_least("junior", "senior")
    assert not FIVE.at_least("chief_technician", "junior"), "a grade the ladder does not know is never enough"
    assert EIGHT.at_least("chief_technician", "technician")


def test_a_promotion_never_lowers_a_grade():
    assert FIVE.after_promotion("intermediate", "senior") == "senior"
    assert FIVE.after_promotion("technician", "senior") == "technician"
    assert FIVE.after_promotion("senior", "senior") == "senior"
    assert FIVE.is_raise("junior", "intermediate")
    assert not FIVE.is_raise("senior", "senior")


def test_climbing_stops_at_the_cap_and_never_moves_a_grade_at_or_above_it():
    assert FIVE.climb("senior", 1, "technician") == "technician"
    assert FIVE.climb("intermediate", 3, "technician") == "technician"
    assert FIVE.climb("technician", 1, "technician") == "technician"
    assert FIVE.climb("senior_technician", 1, "technician") == "senior_technician"
    assert FIVE.climb("junior", 0, "technician") == "junior"
    assert EIGHT.climb("senior_technician", 2, "chief_technician") == "chief_technician"
    assert EIGHT.climb("apprentice", 1, "technician") == "junior"


def test_an_unknown_grade_is_invalid_input_under_the_given_field():
    with pytest.raises(Invalid) as caught:
        FIVE.grade("principal_technician", "to_grade")
    assert list(caught.value.errors) == ["to_grade"]


def test_a_ladder_file_of_the_same_shape_can_be_named_by_path(tmp_path, monkeypatch):
    ladder = tmp_path / "ladder.toml"
    ladder.write_text('[[grade]]\ncode = "a"\nnational_level = "1"\nzh = "甲"\nen = "A"\npromotion_points = 0\n'
                      '[[grade]]\ncode = "b"\nnational_level = "2"\nzh = "乙"\nen = "B"\npromotion_points = 4\n')
    assert load_ladder(str(ladder)).codes == ("a", "b")
    broken = tmp_path / "broken.toml"
    broken.write_text('[[grade]]\ncode = "a"\n')
    with pytest.raises(ValueError, match="lacks"):
        load_ladder(str(broken))
