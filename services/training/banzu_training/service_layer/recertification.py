"""Recertification: a reminder that a credential expires opens (or revisits) its one case, and a
planned case takes a seat in the chosen refresher session in the same transaction."""
from __future__ import annotations

from dataclasses import asdict, replace
from datetime import datetime

from banzu_common.errors import Conflict, NotFound
from banzu_common.messaging.contracts import CredentialExpiring

from banzu_training.domain import (CourseKind, EnrollmentStatus, ExpiringCredential, RecertificationCase,
                                   RefresherOffer, Session, handle_reminder)
from banzu_training.service_layer.enrollment import locked_session, tell
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def on_expiring(uow: TrainingUnitOfWork, reminder: CredentialExpiring, now: datetime) -> RecertificationCase:
    """One case per credential: a later reminder finds the case (the unique credential id backs
    this up when two reminders race) and may only plan it if it is still unplanned."""
    credential = ExpiringCredential(credential_id=reminder.credential_id, employee_no=reminder.employee_no,
                                    type_code=reminder.type_code, expires_on=reminder.expires_on)
    existing = uow.cases.get(credential.credential_id)
    offers = uow.training_sessions.refresher_offers(credential.type_code, now)
    while True:
        update = handle_reminder(credential, offers, now, existing and replace(existing))
        # The chosen session may have no seat for this worker after all (taken meanwhile, or the
        # worker is busy then): try the next suitable one.
        if not update.newly_planned or _take_seat(uow, update.case.session_id, credential, now):
            break
        offers = [o for o in offers if o.session_id != update.case.session_id]
    if update.is_new:
        uow.cases.add(update.case)
        uow.audit("open", "recertification_case", update.case.credential_id, after=asdict(update.case))
    elif update.newly_planned:
        uow.cases.save(update.case)
        _planned(uow, update.case)
    return update.case


def offer_new_session(uow: TrainingUnitOfWork, session: Session, type_code: str, now: datetime) -> None:
    """Plans waiting cases into a new refresher session, the most urgent expiry first."""
    roster = uow.rosters.for_session(session)
    for case in uow.cases.unplanned(type_code):
        offer = RefresherOffer(session_id=session.id, type_code=type_code, starts_at=session.starts_at,
                               free_seats=roster.free_seats())
        if not case.offer(offer, now):
            continue
        try:
            enrollment = roster.enrol(case.employee_no, now, uow.training_sessions.held_by(case.employee_no, session))
        except Conflict:
            continue  # busy then: the case stays unplanned
        uow.rosters.add(enrollment)
        uow.cases.save(case)
        _planned(uow, case)
        tell(uow, session, enrollment, "recertification_planned", case.credential_id)


def plan_case(uow: TrainingUnitOfWork, credential_id: str, session_id: int, now: datetime) -> RecertificationCase:
    """A trainer enrols an unplanned case's worker in a refresher session of their choice."""
    case = uow.cases.get(credential_id)
    if case is None:
        raise NotFound(f"There is no recertification case for credential {credential_id!r}.")
    session = locked_session(uow, session_id)
    course = uow.courses.get(session.course_code)
    roster = uow.rosters.for_session(session)
    offer = RefresherOffer(session_id=session.id, type_code=course.credential_type if course.kind == CourseKind.refresher
                           else None, starts_at=session.starts_at, free_seats=roster.free_seats())
    case.plan_into(offer, now)
    enrollment = roster.enrol(case.employee_no, now, uow.training_sessions.held_by(case.employee_no, session))
    uow.rosters.add(enrollment)
    uow.cases.save(case)
    _planned(uow, case)
    tell(uow, session, enrollment, "recertification_planned", case.credential_id)
    return case


def release_session(uow: TrainingUnitOfWork, session_id: int) -> None:
    """The session was cancelled: cases planned into it are unplanned again."""
    for case in uow.cases.planned_into(session_id):
        if case.release(session_id):
            uow.cases.save(case)
            uow.audit("release", "recertification_case", case.credential_id, {"session_id": session_id},
                      {"status": case.status, "session_id": None})


def _planned(uow: TrainingUnitOfWork, case: RecertificationCase) -> None:
    uow.audit("plan", "recertification_case", case.credential_id, {"status": "unplanned", "session_id": None},
              {"status": case.status, "session_id": case.session_id})


def _take_seat(uow: TrainingUnitOfWork, session_id: int, credential: ExpiringCredential, now: datetime) -> bool:
    """A seat for the credential's holder in the session (told so when it is new); False when none, and
    for a holder who has left the company."""
    employee_no = credential.employee_no
    holder = uow.workers.get(employee_no)
    if holder is not None and holder.has_left(now.date()):
        return False
    session = uow.training_sessions.get(session_id, for_update=True)
    roster = uow.rosters.for_session(session)
    current = roster.find(employee_no)
    if current is not None:
        return current.status == EnrollmentStatus.enrolled
    if roster.free_seats() == 0:
        return False
    try:
        enrollment = roster.enrol(employee_no, now, uow.training_sessions.held_by(employee_no, session))
    except Conflict:
        return False
    uow.rosters.add(enrollment)
    tell(uow, session, enrollment, "recertification_planned", credential.credential_id)
    return True


def list_cases(uow: TrainingUnitOfWork, status: str | None, employee_no: str | None, page: int,
               per_page: int) -> tuple[list[RecertificationCase], int]:
    return uow.cases.page(status, employee_no, page, per_page)
