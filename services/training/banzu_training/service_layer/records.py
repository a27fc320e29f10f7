"""A worker's training record: hours and completed courses of a year, programme progress, the
certifications earned, and their team's plan for the year (whose target the hours are held against)."""
from __future__ import annotations

from banzu_common.errors import NotFound

from banzu_training.domain import TrainingPlan, TrainingRecord, training_record
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def worker_training(uow: TrainingUnitOfWork, employee_no: str,
                    year: int) -> tuple[TrainingRecord, list, tuple[int, TrainingPlan] | None]:
    """The record, the certifications earned, and the (id, plan) of the worker's team for the year."""
    records = uow.attendance.of_workers([employee_no])
    worker = uow.workers.get(employee_no)
    if not records and worker is None:
        raise NotFound(f"There is no worker {employee_no!r}.")
    earned = uow.certifications.of_worker(employee_no)
    record = training_record(employee_no, year, records, uow.programmes.all(), {c.program_code for c in earned})
    return record, earned, worker and uow.plans.latest_for(worker.team_code, year)
