"""S5: the HR promotion list exported as CSV and XLSX, 100,000 promotions on PostgreSQL.

Measured: `GET /api/v1/promotions?format=csv|xlsx` against the gateway under gunicorn, the body read
to its end; and the serving worker's peak resident memory for an export of 10,000 and of 100,000
rows, each on a fresh one-worker server, so that the peak belongs to that export alone. Baselines,
same run and data: for CSV, PostgreSQL's own `COPY (SELECT …) TO STDOUT WITH CSV` of the same
columns in the same order, read through psycopg; for XLSX, the service's CSV export.
"""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import psycopg

from common import bus_env, free_port, report, scratch_databases, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
TEAMS = 10  # promotions spread evenly over the teams: one team's export is a tenth of the whole
PATH = "/api/v1/promotions"
CHUNK = 64 * 1024


def load_promotions(url: str, count: int) -> None:
    grades = ("junior", "intermediate", "senior", "technician", "senior_technician")
    occupations = ("electrician", "welder", "fitter", "crane operator")
    first_day = date(2024, 1, 1)
    with psycopg.connect(url) as connection:
        with connection.cursor() as cursor:
            with cursor.copy("COPY promotions (promotion_id, employee_no, name, team_code, team_name, occupation, "
                             "from_grade, to_grade, source, source_id, source_name, effective_on) "
                             "FROM STDIN") as copy:
                for n in range(count):
                    team = n % TEAMS
                    step = n % 4
                    source = "contest" if n % 3 else "certification"
                    copy.write_row((f"P{n:07d}", f"E{n % 60000:06d}", f"工人{n % 60000}", f"T{team:02d}",
                                    f"第{team}班组", occupations[n % len(occupations)], grades[step], grades[step + 1],
                                    source, f"S{n % 40}", f"{source} {n % 40}",
                                    first_day + timedelta(days=n % 730)))
        connection.execute("ANALYZE promotions")


@contextmanager
def gateway_server(env: dict, workers: int | None = None):
    """(gunicorn master process, base URL) of the gateway on a free port, deploy settings."""
    if workers is not None:
        env = env | {"BANZU_WEB_WORKERS": str(workers)}
    url = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"),
                               "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                               "--bind", url.removeprefix("http://"), "banzu_gateway.entrypoints.wsgi:app"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(url)
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def hr_token() -> str:
    from banzu_common.auth import issue_token
    from banzu_common.config import Settings
    return issue_token(Settings.from_env("gateway").jwt_secret, "bench", ["hr"], None, 3600)


def download(url: str, token: str) -> tuple[bytes, float, float, dict]:
    """(body, seconds to the first bytes, seconds to the end, headers), read as it streams in."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as answer:
        chunks = [answer.read1(CHUNK)]
        first = time.perf_counter() - started
        while chunk := answer.read(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks), first, time.perf_counter() - started, dict(answer.headers)


def fastest(url: str, token: str, times: int = 3) -> tuple[bytes, float, float, dict]:
    return min((download(url, token) for _ in range(times)), key=lambda answer: answer[2])


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`: gunicorn's workers."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The fields after the command name, which is in parentheses and may hold spaces.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def export_peak_rss(env: dict, token: str, query: str) -> float:
    """The worker's peak resident memory (MB) for one export, on a fresh, warmed one-worker server."""
    with gateway_server(env, workers=1) as (server, url):
        download(f"{url}{PATH}?per_page=1", token)  # loads the code and opens the pool
        (worker,) = children(server.pid)
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # peak := current, so the export's own peak shows
        download(f"{url}{PATH}?{query}", token)
        return peak_rss_mb(worker)


def copy_to_csv(url: str) -> float:
    """Seconds for PostgreSQL to send the same columns, in the same order, as CSV."""
    from banzu_gateway.exports.promotions import COLUMNS
    select = f"SELECT {', '.join(COLUMNS)} FROM promotions ORDER BY effective_on, employee_no, promotion_id"
    timings = []
    with psycopg.connect(url) as connection:
        for _ in range(3):
            with connection.cursor() as cursor:
                started = time.perf_counter()
                with cursor.copy(f"COPY ({select}) TO STDOUT WITH CSV") as copy:
                    for _block in copy:
                        pass
                timings.append(time.perf_counter() - started)
    return min(timings)


def csv_data_rows(body: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""))) - 1


def run(count: int = 100_000) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    with scratch_databases("gateway") as (url,):
        env = {**os.environ, **bus_env(), "BANZU_GATEWAY_DATABASE_URL": url, "BANZU_LOG_LEVEL": "warning"}
        os.environ.update({k: v for k, v in env.items() if k.startswith("BANZU_")})
        subprocess.run([str(bin_dir / "banzu-gateway"), "migrate"], env=env, check=True, capture_output=True)
        load_promotions(url, count)
        token = hr_token()
        with gateway_server(env) as (_, base):
            download(f"{base}{PATH}?format=csv&team=T00", token)  # warm up
            body, first_byte, csv_seconds, headers = fastest(f"{base}{PATH}?format=csv", token)
            xlsx, _, xlsx_seconds, _ = fastest(f"{base}{PATH}?format=xlsx", token)
        rows = csv_data_rows(body)
        assert rows == count, rows
        assert "Content-Length" not in headers, "the CSV export was not streamed"
        assert xlsx[:2] == b"PK", xlsx[:20]
        memory = {(file_format, query): export_peak_rss(env, token, f"format={file_format}{query}")
                  for file_format in ("csv", "xlsx") for query in ("&team=T00", "")}
        baseline = copy_to_csv(url)
    return [
        report("S5", f"CSV export of {rows:,} promotions, streamed (first bytes after {first_byte * 1000:,.0f} ms)",
               csv_seconds, "s", baseline, "COPY … TO STDOUT WITH CSV of the same columns through psycopg", "≤ 2 s"),
        report("S5", f"XLSX export of {count:,} promotions ({len(xlsx) / 1e6:,.1f} MB)", xlsx_seconds, "s",
               csv_seconds, "the service's CSV export of the same rows", "≤ 10 s"),
        report("S5", f"worker peak RSS, CSV export of {count:,} rows", memory["csv", ""], "MB",
               memory["csv", "&team=T00"], f"the same for {count // TEAMS:,} rows", "flat as rows grow"),
        report("S5", f"worker peak RSS, XLSX export of {count:,} rows", memory["xlsx", ""], "MB",
               memory["xlsx", "&team=T00"], f"the same for {count // TEAMS:,} rows", "flat as rows grow"),
    ]


if __name__ == "__main__":
    run()
