"""Deciding certifications after attendance changed: once per programme and worker, with the
grade promotion it brings, both recorded in the attendance's transaction."""
from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import replace

from banzu_common.skill_ladder import skill_ladder

from banzu_training.domain import CertificationEarned, PromotionEarned, decide_certification
from banzu_training.service_layer.unit_of_work import TrainingUnitOfWork

log = logging.getLogger(__name__)


def award(uow: TrainingUnitOfWork, employee_nos: Collection[str], course_code: str) -> None:
    """Decides every programme that requires `course_code` for these workers.

    The workers' directory rows are locked first, so two attendance sheets recorded at once for
    the same worker decide one after the other. Programmes go lowest grade first, and each
    promotion raises the worker's grade before the next decision, so two programmes earned at once
    give promotions that follow each other up the ladder.
    """
    programmes = sorted(uow.programmes.requiring(course_code), key=lambda p: (p.grade.rank, p.code))
    if not programmes or not employee_nos:
        return
    workers = uow.workers.lock(employee_nos)
    for employee_no in sorted(employee_nos):
        worker = workers.get(employee_no)
        if worker is None:
            log.warning("certification for %s not decided: the worker is not in the directory copy", employee_no)
            continue
        records = uow.attendance.of_workers([employee_no])
        earned = uow.certifications.earned_codes(employee_no)
        for programme in programmes:
            events = decide_certification(programme, worker, records, programme.code in earned)
            for event in events:
                if isinstance(event, CertificationEarned):
                    uow.certifications.add(event)
                    uow.audit("earn", "certification", event.certification_id, after=event.to_data())
                elif isinstance(event, PromotionEarned):
                    worker = replace(worker, grade=skill_ladder().grade(event.to_grade))
                    uow.workers.raise_grade(employee_no, worker.grade)
            uow.record(*events)
