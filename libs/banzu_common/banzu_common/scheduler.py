"""The scheduler process: runs each part's periodic jobs (expiry sweep, mentorship lapses, …).

Jobs are listed in a TOML file (BANZU_SCHEDULE, default deploy/schedule.toml) as
`[[job]] name, every_seconds, call = "package.module:function"`. Each function runs inside its own
part's runtime (its own database); the scheduler only decides when. A failing job is logged and
tried again at its next turn; it never stops the others.

Two schedulers may run at once (a rolling update, a second replica): on PostgreSQL a job runs only
in the scheduler that holds its lock, a session-level advisory lock in the job's part's database
(the part is named by the job's module, `banzu_<part>.…`, or by `part = "…"`), kept on an open
connection. The other scheduler tries again at each turn and takes over when the holder's
connection ends (it stopped or died). On SQLite (one machine) run one scheduler.
"""
from __future__ import annotations

import hashlib
import importlib
import logging
import os
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from banzu_common.audit import Actor, acting_as
from banzu_common.config import Settings
from banzu_common.context import configure_logging
from banzu_common.db import is_sqlite, make_engine
from banzu_common.heartbeat import beat
from banzu_common.metrics import SCHEDULER_RUNS, serve_from_env
from banzu_common.runtime import stop_on_signals

log = logging.getLogger("banzu.scheduler")


class JobLock:
    """The right to run one job: a PostgreSQL advisory lock held on a connection kept open (none is
    needed on SQLite). `held()` takes it if it is free and tells whether this scheduler has it."""

    def __init__(self, job_name: str, database_url: str):
        self.engine: Engine | None = None if is_sqlite(database_url) else make_engine(
            database_url, pool_size=1, max_overflow=0, isolation_level="AUTOCOMMIT")
        digest = hashlib.blake2b(f"banzu.scheduler:{job_name}".encode(), digest_size=8).digest()
        self.key = int.from_bytes(digest, "big", signed=True)
        self.connection: Connection | None = None

    def held(self) -> bool:
        if self.engine is None:
            return True
        try:
            if self.connection is not None:
                self.connection.execute(text("SELECT 1"))  # the lock lives as long as this session
                return True
            connection = self.engine.connect()
            if connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key}):
                self.connection = connection
                return True
            connection.close()
            return False
        except Exception as error:  # database away: the lock is gone with the session
            log.warning("scheduler: lock check failed (%s); not running the job now", error.__class__.__name__)
            self.release()
            return False

    def release(self) -> None:
        if self.connection is not None:
            try:
                self.connection.invalidate()  # really ends the session (and the lock), not back to the pool
                self.connection.close()
            except Exception:
                pass
            self.connection = None


@dataclass
class Job:
    name: str
    every_seconds: float
    call: str
    due: float = 0.0
    part: str | None = None
    lock: JobLock | None = field(default=None, repr=False)

    def function(self):
        module, _, attribute = self.call.partition(":")
        return getattr(importlib.import_module(module), attribute)

    @property
    def owner(self) -> str:
        """The part whose database holds the job's lock."""
        return self.part or self.call.split(".", 1)[0].removeprefix("banzu_")

    def run_if_due(self, now: float) -> None:
        if self.due > now:
            return
        self.due = now + self.every_seconds
        if self.lock is None:
            self.lock = JobLock(self.name, Settings.from_env(self.owner).database_url)
        if not self.lock.held():
            log.debug("job %s: another scheduler runs it", self.name)
            return
        try:
            with acting_as(Actor.system(f"scheduler:{self.name}")):
                result = self.function()()
            log.info("job %s done: %s", self.name, result)
            SCHEDULER_RUNS.labels(self.name, "done").inc()
        except Exception:  # logged; the job runs again at its next turn
            log.exception("job %s failed", self.name)
            SCHEDULER_RUNS.labels(self.name, "failed").inc()


def load_jobs(path: Path) -> list[Job]:
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("job", [])
    return [Job(e["name"], float(e["every_seconds"]), e["call"], time.monotonic() + float(e.get("first_after", 5)),
                e.get("part")) for e in entries]


def run(jobs: list[Job], stop) -> None:
    """Runs the jobs at their turns until `stop` is set."""
    try:
        while not stop.is_set():
            beat()
            now = time.monotonic()
            for job in jobs:
                job.run_if_due(now)
            stop.wait(max(0.05, min([job.due - time.monotonic() for job in jobs] + [10.0])))
    finally:
        for job in jobs:
            if job.lock is not None:
                job.lock.release()


def main() -> int:
    configure_logging()
    path = Path(os.environ.get("BANZU_SCHEDULE", Path(__file__).resolve().parents[3] / "deploy" / "schedule.toml"))
    jobs = load_jobs(path)
    log.info("scheduler: %d job(s) from %s", len(jobs), path)
    serve_from_env()
    run(jobs, stop_on_signals())
    return 0


if __name__ == "__main__":
    sys.exit(main())
