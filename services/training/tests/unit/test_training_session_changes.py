"""Changing a session before it starts (time, place, capacity) and a plan during its year."""
from datetime import date

import pytest
from banzu_common.errors import Conflict, Invalid

from banzu_training.domain import EnrollmentStatus, PlanItem, Roster, TrainingPlan
from training_builders import at, session

BEFORE = at("2026-03-01")


def full_roster(capacity: int, people: int) -> Roster:
    r = Roster(session(capacity=capacity))
    for i in range(1, people + 1):
        r.enrol(f"E{i}", BEFORE)
    return r


def test_raising_the_capacity_from_10_to_12_seats_the_first_two_waitlisted_in_order():
    r = full_roster(capacity=10, people=13)
    seated = r.reschedule({"capacity": 12}, BEFORE)
    assert [e.employee_no for e in seated] == ["E11", "E12"]
    assert all(e.status is EnrollmentStatus.enrolled for e in seated)
    assert [e.employee_no for e in r.waitlist()] == ["E13"] and r.position("E13") == 1
    assert r.session.capacity == 12


def test_lowering_the_capacity_to_the_seats_taken_is_allowed_but_not_below():
    r = full_roster(capacity=10, people=6)
    assert r.reschedule({"capacity": 6}, BEFORE) == []
    with pytest.raises(Conflict) as refused:
        r.reschedule({"capacity": 5}, BEFORE)
    assert refused.value.reason == "capacity_below_enrolled" and refused.value.extra == {"enrolled": 6}
    assert "6 workers are enrolled" in refused.value.detail
    assert r.session.capacity == 6, "a refused change changes nothing"


def test_a_started_or_cancelled_session_no_longer_changes():
    r = full_roster(capacity=2, people=1)
    with pytest.raises(Conflict) as refused:
        r.reschedule({"location": "Hall B"}, at("2026-03-10", "09:00"))
    assert refused.value.reason == "session_started"
    r.session.cancel("rain", "t.wang", BEFORE)
    with pytest.raises(Conflict) as refused:
        r.reschedule({"capacity": 5}, BEFORE)
    assert refused.value.reason == "session_cancelled"


def test_a_new_time_is_checked_as_a_whole_and_may_not_lie_in_the_past():
    s = session()
    with pytest.raises(Invalid) as refused:
        s.rescheduled({"ends_at": at("2026-03-10", "08:00")}, BEFORE)
    assert "ends_at" in refused.value.errors
    with pytest.raises(Invalid) as refused:
        s.rescheduled({"starts_at": at("2026-02-20"), "ends_at": at("2026-02-20", "12:00")}, BEFORE)
    assert refused.value.errors == {"starts_at": ["must not be in the past"]}


def test_a_session_is_moved_by_a_new_time_or_a_different_place_not_by_spelling_or_seats():
    s = session()
    assert s.rescheduled({"starts_at": at("2026-03-10", "10:00")}, BEFORE).moved_from(s)
    assert s.rescheduled({"location": "Hall B"}, BEFORE).moved_from(s)
    assert not s.rescheduled({"location": " workshop  a "}, BEFORE).moved_from(s)
    assert not s.rescheduled({"capacity": 30}, BEFORE).moved_from(s)


def plan() -> TrainingPlan:
    return TrainingPlan(team_code="T1", year=2026, items=[PlanItem("WELD-101", 3)])


def test_a_plan_changes_its_courses_until_its_year_is_over():
    changed = plan().changed({"items": [PlanItem("SAFE-01", 4), PlanItem("WELD-101", 9)]}, date(2026, 12, 31))
    assert changed.items == [PlanItem("SAFE-01", 4), PlanItem("WELD-101", 9)]
    assert (changed.team_code, changed.year) == ("T1", 2026)
    with pytest.raises(Invalid) as refused:
        plan().changed({"items": [PlanItem("SAFE-01", 13)]}, date(2026, 5, 1))
    assert "items[0].month" in refused.value.errors
    with pytest.raises(Conflict) as refused:
        plan().changed({"items": []}, date(2027, 1, 1))
    assert refused.value.reason == "plan_year_over"
