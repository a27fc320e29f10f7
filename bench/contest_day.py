"""S8: a contest-day load (locust): 60 judges scoring on their sheets' API calls, 200 workers reading
their certificates and training, 5 HR staff exporting promotion lists, on PostgreSQL.

The whole system runs as in production (gateway, three services, a relay and a consumer each, the
scheduler, gunicorn with deploy settings) with the nginx edge in front. The same mix runs three
times, one after the other: through the edge, through the gateway (Python pass-through), and
straight at the services (the baseline). Printed per request kind: count, errors, p50/p95/p99.

    ./banzu bench contest-day                  # 5 minutes each
    BANZU_S8_SECONDS=60 ./banzu bench contest-day   # a quick run
"""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date
from pathlib import Path

from common import RUN, bus_env, free_port, remove_bus, report, scratch_databases, wait_healthy
from promotion_export import load_promotions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import system as banzu_system  # noqa: E402
from edge import Edge  # noqa: E402

CONTESTS, JUDGES_PER_CONTEST, CONTESTANTS, WORKERS = 12, 5, 20, 200
SEGMENTS = [{"code": "P", "name": "Practical", "weight": 100, "max_score": 100, "method": "judgement",
             "max_spread": 100}]
LOGS = Path(os.environ.get("BANZU_BENCH_LOGS", "/tmp"))


class Api:
    """JSON calls for setting the day up (as admin)."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def call(self, method: str, path: str, body=None, raw: bytes | None = None, content_type: str | None = None,
             expect=(200, 201)):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type or "application/json"
        request = urllib.request.Request(self.base + "/api/v1" + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {text[:300]!r}")
        return json.loads(text) if text else None

    def until_created(self, path: str, body: dict, seconds: float = 120):
        """POST until 201: a service learns of new workers through directory events."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.call("POST", path, body, expect=(201,))
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def token(secret: str, username: str, roles: list[str], employee_no: str | None = None) -> str:
    from banzu_common.auth import issue_token
    return issue_token(secret, username, roles, employee_no, 6 * 3600)


def seed(api: Api, secret: str, gateway_db: str) -> dict:
    """Teams, workers with certificates, 12 running contests with 5 judges each; promotions for HR."""
    tag = uuid.uuid4().hex[:4].upper()
    teams = [f"S{tag}{n}" for n in range(10)]
    for code in teams:
        api.call("POST", "/teams", {"code": code, "name": f"Team {code}", "company": "Contest Day Co"})
    api.call("POST", "/occupations", {"code": "electrician", "name": {"zh": "电工", "en": "Electrician"}},
             expect=(201, 409))
    people = [f"W{tag}{n:04d}" for n in range(max(WORKERS, CONTESTS * CONTESTANTS))]
    rows = "employee_no,name,team_code,occupation,grade\n" + "".join(
        f"{no},Worker {no},{teams[n % len(teams)]},electrician,junior\n" for n, no in enumerate(people))
    boundary = "s8" + uuid.uuid4().hex
    upload = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.csv\"\r\n"
              f"Content-Type: text/csv\r\n\r\n{rows}\r\n--{boundary}--\r\n").encode()
    api.call("POST", "/workers/import", raw=upload, content_type=f"multipart/form-data; boundary={boundary}")
    today = date.today()
    for n, no in enumerate(people[:WORKERS]):
        api.until_created("/credentials", {"employee_no": no, "type_code": "special_equipment", "number": f"C{no}",
                                           "issuer": "Bureau", "issued_on": today.replace(year=today.year - 1).isoformat(),
                                           "expires_on": today.replace(year=today.year + 3).isoformat()})
    judges = []
    for c in range(CONTESTS):
        contest = api.call("POST", "/contests", {"name": f"Contest day {tag} {c}", "occupation": "electrician",
                                                 "starts_on": today.isoformat(), "ends_on": today.isoformat(),
                                                 "segments": SEGMENTS})
        cid = contest["id"]
        usernames = [f"judge{tag.lower()}{c}x{j}" for j in range(JUDGES_PER_CONTEST)]
        for username in usernames:
            judge = api.call("POST", "/judges", {"name": username, "organization": "Skills Centre",
                                                 "username": username})
            api.call("POST", f"/contests/{cid}/judges", {"judge_id": judge["id"], "segments": ["P"]})
        api.call("POST", f"/contests/{cid}/open")
        for no in people[c * CONTESTANTS:(c + 1) * CONTESTANTS]:
            api.until_created(f"/contests/{cid}/contestants", {"employee_no": no})
        api.call("POST", f"/contests/{cid}/start")
        bibs = [row["bib"] for row in api.call("GET", f"/contests/{cid}/contestants")["items"]]
        judges += [{"token": token(secret, u, ["judge"]), "contest": cid, "bibs": bibs} for u in usernames]
    load_promotions(gateway_db, 5000)  # what HR exports
    return {"judges": judges,
            "workers": [{"token": token(secret, f"u{no.lower()}", ["worker"], no), "employee_no": no}
                        for no in people[:WORKERS]],
            "hr": [{"token": token(secret, f"hr{tag.lower()}{n}", ["hr"])} for n in range(5)]}


