"""Contest commands: create and change, judges' assignments, registration and the lifecycle."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime

from banzu_common.errors import Invalid

from banzu_competition.adapters import eligibility
from banzu_competition.domain import Contest, Contestant, Judge, parse_settings
from banzu_competition.service_layer.unit_of_work import CompetitionUnitOfWork

DETAILS = ("name", "occupation", "starts_on", "ends_on")
SETTINGS = ("segments", "tie_break", "awards", "promotions", "min_grade", "required_credentials")


def create_contest(uow: CompetitionUnitOfWork, data: dict, by: str, now: datetime) -> Contest:
    settings = parse_settings({key: data[key] for key in SETTINGS if key in data})
    contest = Contest(str(uuid.uuid4()), data["name"], data["occupation"], data["starts_on"], data["ends_on"],
                      settings)
    uow.contests.add(contest, now, by)
    return contest


def change_contest(uow: CompetitionUnitOfWork, contest_id: str, changes: dict) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    settings = None
    if any(key in changes for key in SETTINGS):
        # Given settings replace the stored ones key by key; the whole is validated again.
        stored = contest.settings.to_dict()
        settings = parse_settings({**stored, **{key: changes[key] for key in SETTINGS if key in changes}})
    contest.change(settings=settings, **{key: changes[key] for key in DETAILS if key in changes})
    uow.contests.save(contest)
    return contest


def assign_judge(uow: CompetitionUnitOfWork, contest_id: str, judge_id: str,
                 segments: list[str]) -> tuple[Judge, frozenset[str]]:
    contest = uow.contests.get(contest_id, lock=True)
    judge = uow.judges.get(judge_id)
    if judge is None:
        raise Invalid({"judge_id": [f"There is no judge {judge_id!r}."]})
    codes = contest.assign(judge.id, segments)
    uow.contests.save(contest)
    return judge, codes


def register(uow: CompetitionUnitOfWork, contest_id: str, employee_no: str, now: datetime) -> Contestant:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestant(contest, employee_no)
    worker = eligibility.worker(uow.session, employee_no)
    held = eligibility.credentials(uow.session, employee_no) if worker is not None else []
    contestant = contest.register(employee_no, worker, held)
    uow.contests.save(contest, now)
    return contestant


def open_registration(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    contest.open()
    uow.contests.save(contest)
    return contest


def start(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    # Bibs hide who is who from the judges: draw them from the system's entropy, not a guessable seed.
    contest.start(random.SystemRandom())
    uow.contests.save(contest)
    return contest


def close(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    uow.contests.load_cards(contest)
    contest.close()
    uow.contests.save(contest)
    return contest


def publish(uow: CompetitionUnitOfWork, contest_id: str, today: date) -> Contest:
    """Results computed once from one query of the scores, stored, and announced in the same transaction."""
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    eligibility.refresh_grades(uow.session, contest)
    contest.publish(today, uow.contests.score_rows(contest))
    uow.contests.save(contest)
    return contest
