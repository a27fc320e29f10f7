"""Contest commands: create and change, judges' assignments, registration and the lifecycle."""
from __future__ import annotations

import random
import uuid
from datetime import date, datetime

from banzu_common.errors import Invalid, NotFound
from banzu_common.occupation_catalogue import require_occupation
from banzu_common.rules import no_such

from banzu_competition.adapters import eligibility
from banzu_competition.domain import Contest, Contestant, Judge, ResultRow, Withdrawal, parse_settings
from banzu_competition.service_layer.unit_of_work import CompetitionUnitOfWork

KIND = "contest"
DETAILS = ("name", "occupation", "starts_on", "ends_on")
SETTINGS = ("segments", "tie_break", "awards", "promotions", "min_grade", "required_credentials")


def create_contest(uow: CompetitionUnitOfWork, data: dict, by: str, now: datetime) -> Contest:
    settings = parse_settings({key: data[key] for key in SETTINGS if key in data})
    contest = Contest(str(uuid.uuid4()), data["name"], data["occupation"], data["starts_on"], data["ends_on"],
                      settings)
    require_occupation(uow.occupations, contest.occupation)
    uow.contests.add(contest, now, by)
    uow.audit("create", KIND, contest.id, after=audited(contest))
    return contest


def change_contest(uow: CompetitionUnitOfWork, contest_id: str, changes: dict) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    before = audited(contest)
    settings = None
    if any(key in changes for key in SETTINGS):
        # Given settings replace the stored ones key by key; the whole is validated again.
        stored = contest.settings.to_dict()
        settings = parse_settings({**stored, **{key: changes[key] for key in SETTINGS if key in changes}})
    contest.change(settings=settings, **{key: changes[key] for key in DETAILS if key in changes})
    if contest.occupation != before["occupation"]:
        require_occupation(uow.occupations, contest.occupation)
    uow.contests.save(contest)
    uow.audit("change", KIND, contest.id, before, audited(contest))
    return contest


def assign_judge(uow: CompetitionUnitOfWork, contest_id: str, judge_id: str,
                 segments: list[str], now: datetime) -> tuple[Judge, frozenset[str]]:
    """In draft and open the judge's segments are replaced; while running they are added (a stand-in)."""
    contest = uow.contests.get(contest_id, lock=True)
    judge = uow.judges.get(judge_id)
    if judge is None:
        raise Invalid({"judge_id": [no_such("judge", judge_id)]})
    before = sorted(contest.assignments.get(judge.id, ()))
    codes = contest.assign(judge.id, segments, username=judge.username, at=now)
    uow.contests.save(contest)
    uow.audit("assign_judge", "judge_assignment", f"{contest.id}/{judge.id}", {"segments": before},
              {"segments": sorted(codes)})
    return judge, codes


def withdraw_judge(uow: CompetitionUnitOfWork, contest_id: str, judge_id: str, segment: str, reason: str,
                   by: str, now: datetime) -> Withdrawal:
    """Take a judge off a segment; while running, every score card of the segment is checked again."""
    contest = uow.contests.get(contest_id, lock=True)
    judge = uow.judges.get(judge_id)
    if judge is None:
        raise NotFound(f"There is no judge {judge_id!r}.")
    uow.contests.load_contestants(contest)
    uow.contests.load_cards(contest)
    before = sorted(contest.assignments.get(judge.id, ()))
    withdrawal = contest.withdraw_judge(judge.id, segment, reason, by=by, at=now, username=judge.username)
    uow.contests.save(contest)
    uow.audit("withdraw_judge", "judge_assignment", f"{contest.id}/{judge.id}", {"segments": before},
              {"segments": sorted(contest.assignments.get(judge.id, ())), "withdrawn_from": segment,
               "reason": withdrawal.reason})
    return withdrawal


def coverage(uow: CompetitionUnitOfWork, contest: Contest) -> list[dict]:
    """Who would lack 3 judges without a conflict, per judgement segment. Load the contestants first."""
    return contest.coverage_gaps(uow.judges.by_ids(contest.assignments))


