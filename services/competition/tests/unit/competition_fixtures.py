"""The worked example of domain.md, and builders for contests in each state."""
from __future__ import annotations

import random
from datetime import date, datetime, timezone
from decimal import Decimal

from banzu_competition.domain import (
    Contest,
    ContestantRow,
    CredentialSnapshot,
    Judge,
    ScoreRow,
    WorkerSnapshot,
    parse_settings,
)

STARTS_ON = date(2026, 5, 10)
PUBLISHED_ON = date(2026, 5, 20)
AT = datetime(2026, 5, 10, 9, 0, tzinfo=timezone.utc)
COMPANY = "Acme Power"

SEGMENTS = [
    {"code": "T", "name": "Theory", "weight": 20, "max_score": 100, "method": "measurement"},
    {"code": "P", "name": "Practical", "weight": 60, "max_score": 100, "method": "judgement", "max_spread": 20},
    {"code": "F", "name": "Troubleshooting", "weight": 20, "max_score": 50, "method": "judgement", "max_spread": 10},
]

# contestant: (T score, P scores, F scores, grade)
EXAMPLE = {
    "A": (90, [80, 84, 86, 88, 90], [40, 42, 44], "intermediate"),
    "B": (80, [88, 88, 90, 92, 94], [40, 40, 43], "senior"),
    "C": (70, [70, 72, 74, 76, 78], [30, 35, 37], "junior"),
    "D": (50, [50, 55, 60, 58, 52], [20, 25, 24], "junior"),
}

P_JUDGES = ["p1", "p2", "p3", "p4", "p5"]
F_JUDGES = ["f1", "f2", "f3"]
T_JUDGE = "t1"


def example_settings(**overrides):
    return parse_settings({"segments": SEGMENTS, **overrides})


def example_rows() -> tuple[list[ContestantRow], list[ScoreRow]]:
    contestants = []
    scores = []
    for bib, (employee_no, (theory, practical, troubleshooting, grade)) in enumerate(EXAMPLE.items(), start=1):
        contestants.append(ContestantRow(employee_no, f"team-{employee_no}", grade, bib))
        scores.append(ScoreRow(employee_no, "T", Decimal(theory)))
        scores += [ScoreRow(employee_no, "P", Decimal(value)) for value in practical]
        scores += [ScoreRow(employee_no, "F", Decimal(value)) for value in troubleshooting]
    return contestants, scores


def worker(employee_no: str, grade: str = "senior", team_code: str | None = None) -> WorkerSnapshot:
    return WorkerSnapshot(employee_no, f"Worker {employee_no}", team_code or f"team-{employee_no}", COMPANY, "electrician", grade)


def judge(judge_id: str, organization: str = "Provincial Skills Centre", **conflicts) -> Judge:
    return Judge(
        id=judge_id,
        name=f"Judge {judge_id}",
        organization=organization,
        conflict_teams=frozenset(conflicts.get("teams", ())),
        conflict_workers=frozenset(conflicts.get("workers", ())),
    )


JUDGES = {judge_id: judge(judge_id) for judge_id in [*P_JUDGES, *F_JUDGES, T_JUDGE]}


def draft_contest(**settings) -> Contest:
    return Contest(
        id=7,
        name="Substation electricians 2026",
        occupation="electrician",
        starts_on=STARTS_ON,
        ends_on=date(2026, 5, 12),
        settings=example_settings(**settings),
    )


def open_contest(**settings) -> Contest:
    contest = draft_contest(**settings)
    for judge_id in P_JUDGES:
        contest.assign(judge_id, ["P"])
    for judge_id in F_JUDGES:
        contest.assign(judge_id, ["F"])
    contest.assign(T_JUDGE, ["T"])
    contest.open()
    return contest


def running_contest(**settings) -> Contest:
    contest = open_contest(**settings)
    for employee_no, (*_, grade) in EXAMPLE.items():
        contest.register(employee_no, worker(employee_no, grade))
    contest.start(random.Random(42), JUDGES)
    return contest


def bib_of(contest: Contest, employee_no: str) -> int:
    return contest.contestants[employee_no].bib


def score_example(contest: Contest) -> None:
    """Enter every score of the worked example, each by its judge."""
    for employee_no, (theory, practical, troubleshooting, _) in EXAMPLE.items():
        bib = bib_of(contest, employee_no)
        contest.enter_score(JUDGES[T_JUDGE], "T", bib, theory, by=T_JUDGE, at=AT)
        for judge_id, value in zip(P_JUDGES, practical):
            contest.enter_score(JUDGES[judge_id], "P", bib, value, by=judge_id, at=AT)
        for judge_id, value in zip(F_JUDGES, troubleshooting):
            contest.enter_score(JUDGES[judge_id], "F", bib, value, by=judge_id, at=AT)


def valid_credential(type_code: str = "special_operation", **changes) -> CredentialSnapshot:
    fields = {"issued_on": date(2024, 1, 1), "expires_on": date(2030, 1, 1), **changes}
    return CredentialSnapshot(type_code, **fields)
