"""Mentorships (师带徒): created, evaluated, achieved by the apprentice's promotion, lapsed by the
scheduler once their period is over."""
from __future__ import annotations

from dataclasses import asdict

from datetime import date

from banzu_common.errors import NotFound
from banzu_common.occupation_catalogue import require_occupation
from banzu_common.rules import no_such
from banzu_common.skill_ladder import Grade

from banzu_training.domain import Evaluation, Mentorship
from banzu_training.domain.workers import raise_left
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def create(uow: TrainingUnitOfWork, fields: dict) -> tuple[int, Mentorship]:
    mentorship = Mentorship(**fields)
    known = uow.workers.existing([mentorship.mentor, mentorship.apprentice])
    unknown = {role: [no_such("worker", who)] for role, who in
               (("mentor", mentorship.mentor), ("apprentice", mentorship.apprentice)) if who not in known}
    require_occupation(uow.occupations, mentorship.occupation, unknown)
    gone = uow.workers.gone([mentorship.mentor, mentorship.apprentice], mentorship.starts_on)
    if gone:
        raise_left([uow.workers.get(no) for no in sorted(gone)], mentorship.starts_on)
    mentorship_id = uow.mentorships.add(mentorship)
    uow.audit("create", "mentorship", mentorship_id, after=asdict(mentorship))
    return mentorship_id, mentorship


def get(uow: TrainingUnitOfWork, mentorship_id: int, for_update: bool = False) -> Mentorship:
    mentorship = uow.mentorships.get(mentorship_id, for_update)
    if mentorship is None:
        raise NotFound(f"There is no mentorship {mentorship_id}.")
    return mentorship


def list_mentorships(uow: TrainingUnitOfWork, status: str | None, employee_no: str | None, today: date, page: int,
                     per_page: int) -> tuple[dict[int, Mentorship], int]:
    return uow.mentorships.page(status, employee_no, today, page, per_page)


def evaluate(uow: TrainingUnitOfWork, mentorship_id: int, on: date, rating: int, note: str) -> Evaluation:
    evaluation = get(uow, mentorship_id, for_update=True).evaluate(on, rating, note)
    uow.mentorships.add_evaluation(mentorship_id, evaluation)
    uow.audit("evaluate", "mentorship", mentorship_id, after=asdict(evaluation))
    return evaluation


def on_promotion(uow: TrainingUnitOfWork, employee_no: str, to_grade: Grade, effective_on: date) -> None:
    """The copy's grade never falls behind a promotion; the apprentice's mentorships take note."""
    uow.workers.raise_grade(employee_no, to_grade)
    for mentorship_id, mentorship in uow.mentorships.of_apprentice(employee_no).items():
        if mentorship.record_promotion(to_grade, effective_on):
            uow.mentorships.save(mentorship_id, mentorship)
            uow.audit("achieve", "mentorship", mentorship_id, {"status": "active"},
                      {"status": mentorship.status, "achieved_on": mentorship.achieved_on})


def lapse_mentorships(uow: TrainingUnitOfWork, today: date) -> int:
    """Marks active mentorships whose period ended before `today` as lapsed; returns how many."""
    lapsed = 0
    for mentorship_id, mentorship in uow.mentorships.active_ended_before(today).items():
        if mentorship.lapse_if_ended(today):
            uow.mentorships.save(mentorship_id, mentorship)
            uow.audit("lapse", "mentorship", mentorship_id, {"status": "active"}, {"status": mentorship.status})
            lapsed += 1
    return lapsed
