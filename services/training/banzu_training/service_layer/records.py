"""A worker's training record: hours and completed courses of a year, programme progress, and
the certifications earned."""
from __future__ import annotations

from banzu_common.errors import NotFound

from banzu_training.domain import TrainingRecord, training_record
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork


def worker_training(uow: TrainingUnitOfWork, employee_no: str, year: int) -> tuple[TrainingRecord, list]:
    records = uow.attendance.of_workers([employee_no])
    if not records and uow.workers.get(employee_no) is None:
        raise NotFound(f"There is no worker {employee_no!r}.")
    earned = uow.certifications.of_worker(employee_no)
    record = training_record(employee_no, year, records, uow.programmes.all(), {c.program_code for c in earned})
    return record, earned
