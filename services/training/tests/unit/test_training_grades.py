import pytest

from banzu_training.domain import Grade

LADDER = ["junior", "intermediate", "senior", "technician", "senior_technician"]


def test_the_ladder_is_ordered_from_junior_to_senior_technician():
    grades = [Grade(code) for code in LADDER]
    assert sorted(reversed(grades)) == grades
    assert [g.rank for g in grades] == [1, 2, 3, 4, 5]


def test_comparisons():
    assert Grade.junior < Grade.intermediate < Grade.senior < Grade.technician < Grade.senior_technician
    assert Grade.technician > Grade.senior
    assert Grade.senior >= Grade.senior
    assert Grade.senior <= Grade.senior
    assert max(Grade.senior, Grade.junior) is Grade.senior


def test_grades_do_not_compare_with_plain_codes():
    with pytest.raises(TypeError):
        Grade.senior < "technician"


def test_labels():
    assert Grade.technician.label_zh == "技师"
    assert Grade.senior_technician.label_en == "Senior technician"


def test_unknown_code_is_refused():
    with pytest.raises(ValueError):
        Grade("master")
