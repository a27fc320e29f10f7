import pytest
from banzu_common.errors import Invalid

from banzu_gateway.domain.grades import GRADE_CODES, LADDER, after_promotion, compare, grade, is_raise


def test_ladder_runs_from_junior_to_senior_technician_with_labels():
    assert GRADE_CODES == ("junior", "intermediate", "senior", "technician", "senior_technician")
    assert [(g.national_level, g.zh, g.en) for g in LADDER] == [
        ("五级", "初级工", "Junior worker"),
        ("四级", "中级工", "Intermediate worker"),
        ("三级", "高级工", "Senior worker"),
        ("二级", "技师", "Technician"),
        ("一级", "高级技师", "Senior technician"),
    ]
    assert grade("technician").label("zh") == "技师"
    assert grade("technician").label("en") == "Technician"


def test_grades_compare_by_rung():
    assert compare("junior", "senior") == -1
    assert compare("senior", "senior") == 0
    assert compare("senior_technician", "technician") == 1
    assert grade("intermediate") < grade("senior")
    assert max(LADDER) == grade("senior_technician")


def test_a_promotion_never_lowers_a_grade():
    assert after_promotion("intermediate", "senior") == "senior"
    assert after_promotion("technician", "senior") == "technician"
    assert after_promotion("senior", "senior") == "senior"
    assert is_raise("junior", "intermediate")
    assert not is_raise("senior", "senior")


def test_an_unknown_grade_is_invalid_input_under_the_given_field():
    with pytest.raises(Invalid) as caught:
        grade("master", "to_grade")
    assert list(caught.value.errors) == ["to_grade"]
