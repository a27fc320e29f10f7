from datetime import date
from decimal import Decimal

import pytest
from banzu_common.errors import Conflict, Invalid

from banzu_training.domain import AttendanceMark, AttendanceRecorded, AttendanceSheet
from training_builders import at, course, session

DURING = at("2026-03-10", "10:00")


def sheet(pass_score=None, enrolled=("E1", "E2", "E3")) -> AttendanceSheet:
    return AttendanceSheet(session=session("2026-03-10 09:00", "2026-03-10 12:20"),
                           course=course(pass_score=pass_score), enrolled=frozenset(enrolled))


def test_a_present_worker_is_credited_the_rounded_duration_unless_hours_are_given():
    s = sheet()
    records = s.record([AttendanceMark("E1", True), AttendanceMark("E2", True, hours="2.5"),
                        AttendanceMark("E3", False)], DURING)
    assert [(r.employee_no, r.hours) for r in records] == [
        ("E1", Decimal("3.5")), ("E2", Decimal("2.5")), ("E3", Decimal(0))]
    assert records[0].on == date(2026, 3, 10)


def test_completion_without_a_pass_mark_is_presence():
    records = sheet().record([AttendanceMark("E1", True), AttendanceMark("E2", False)], DURING)
    assert [r.completed for r in records] == [True, False]


def test_completion_with_a_pass_mark_needs_a_score_at_least_the_mark():
    records = sheet(pass_score=60).record([
        AttendanceMark("E1", True, score=60), AttendanceMark("E2", True, score="59.5"),
        AttendanceMark("E3", True)], DURING)
    assert [r.completed for r in records] == [True, False, False]
    assert records[0].score == Decimal(60)


def test_each_recorded_worker_raises_an_event():
    s = sheet()
    s.record([AttendanceMark("E1", True), AttendanceMark("E2", False)], DURING)
    assert s.events == [
        AttendanceRecorded(session_id=1, course_code="WELD-101", employee_no="E1", present=True,
                           hours=Decimal("3.5"), on=date(2026, 3, 10)),
        AttendanceRecorded(session_id=1, course_code="WELD-101", employee_no="E2", present=False,
                           hours=Decimal(0), on=date(2026, 3, 10)),
    ]


def test_recording_again_replaces_the_record_and_only_changes_raise_events():
    s = sheet(pass_score=60)
    s.record([AttendanceMark("E1", True), AttendanceMark("E2", True)], DURING)
    s.events.clear()
    changed = s.record([AttendanceMark("E1", True, score=80), AttendanceMark("E2", True)], DURING)
    assert [r.employee_no for r in changed] == ["E1"]
    assert s.records["E1"].completed and s.records["E1"].score == Decimal(80)
    assert [e.employee_no for e in s.events] == ["E1"]


def test_nothing_before_the_session_has_started():
    with pytest.raises(Conflict) as refused:
        sheet().record([AttendanceMark("E1", True)], at("2026-03-10", "08:59"))
    assert refused.value.reason == "session_not_started"


def test_workers_without_a_seat_are_refused_and_nothing_is_recorded():
    s = sheet(enrolled=("E1",))
    with pytest.raises(Conflict) as refused:
        s.record([AttendanceMark("E1", True), AttendanceMark("W9", True), AttendanceMark("W8", False)], DURING)
    assert refused.value.reason == "not_enrolled"
    assert refused.value.extra == {"employee_nos": ["W8", "W9"]}
    assert s.records == {} and s.events == []


@pytest.mark.parametrize("mark, field", [
    (AttendanceMark("E1", "yes"), "records[0].present"),
    (AttendanceMark("", True), "records[0].employee_no"),
    (AttendanceMark("E1", True, hours=-1), "records[0].hours"),
    (AttendanceMark("E1", True, hours="lots"), "records[0].hours"),
    (AttendanceMark("E1", True, score=101), "records[0].score"),
    (AttendanceMark("E1", False, hours=2), "records[0].hours"),
    (AttendanceMark("E1", False, score=50), "records[0].score"),
])
def test_invalid_lines_name_the_field(mark, field):
    with pytest.raises(Invalid) as refused:
        sheet().record([mark], DURING)
    assert list(refused.value.errors) == [field]


def test_a_worker_listed_twice_is_invalid():
    with pytest.raises(Invalid) as refused:
        sheet().record([AttendanceMark("E1", True), AttendanceMark("E1", False)], DURING)
    assert list(refused.value.errors) == ["records[1].employee_no"]
