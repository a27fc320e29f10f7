"""S7: every team's assessment, 1,000 teams × 20 workers, on PostgreSQL.

Data, written straight into each part's tables: the gateway's teams, workers, membership history
(one worker in twenty moved team on 1 July) and ledger (promotions and prizes); training's
attendance (ten sessions per worker over the year), plans of ten deliveries per team and three
mentorships per team; credentials' directory copy, occupation requirements and two credentials per
worker.

Measured: `GET /api/v1/assessments` through the gateway under gunicorn (the gateway reads its own
facts, asks training and credentials for their summaries of everybody in parallel, assesses and
sorts every team). Baseline, same run and data: the services' own summaries for every team, each
asked directly (`POST /training-summary`, `POST /credential-summary`); the gateway waits for the
slower of the two, so the ratio is against that one.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import ExitStack
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path

import psycopg

from common import bus_env, free_port, report, scratch_databases, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
TEAMS, PER_TEAM = 1_000, 20
YEAR, AS_OF = 2026, date(2026, 11, 30)
COURSES, SESSIONS_PER_COURSE, SESSIONS_PER_WORKER = 40, 12, 10
OCCUPATIONS = {"fitter": ("special_operation", "post_qualification"), "crane_operator": ("special_equipment",),
               "electrician": ("post_qualification",), "clerk": (), "welder": ("special_operation",)}
TYPES = ("special_operation", "special_equipment", "post_qualification")
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def employees():
    return [(f"E{n:05d}", f"T{n // PER_TEAM:04d}", list(OCCUPATIONS)[n % len(OCCUPATIONS)])
            for n in range(TEAMS * PER_TEAM)]


def load_gateway(url: str, rng: random.Random) -> None:
    people = employees()
    moved = {no for no, _, _ in people[::20]}
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY teams (code, name, company, updated_at) FROM STDIN") as copy:
            for t in range(TEAMS):
                copy.write_row((f"T{t:04d}", f"第{t}班组", "Bench Steel", NOW))
        with cursor.copy("COPY workers (employee_no, name, team_code, occupation, grade, updated_at) FROM STDIN") as copy:
            for no, team, occupation in people:
                team_now = f"T{(int(team[1:]) + 1) % TEAMS:04d}" if no in moved else team
                copy.write_row((no, f"工人{no}", team_now, occupation, "junior", NOW))
        with cursor.copy("COPY memberships (employee_no, team_code, since) FROM STDIN") as copy:
            for no, team, _ in people:
                copy.write_row((no, team, date(2024, 1, 1)))
                if no in moved:
                    copy.write_row((no, f"T{(int(team[1:]) + 1) % TEAMS:04d}", date(YEAR, 7, 1)))
        with cursor.copy('COPY ledger_entries (ref, team_code, kind, points, employee_no, "on") FROM STDIN') as copy:
            for n, (no, team, _) in enumerate(people):
                if n % 10 == 0:
                    copy.write_row((f"promotion:{n}", team, "promotion", 2, no, date(YEAR, 1 + n % 11, 1 + n % 28)))
                if n % 9 == 0:
                    copy.write_row((f"prize:{n}", team, "prize", rng.choice((2, 4, 6)), no,
                                    date(YEAR, 1 + n % 11, 1 + n % 28)))
        connection.execute("ANALYZE")


def load_training(url: str, rng: random.Random) -> None:
    people = employees()
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY courses (code, title, occupation, hours, kind) FROM STDIN") as copy:
            for c in range(COURSES):
                copy.write_row((f"C{c:02d}", f"Course {c}", "fitter", 8, "practical"))
        sessions = []  # (id, course, day)
        with cursor.copy("COPY sessions (id, course_code, trainer, location, starts_at, ends_at, utc_offset_seconds, "
                         "starts_on, capacity) FROM STDIN") as copy:
            for c in range(COURSES):
                for month in range(1, SESSIONS_PER_COURSE + 1):
                    day = date(YEAR, month, 1 + c % 28)
                    starts = datetime.combine(day, clock(8), timezone.utc)
                    sessions.append((len(sessions) + 1, f"C{c:02d}", day))
                    copy.write_row((len(sessions), f"C{c:02d}", "bench", f"Room {c}", starts,
                                    starts + timedelta(hours=8), 0, day, 500))
        connection.execute("SELECT setval('sessions_id_seq', %s)", (len(sessions),))
        with cursor.copy('COPY attendance_records (session_id, employee_no, course_code, present, hours, completed, "on") '
                         "FROM STDIN") as copy:
            for no, _, _ in people:
                for session_id, course, day in rng.sample(sessions, SESSIONS_PER_WORKER):
                    present = rng.random() < 0.9
                    copy.write_row((session_id, no, course, present, 8 if present else 0, present, day))
        with cursor.copy("COPY plans (id, team_code, year, target_hours_per_person) FROM STDIN") as copy:
            for t in range(TEAMS):
                copy.write_row((t + 1, f"T{t:04d}", YEAR, 80))
        connection.execute("SELECT setval('plans_id_seq', %s)", (TEAMS,))
        with cursor.copy("COPY plan_items (plan_id, course_code, month) FROM STDIN") as copy:
            for t in range(TEAMS):
                for item in range(10):
                    copy.write_row((t + 1, f"C{rng.randrange(COURSES):02d}", 1 + item))
        with cursor.copy("COPY mentorships (mentor, apprentice, occupation, goal_grade, starts_on, ends_on, status, "
                         "achieved_on) FROM STDIN") as copy:
            for t in range(TEAMS):
                for m in range(3):
                    mentor, apprentice = f"E{t * PER_TEAM:05d}", f"E{t * PER_TEAM + 1 + m:05d}"
                    starts = date(YEAR - 1, 7 + m * 2, 1)
                    ends = date(YEAR, 6 + m * 2, 30)
                    achieved = date(YEAR, 3 + m, 15) if (t + m) % 2 else None
                    copy.write_row((mentor, apprentice, "fitter", "intermediate", starts, ends,
                                    "achieved" if achieved else "active", achieved))
        connection.execute("ANALYZE")


def load_credentials(url: str, rng: random.Random) -> None:
    people = employees()
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        with cursor.copy("COPY directory_teams (code, name, company, changed_at) FROM STDIN") as copy:
            for t in range(TEAMS):
                copy.write_row((f"T{t:04d}", f"第{t}班组", "Bench Steel", NOW))
        with cursor.copy("COPY directory_workers (employee_no, name, team_code, company, occupation, grade, changed_at) "
                         "FROM STDIN") as copy:
            for no, team, occupation in people:
                copy.write_row((no, f"工人{no}", team, "Bench Steel", occupation, "junior", NOW))
        with cursor.copy("COPY occupation_requirements (occupation, type_code) FROM STDIN") as copy:
            for occupation, types in OCCUPATIONS.items():
                for type_code in types:
                    copy.write_row((occupation, type_code))
        with cursor.copy("COPY credentials (id, employee_no, type_code, number, issuer, issued_on, expires_on, "
                         "next_review_on, verification_code, created_at) FROM STDIN") as copy:
            for n, (no, _, occupation) in enumerate(people):
                for type_code in (OCCUPATIONS[occupation] or TYPES[:1]) if n % 7 else TYPES[2:]:
                    issued = date(2021, 1, 1) + timedelta(days=rng.randrange(1_800))
                    copy.write_row((str(uuid.uuid4()), no, type_code, f"N{n}-{type_code}", "Bureau", issued,
                                    issued + timedelta(days=rng.choice((730, 1_460, 2_190))),
                                    issued + timedelta(days=1_095) if type_code == "special_operation" else None,
                                    uuid.uuid4().hex[:16], NOW))
        connection.execute("ANALYZE")


def server(stack: ExitStack, env: dict, app: str) -> str:
    url = f"http://127.0.0.1:{free_port()}"
    process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"),
                                "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                "--bind", url.removeprefix("http://"), app],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stack.callback(lambda: (process.terminate(), process.wait(timeout=30)))
    wait_healthy(url)
    return url


def timed(url: str, token: str, body: dict | None = None, times: int = 5) -> tuple[float, dict]:
    """(fastest seconds of `times`, the answer's JSON), the body read to its end."""
    best, answer = float("inf"), None
    for _ in range(times):
        request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            data = response.read()
        best = min(best, time.perf_counter() - started)
        answer = json.loads(data)
    return best, answer


def run() -> list[dict]:
    from banzu_common.auth import issue_token

    rng = random.Random(7)
    bin_dir = Path(sys.executable).parent
    with scratch_databases("gateway", "training", "credentials") as (gateway_db, training_db, credentials_db):
        env = {**os.environ, **bus_env(), "BANZU_LOG_LEVEL": "warning", "BANZU_GATEWAY_DATABASE_URL": gateway_db,
               "BANZU_TRAINING_DATABASE_URL": training_db, "BANZU_CREDENTIALS_DATABASE_URL": credentials_db}
        for part in ("gateway", "training", "credentials"):
            subprocess.run([str(bin_dir / f"banzu-{part}"), "migrate"], env=env, check=True, capture_output=True)
        load_gateway(gateway_db, rng)
        load_training(training_db, rng)
        load_credentials(credentials_db, rng)
        os.environ.update({k: v for k, v in env.items() if k.startswith("BANZU_")})
        from banzu_common.config import Settings
        token = issue_token(Settings.from_env("gateway").jwt_secret, "bench", ["hr"], None, 3600)
        with ExitStack() as stack:
            training = server(stack, env, "banzu_training.entrypoints.wsgi:app")
            credentials = server(stack, env, "banzu_credentials.entrypoints.wsgi:app")
            gateway = server(stack, env | {"BANZU_TRAINING_URL": training, "BANZU_CREDENTIALS_URL": credentials},
                             "banzu_gateway.entrypoints.wsgi:app")
            query = f"year={YEAR}&as_of={AS_OF.isoformat()}"
            everybody = {"year": YEAR, "as_of": AS_OF.isoformat()}
            timed(f"{gateway}/api/v1/assessments?{query}", token, times=2)  # warm up every process
            seconds, page = timed(f"{gateway}/api/v1/assessments?{query}", token)
            training_seconds, summary = timed(f"{training}/api/v1/training-summary", token, everybody)
            credentials_seconds, standing = timed(f"{credentials}/api/v1/credential-summary", token,
                                                  {"as_of": AS_OF.isoformat()})
    assert page["total"] == TEAMS and all(item["score"] is not None for item in page["items"]), page["items"][:2]
    assert len(standing["workers"]) == TEAMS * PER_TEAM and len(summary["plans"]) == TEAMS
    slower = max(training_seconds, credentials_seconds)
    return [
        report("S7", f"GET /assessments, {TEAMS:,} teams × {PER_TEAM} workers (best of 5)", seconds, "s", slower,
               "the slower of the services' own summaries for every team, asked directly", "≤ 1 s"),
        report("S7", f"training's summary of {len(summary['workers']):,} workers and {len(summary['plans']):,} plans",
               training_seconds, "s"),
        report("S7", f"credentials' summary of {len(standing['workers']):,} workers", credentials_seconds, "s"),
    ]


if __name__ == "__main__":
    run()
