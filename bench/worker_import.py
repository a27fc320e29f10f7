"""S6: a bulk import of 50,000 valid workers from a CSV file, on PostgreSQL and RabbitMQ.

Measured: `banzu-admin import-workers FILE` (the operator's command: sign-in, upload with its
progress bar, validation, writes and outbox events, committed) against the gateway under gunicorn;
then, on the same clock, until the consumers of competition, training and credentials have all
applied every worker's directory event, relayed by the gateway's real relay process. Baseline, same run and rows: one bare
COPY of the same workers into an empty copy of the gateway's workers table.
"""
from __future__ import annotations

import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from common import bus_env, remove_bus, report, scratch_databases
from promotion_export import gateway_server, hr_token

from banzu_gateway.entrypoints.admin.seed import OCCUPATIONS as CATALOGUE

TEAMS = 20
# HR files carry grades as codes or as their zh or en labels; the import accepts all three.
GRADES = (("junior", "初级工"), ("intermediate", "Intermediate worker"), ("senior", "senior"),
          ("technician", "技师"), ("senior_technician", "Senior technician"))
# Occupations of the catalogue, by code or by either name as HR files carry them.
OCCUPATIONS = ("electrician", "焊工", "Fitter", "crane_operator")
PARTS = ("gateway", "competition", "training", "credentials")
LOGS = Path(os.environ.get("BANZU_BENCH_LOGS", "/tmp"))


def workers(count: int) -> list[tuple[str, str, str, str, str, str]]:
    """(employee_no, name, team_code, occupation, grade code, grade as written in the file)."""
    return [(f"W{n:06d}", f"工人{n}", f"T{n % TEAMS:02d}", OCCUPATIONS[n % len(OCCUPATIONS)], *GRADES[n % len(GRADES)])
            for n in range(count)]


def write_file(path: Path, rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("employee_no", "name", "team_code", "occupation", "grade"))
        writer.writerows((no, name, team, occupation, written) for no, name, team, occupation, _, written in rows)


def create_teams(base: str) -> None:
    """The teams and the occupation catalogue the file's rows name."""
    token = hr_token()
    bodies = [("teams", {"code": f"T{n:02d}", "name": f"第{n}班组", "company": f"Plant {n % 3}"}) for n in range(TEAMS)]
    bodies += [("occupations", {"code": code, "name": {"zh": zh, "en": en}}) for code, (zh, en) in CATALOGUE.items()]
    for resource, body in bodies:
        request = urllib.request.Request(f"{base}/api/v1/{resource}", data=json.dumps(body).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=30).close()


def count_rows(url: str, table: str) -> int:
    with psycopg.connect(url) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def wait_for_rows(url: str, table: str, total: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while count_rows(url, table) < total:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {count_rows(url, table)} of {total} rows in {table}")
        time.sleep(0.2)


def drain_with_progress(gateway_url: str, urls: list[str], total: int, seconds: float = 900) -> None:
    """Polls the gateway's outbox (relayed) and the three services' replicas of the directory
    (applied; the slowest one shown) until every worker is in all of them."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    deadline = time.monotonic() + seconds
    with Progress(*columns) as progress:
        relayed = progress.add_task("Directory events relayed by the gateway", total=total)
        applied = progress.add_task("… and applied by all three services", total=total)
        while (done := min(count_rows(url, "directory_workers") for url in urls)) < total:
            progress.update(applied, completed=done)
            progress.update(relayed, completed=total - count_rows(gateway_url, "outbox WHERE published_at IS NULL"))
            if time.monotonic() > deadline:
                raise RuntimeError(f"only {done} of {total} worker events applied")
            time.sleep(0.1)
        progress.update(applied, completed=done)
        progress.update(relayed, completed=total)


def bare_copy(url: str, rows: list[tuple]) -> float:
    now = datetime.now(timezone.utc)
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE bare_workers (LIKE workers INCLUDING ALL)")
        connection.commit()
        started = time.perf_counter()
        with connection.cursor().copy("COPY bare_workers (employee_no, name, team_code, occupation, grade, "
                                      "updated_at) FROM STDIN") as copy:
            for no, name, team, occupation, grade, _ in rows:
                copy.write_row((no, name, team, occupation, grade, now))
        connection.commit()
        return time.perf_counter() - started


def run(count: int = 50_000) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    rows = workers(count)
    with scratch_databases("gateway", "competition", "training", "credentials") as \
            (gateway_url, competition_url, training_url, credentials_url), tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, **bus_env(), "BANZU_GATEWAY_DATABASE_URL": gateway_url,
               "BANZU_COMPETITION_DATABASE_URL": competition_url, "BANZU_TRAINING_DATABASE_URL": training_url,
               "BANZU_CREDENTIALS_DATABASE_URL": credentials_url, "BANZU_ADMIN_USERNAME": "bench",
               "BANZU_ADMIN_PASSWORD": "Bench-" + secrets.token_hex(8), "BANZU_LOG_LEVEL": "warning"}
        os.environ.update({k: v for k, v in env.items() if k.startswith("BANZU_")})
        for command in (*[[f"banzu-{part}", "migrate"] for part in PARTS], ["banzu-gateway", "ensure-admin"]):
            subprocess.run([str(bin_dir / command[0]), command[1]], env=env, check=True, capture_output=True)
        file = Path(scratch) / "workers.csv"
        write_file(file, rows)
        processes = [subprocess.Popen([str(bin_dir / part), command], env=env, stderr=subprocess.STDOUT,
                                      stdout=open(LOGS / f"bench-{part}-{command}.log", "w"))
                     for part, command in (("banzu-gateway", "relay"),
                                           *[(f"banzu-{part}", "consume") for part in PARTS[1:]])]
        try:
            with gateway_server(env) as (_, base):
                create_teams(base)
                wait_for_rows(competition_url, "directory_teams", TEAMS)  # the pipeline is up and warm
                started = time.perf_counter()
                subprocess.run([str(bin_dir / "banzu-admin"), "--url", base, "import-workers", str(file)],
                               env=env, check=True)
                committed = time.perf_counter() - started
                drain_with_progress(gateway_url, [competition_url, training_url, credentials_url], count)
                drained = time.perf_counter() - started
            stored = count_rows(gateway_url, "workers")
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)
            remove_bus()
        assert stored == count, stored
        baseline = bare_copy(gateway_url, rows)
    return [
        report("S6", f"import of {count:,} workers from CSV through banzu-admin import-workers "
                     "(sign-in, upload, validation, writes, events), committed",
               committed, "s", baseline, "bare COPY of the same rows into an empty copy of the workers table",
               "≤ 15 s and ≤ 10× the baseline (≥ 0.1 × its speed)"),
        report("S6", f"… and all {count:,} directory events applied by competition, training and credentials, "
                     "from the start of the import", drained, "s", target="≤ 30 s"),
    ]


if __name__ == "__main__":
    run()