def locust(seed_file: Path, routes: dict[str, str], seconds: int, label: str) -> dict[str, dict]:
    """Runs the mix; returns locust's figures per request kind (and 'Aggregated')."""
    prefix = LOGS / f"s8-{RUN}-{label}"
    env = {**os.environ, "BANZU_S8_SEED": str(seed_file), "BANZU_S8_ROUTES": json.dumps(routes)}
    subprocess.run([str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench" / "contest_day_users.py"),
                    "--headless", "--users", "265", "--spawn-rate", "50", "--run-time", f"{seconds}s",
                    "--stop-timeout", "10", "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                   env=env, check=False, stdout=open(f"{prefix}.log", "w"), stderr=subprocess.STDOUT)
    with open(f"{prefix}_stats.csv") as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def print_table(results: dict[str, dict[str, dict]]) -> None:
    kinds = sorted({name for rows in results.values() for name in rows if name != "Aggregated"}) + ["Aggregated"]
    print(f"{'request kind':30} {'way':9} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for kind in kinds:
        for way, rows in results.items():
            row = rows.get(kind)
            if row:
                print(f"{kind:30} {way:9} {row['Request Count']:>7} {row['Failure Count']:>6} {row['50%']:>7} "
                      f"{row['95%']:>7} {row['99%']:>7}")


def worst_p95(rows: dict[str, dict]) -> float:
    """The slowest kind's p95, exports aside (S8's target is for reads and score writes)."""
    return max(float(row["95%"]) for name, row in rows.items() if name != "Aggregated" and not name.startswith("hr:"))


def run(seconds: int = int(os.environ.get("BANZU_S8_SECONDS", "300"))) -> list[dict]:
    from banzu_common.config import Settings

    parts = banzu_system.PARTS
    with scratch_databases(*parts) as urls:
        overrides = {f"BANZU_{part.upper()}_DATABASE_URL": url for part, url in zip(parts, urls)}
        overrides |= {f"BANZU_{part.upper()}_PORT": str(free_port()) for part in parts}
        overrides |= {**bus_env(), "BANZU_JWT_SECRET": uuid.uuid4().hex * 2, "BANZU_ADMIN_USERNAME": "admin",
                      "BANZU_ADMIN_PASSWORD": "S8-" + uuid.uuid4().hex, "BANZU_LOG_LEVEL": "warning",
                      # 4 web processes x 2 workers x 4 threads: within this shared server's 100 connections
                      "BANZU_WEB_WORKERS": "2", "BANZU_WEB_THREADS": "4"}
        env = banzu_system.base_env(overrides)
        banzu_system.prepare(env)
        processes = [subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True,
                                      stdout=open(LOGS / f"s8-{name}.log", "w"), stderr=subprocess.STDOUT)
                     for name, command in banzu_system.processes(env).items()]
        ports = banzu_system.ports(env)
        direct = {part: f"http://127.0.0.1:{port}" for part, port in ports.items()}
        edge = Edge(free_port(), {part: f"127.0.0.1:{port}" for part, port in ports.items()}, LOGS)
        try:
            for base in direct.values():
                wait_healthy(base)
            edge.start()
            secret = env["BANZU_JWT_SECRET"]
            os.environ["BANZU_JWT_SECRET"] = secret
            assert Settings.from_env("gateway").jwt_secret == secret
            seed_file = LOGS / f"s8-{RUN}-seed.json"
            seed_file.write_text(json.dumps(seed(Api(direct["gateway"], token(secret, "admin", ["admin"])), secret,
                                                 env["BANZU_GATEWAY_DATABASE_URL"])))
            locust(seed_file, dict.fromkeys(parts, direct["gateway"]), min(30, seconds), "warm-up")  # not counted
            results = {}
            for way, routes in (("edge", dict.fromkeys(parts, edge.url)),
                                ("gateway", dict.fromkeys(parts, direct["gateway"])),
                                ("direct", direct)):
                print(f"S8: {way}, {seconds} s ...", flush=True)
                results[way] = locust(seed_file, routes, seconds, way)
        finally:
            edge.stop()
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                process.wait(timeout=60)
            remove_bus()
    print_table(results)
    lines = []
    base = results["direct"]["Aggregated"]
    for way in ("edge", "gateway"):
        row = results[way]["Aggregated"]
        lines.append(report("S8", f"contest day through the {way}, {seconds} s, {row['Request Count']} requests: "
                                  f"errors (straight at the services: {base['Failure Count']})",
                            float(row["Failure Count"]), "errors", target="0 errors"))
        lines.append(report("S8", f"contest day through the {way}: worst p95 of the reads and score writes",
                            worst_p95(results[way]), "ms", worst_p95(results["direct"]), "straight at the services",
                            "≤ 300 ms"))
    return lines


if __name__ == "__main__":
    run()
