import pytest

from banzu_competition.domain.grades import GRADES, at_least, climb, grade_index, is_grade


def test_ladder_runs_from_junior_to_senior_technician():
    assert GRADES == ("junior", "intermediate", "senior", "technician", "senior_technician")
    assert [grade_index(g) for g in GRADES] == [0, 1, 2, 3, 4]


def test_compare():
    assert at_least("senior", "intermediate")
    assert at_least("senior", "senior")
    assert not at_least("junior", "intermediate")
    assert not at_least("apprentice", "junior")


def test_unknown_codes():
    assert not is_grade("apprentice")
    assert not is_grade(None)
    with pytest.raises(ValueError):
        grade_index("apprentice")


@pytest.mark.parametrize(
    ("grade", "steps", "cap", "expected"),
    [
        ("junior", 1, "technician", "intermediate"),
        ("junior", 2, "technician", "senior"),
        ("senior", 3, "technician", "technician"),
        ("technician", 1, "technician", "technician"),
        ("senior_technician", 1, "technician", "senior_technician"),
        ("senior", 0, "technician", "senior"),
        ("technician", 1, "senior_technician", "senior_technician"),
    ],
)
def test_climb_with_cap(grade, steps, cap, expected):
    assert climb(grade, steps, cap) == expected
