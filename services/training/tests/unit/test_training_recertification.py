from datetime import date

from banzu_training.domain import CaseStatus, ExpiringCredential, RefresherOffer, handle_reminder
from training_builders import at

CREDENTIAL = ExpiringCredential(credential_id="C-1", employee_no="E001", type_code="special_equipment",
                                expires_on=date(2026, 12, 20))
NOW = at("2026-09-21")


def offer(session_id, day, hhmm="09:00", free_seats=3, type_code="special_equipment") -> RefresherOffer:
    return RefresherOffer(session_id=session_id, type_code=type_code, starts_at=at(day, hhmm),
                          free_seats=free_seats)


def test_the_earliest_suitable_session_is_planned():
    update = handle_reminder(CREDENTIAL, [offer(3, "2026-11-01"), offer(2, "2026-10-15"), offer(4, "2026-12-01")],
                             NOW)
    assert update.is_new and update.newly_planned
    case = update.case
    assert (case.status, case.session_id) == (CaseStatus.planned, 2)
    assert (case.credential_id, case.employee_no, case.type_code, case.expires_on) == (
        "C-1", "E001", "special_equipment", date(2026, 12, 20))


def test_unsuitable_sessions_are_skipped():
    unsuitable = [
        offer(1, "2026-09-21", "08:59"),                      # already started
        offer(2, "2026-09-21", "09:00"),                      # starts now, not in the future
        offer(3, "2026-10-01", free_seats=0),                 # full
        offer(4, "2026-10-02", type_code="special_operation"),  # renews another type
        offer(5, "2026-12-20"),                               # on the expiry date, not before it
    ]
    update = handle_reminder(CREDENTIAL, unsuitable, NOW)
    assert update.is_new and not update.newly_planned
    assert (update.case.status, update.case.session_id) == (CaseStatus.unplanned, None)
    assert handle_reminder(CREDENTIAL, unsuitable + [offer(6, "2026-12-19", "23:00")], NOW).case.session_id == 6


def test_a_later_reminder_keeps_the_one_case():
    first = handle_reminder(CREDENTIAL, [offer(2, "2026-10-15")], NOW).case
    again = handle_reminder(CREDENTIAL, [offer(1, "2026-10-01")], at("2026-11-20"), existing=first)
    assert again.case is first and not again.is_new and not again.newly_planned
    assert first.session_id == 2


def test_an_unplanned_case_is_planned_by_a_later_reminder_when_a_session_appeared():
    case = handle_reminder(CREDENTIAL, [], NOW).case
    update = handle_reminder(CREDENTIAL, [offer(7, "2026-12-10")], at("2026-11-20"), existing=case)
    assert update.case is case and not update.is_new and update.newly_planned
    assert (case.status, case.session_id) == (CaseStatus.planned, 7)


def test_a_new_session_upgrades_an_unplanned_case():
    case = handle_reminder(CREDENTIAL, [], NOW).case
    assert not case.offer(offer(8, "2026-12-25"), NOW)
    assert case.offer(offer(9, "2026-11-03"), NOW)
    assert (case.status, case.session_id) == (CaseStatus.planned, 9)
    assert not case.offer(offer(10, "2026-10-03"), NOW)  # a planned case stays with its session
    assert case.session_id == 9