def register(uow: CompetitionUnitOfWork, contest_id: str, employee_no: str, now: datetime) -> Contestant:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestant(contest, employee_no)
    worker = eligibility.worker(uow.session, employee_no)
    held = eligibility.credentials(uow.session, employee_no) if worker is not None else []
    contestant = contest.register(employee_no, worker, held, on=now.date())
    uow.contests.save(contest, now)
    uow.audit("register", "contestant", f"{contest.id}/{employee_no}",
              after={"contest_id": contest.id, "employee_no": employee_no, "team_code": contestant.team_code})
    return contestant


def withdraw_contestant(uow: CompetitionUnitOfWork, contest_id: str, employee_no: str, reason: str,
                        now: datetime) -> Contestant:
    """Open: the registration ends. Running: the contestant is absent (缺考)."""
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestant(contest, employee_no)
    contestant = contest.withdraw_contestant(employee_no, reason, at=now)
    uow.contests.save(contest, now)
    uow.audit("withdraw", "contestant", f"{contest.id}/{employee_no}", {"status": "registered"},
              {"status": str(contestant.status), "reason": contestant.reason})
    return contestant


def open_registration(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    status = contest.status
    contest.open()
    uow.contests.save(contest)
    _lifecycle(uow, contest, "open", status)
    return contest


def start(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    # Bibs hide who is who from the judges: draw them from the system's entropy, not a guessable seed.
    status = contest.status
    contest.start(random.SystemRandom(), uow.judges.by_ids(contest.assignments))
    uow.contests.save(contest)
    _lifecycle(uow, contest, "start", status)
    return contest


def close(uow: CompetitionUnitOfWork, contest_id: str) -> Contest:
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    uow.contests.load_cards(contest)
    status = contest.status
    contest.close()
    uow.contests.save(contest)
    _lifecycle(uow, contest, "close", status)
    return contest


def publish(uow: CompetitionUnitOfWork, contest_id: str, today: date) -> Contest:
    """Results computed once from one query of the scores, stored, and announced in the same transaction."""
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    eligibility.refresh_grades(uow.session, contest)
    status = contest.status
    contest.publish(today, uow.contests.score_rows(contest))
    uow.contests.save(contest)
    _lifecycle(uow, contest, "publish", status)
    return contest


def cancel(uow: CompetitionUnitOfWork, contest_id: str, reason: str, now: datetime) -> Contest:
    """The contest ends without results; its contestants and judges are told (ContestCancelled)."""
    contest = uow.contests.get(contest_id, lock=True)
    uow.contests.load_contestants(contest)
    status = contest.status
    judged = set(contest.assignments) | {judge_id for judge_id, _ in contest.withdrawals}
    contest.cancel(reason, at=now, judges=uow.judges.by_ids(judged).values())
    uow.contests.save(contest)
    uow.audit("cancel", KIND, contest.id, {"status": status},
              {"status": contest.status, "reason": contest.cancel_reason})
    return contest


def preview(uow: CompetitionUnitOfWork, contest_id: str) -> tuple[Contest, list[ResultRow], list[Contestant]]:
    """The ranking so far (not final) for the organizer, while running or closed."""
    contest = uow.contests.get(contest_id)
    uow.contests.load_contestants(contest)
    uow.contests.load_cards(contest)
    ranked, incomplete = contest.preview()
    return contest, ranked, incomplete


def audited(contest: Contest) -> dict:
    """What the trail keeps of a contest: its details, state and settings."""
    return {"name": contest.name, "occupation": contest.occupation, "starts_on": contest.starts_on,
            "ends_on": contest.ends_on, "status": contest.status, **contest.settings.to_dict()}


def _lifecycle(uow: CompetitionUnitOfWork, contest: Contest, action: str, before) -> None:
    after = {"status": contest.status} | ({"published_on": contest.published_on} if action == "publish" else {})
    uow.audit(action, KIND, contest.id, {"status": before}, after)
