"""S4: publishing a contest of 2,000 contestants, 7 judges and 4 segments (~40,000 scores).

Measured: `POST /api/v1/contests/{id}/publish` against the competition service under gunicorn on
PostgreSQL — loading, computing, storing results and writing the outbox events, committed. Baseline,
same run and data: the pure in-memory computation of the same results (domain compute_results).
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
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from common import bus_env, report, scratch_databases

ROOT = Path(__file__).resolve().parents[1]
PORT = 18101
SEGMENTS = [
    {"code": "T", "name": "Theory", "weight": 20, "max_score": 100, "method": "measurement"},
    {"code": "P", "name": "Practical", "weight": 40, "max_score": 100, "method": "judgement", "max_spread": 100},
    {"code": "F", "name": "Troubleshooting", "weight": 20, "max_score": 50, "method": "judgement", "max_spread": 50},
    {"code": "S", "name": "Safety", "weight": 20, "max_score": 20, "method": "judgement", "max_spread": 20},
]


def build_closed_contest(url: str, contestants: int, judges: int) -> tuple[str, list, list]:
    """A closed contest written straight into the service's tables (setting it up through the API
    would take most of the benchmark's time)."""
    from banzu_competition.adapters import tables as t
    from banzu_competition.domain import parse_settings

    rng = random.Random(7)
    settings = parse_settings({"segments": SEGMENTS})
    now = datetime.now(timezone.utc)
    contest_id = str(uuid.uuid4())
    judge_ids = [str(uuid.uuid4()) for _ in range(judges)]
    people = [(f"E{n:05d}", f"TEAM{n % 50}", rng.choice(["junior", "intermediate", "senior"]), n + 1)
              for n in range(contestants)]
    score_rows = []
    for employee_no, _, _, bib in people:
        for segment in settings.segments:
            top = int(segment.max_score)
            slots = ["measurement"] if segment.method == "measurement" else judge_ids
            for slot in slots:
                value = Decimal(rng.randint(top // 2 * 2, top * 2)) / 2
                score_rows.append({"contest_id": contest_id, "segment": segment.code, "employee_no": employee_no,
                                   "slot": slot, "bib": bib, "judge_id": None if slot == "measurement" else slot,
                                   "value": value, "entered_by": "bench", "entered_at": now})
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(insert(t.contests).values(
            id=contest_id, name="Benchmark contest", occupation="electrician", starts_on=date.today(),
            ends_on=date.today(), status="closed", settings=settings.to_dict(), created_at=now, created_by="bench"))
        connection.execute(insert(t.judges), [{"id": j, "name": j, "organization": "Center", "conflict_teams": [],
                                               "conflict_workers": [], "created_at": now} for j in judge_ids])
        connection.execute(insert(t.assignments), [{"contest_id": contest_id, "judge_id": j, "segment": s["code"]}
                                                   for j in judge_ids for s in SEGMENTS])
        connection.execute(insert(t.contestants), [
            {"contest_id": contest_id, "employee_no": e, "name": e, "team_code": team, "company": "Plant",
             "grade": grade, "bib": bib, "registered_at": now} for e, team, grade, bib in people])
        connection.execute(insert(t.scores), score_rows)
    engine.dispose()
    return contest_id, people, [(r["employee_no"], r["segment"], r["value"]) for r in score_rows]


def in_memory(people, score_rows) -> float:
    from banzu_competition.domain import ContestantRow, compute_results, parse_settings
    settings = parse_settings({"segments": SEGMENTS})
    rows = [ContestantRow(*p) for p in people]
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        compute_results(settings, rows, score_rows)
        timings.append(time.perf_counter() - started)
    return min(timings)


def run(contestants: int = 2000, judges: int = 7) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    with scratch_databases("competition") as (url,):
        env = {**os.environ, **bus_env(), "BANZU_COMPETITION_DATABASE_URL": url, "BANZU_LOG_LEVEL": "warning"}
        os.environ.update({k: v for k, v in env.items() if k.startswith("BANZU_")})
        subprocess.run([str(bin_dir / "banzu-competition"), "migrate"], env=env, check=True, capture_output=True)
        contest_id, people, score_rows = build_closed_contest(url, contestants, judges)
        server = subprocess.Popen([str(bin_dir / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                   "--bind", f"127.0.0.1:{PORT}", "banzu_competition.entrypoints.wsgi:app"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            from banzu_common.auth import issue_token
            from banzu_common.config import Settings
            token = issue_token(Settings.from_env("competition").jwt_secret, "bench", ["organizer"], None, 600)
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            request = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/v1/contests/{contest_id}/publish",
                                             data=b"{}", method="POST",
                                             headers={"Authorization": f"Bearer {token}",
                                                      "Content-Type": "application/json"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as answer:
                status = json.loads(answer.read())["status"]
            elapsed = time.perf_counter() - started
            assert status == "published", status
            engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
            with engine.connect() as connection:
                stored = connection.execute(text("SELECT count(*) FROM results")).scalar()
                events = connection.execute(text("SELECT count(*) FROM outbox")).scalar()
            engine.dispose()
        finally:
            server.terminate()
            server.wait(timeout=30)
    baseline = in_memory(people, score_rows)
    return [report("S4", f"publish {contestants:,} contestants × {judges} judges × 4 segments "
                         f"({len(score_rows):,} scores; {stored:,} results, {events:,} events stored)",
                   elapsed, "s", baseline, "in-memory computation of the same results", "≤ 3 s")]


if __name__ == "__main__":
    run()
