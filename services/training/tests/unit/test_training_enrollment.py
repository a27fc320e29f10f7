import pytest
from banzu_common.errors import Conflict, Invalid, NotFound
from hypothesis import given, strategies as st

from banzu_training.domain import EnrollmentStatus, Roster
from training_builders import at, session

BEFORE = at("2026-03-01")


def roster(capacity=2, **overrides) -> Roster:
    return Roster(session(capacity=capacity, **overrides))


def test_workers_are_enrolled_while_seats_remain_then_waitlisted_in_arrival_order():
    r = roster(capacity=2)
    statuses = [r.enrol(no, BEFORE).status for no in ["E1", "E2", "E3", "E4"]]
    assert statuses == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert [r.position(no) for no in ["E1", "E2", "E3", "E4"]] == [None, None, 1, 2]
    assert [e.employee_no for e in r.waitlist()] == ["E3", "E4"]
    assert r.free_seats() == 0


def test_a_new_enrollment_carries_the_session_and_its_arrival_number():
    r = roster()
    first, second = r.enrol("E1", BEFORE), r.enrol("E2", BEFORE)
    assert (first.session_id, first.arrival, second.arrival) == (1, 1, 2)


def test_an_enrolled_cancellation_enrols_the_first_waitlisted():
    r = roster(capacity=1)
    for no in ["E1", "E2", "E3"]:
        r.enrol(no, BEFORE)
    outcome = r.cancel("E1", BEFORE)
    assert outcome.cancelled.employee_no == "E1"
    assert outcome.promoted.employee_no == "E2" and outcome.promoted.status is EnrollmentStatus.enrolled
    assert r.position("E3") == 1


def test_a_waitlisted_cancellation_moves_the_rest_up_and_enrols_nobody():
    r = roster(capacity=1)
    for no in ["E1", "E2", "E3"]:
        r.enrol(no, BEFORE)
    assert r.cancel("E2", BEFORE).promoted is None
    assert r.position("E3") == 1
    assert [e.employee_no for e in r.enrolled()] == ["E1"]


def test_a_cancelled_worker_may_enrol_again_at_the_back():
    r = roster(capacity=1)
    for no in ["E1", "E2"]:
        r.enrol(no, BEFORE)
    r.cancel("E1", BEFORE)
    assert r.enrol("E1", BEFORE).status is EnrollmentStatus.waitlisted


def test_enrolling_twice_is_refused():
    r = roster()
    r.enrol("E1", BEFORE)
    with pytest.raises(Conflict) as refused:
        r.enrol("E1", BEFORE)
    assert refused.value.reason == "already_enrolled"


def test_a_waitlisted_worker_is_already_enrolled_too():
    r = roster(capacity=1)
    r.enrol("E1", BEFORE)
    r.enrol("E2", BEFORE)
    with pytest.raises(Conflict, match="already enrolled"):
        r.enrol("E2", BEFORE)


@pytest.mark.parametrize("now", [at("2026-03-10", "09:00"), at("2026-03-10", "10:00"), at("2026-04-01")])
def test_enrolling_at_or_after_the_start_is_refused(now):
    with pytest.raises(Conflict) as refused:
        roster().enrol("E1", now)
    assert refused.value.reason == "session_started"


def test_a_worker_cannot_hold_two_overlapping_sessions():
    other = session("2026-03-10 11:00", "2026-03-10 15:00", id=2, trainer="t.li", location="Room 2")
    with pytest.raises(Conflict) as refused:
        roster().enrol("E1", BEFORE, held_sessions=[other])
    assert refused.value.reason == "overlapping_session"
    assert refused.value.extra == {"session_id": 2}


def test_back_to_back_sessions_and_the_same_session_do_not_count_as_overlapping():
    r = roster()
    later = session("2026-03-10 12:00", "2026-03-10 15:00", id=2)
    assert r.enrol("E1", BEFORE, held_sessions=[later, r.session]).status is EnrollmentStatus.enrolled


def test_cancelling_an_unknown_enrollment_is_not_found():
    with pytest.raises(NotFound):
        roster().cancel("E9", BEFORE)


def test_cancelling_after_the_start_is_refused():
    r = roster()
    r.enrol("E1", BEFORE)
    with pytest.raises(Conflict) as refused:
        r.cancel("E1", at("2026-03-10", "09:30"))
    assert refused.value.reason == "session_started"


def test_a_blank_employee_number_is_invalid():
    with pytest.raises(Invalid) as refused:
        roster().enrol(" ", BEFORE)
    assert "employee_no" in refused.value.errors


# Property tests: any sequence of enrolments and cancellations, checked against a plain queue model.

operations = st.lists(st.tuples(st.sampled_from(["enrol", "cancel"]), st.integers(0, 11)), max_size=60)


@given(capacity=st.integers(1, 5), ops=operations)
def test_the_roster_behaves_like_seats_plus_a_queue(capacity, ops):
    r = roster(capacity=capacity)
    seated, queue = [], []
    for op, n in ops:
        no = f"E{n}"
        if op == "enrol":
            if no in seated or no in queue:
                with pytest.raises(Conflict):
                    r.enrol(no, BEFORE)
                continue
            (seated if len(seated) < capacity else queue).append(no)
            r.enrol(no, BEFORE)
        else:
            if no not in seated and no not in queue:
                with pytest.raises(NotFound):
                    r.cancel(no, BEFORE)
                continue
            outcome = r.cancel(no, BEFORE)
            if no in seated:
                seated.remove(no)
                expected = queue.pop(0) if queue else None
                if expected:
                    seated.append(expected)
                assert (outcome.promoted and outcome.promoted.employee_no) == expected
            else:
                queue.remove(no)
                assert outcome.promoted is None
        assert len(r.enrolled()) <= capacity
        assert not r.waitlist() or len(r.enrolled()) == capacity
        assert sorted(e.employee_no for e in r.enrolled()) == sorted(seated)
        assert [e.employee_no for e in r.waitlist()] == queue
        assert [r.position(no) for no in queue] == list(range(1, len(queue) + 1))


@given(capacity=st.integers(1, 10), arrivals=st.integers(0, 40))
def test_never_more_enrolled_than_capacity_and_the_rest_wait_in_arrival_order(capacity, arrivals):
    r = roster(capacity=capacity)
    results = [r.enrol(f"E{i}", BEFORE) for i in range(arrivals)]
    assert len(r.enrolled()) == min(capacity, arrivals)
    assert [e.employee_no for e in r.waitlist()] == [f"E{i}" for i in range(capacity, arrivals)]
    assert all(e.status is EnrollmentStatus.enrolled for e in results[:capacity])


@given(capacity=st.integers(1, 6), waiting=st.integers(1, 6), data=st.data())
def test_cancelling_any_enrolled_worker_moves_the_first_waitlisted_in(capacity, waiting, data):
    r = roster(capacity=capacity)
    for i in range(capacity + waiting):
        r.enrol(f"E{i}", BEFORE)
    leaving = data.draw(st.sampled_from([e.employee_no for e in r.enrolled()]))
    outcome = r.cancel(leaving, BEFORE)
    assert outcome.promoted.employee_no == f"E{capacity}"
    assert len(r.enrolled()) == capacity
    assert [e.employee_no for e in r.waitlist()] == [f"E{i}" for i in range(capacity + 1, capacity + waiting)]
