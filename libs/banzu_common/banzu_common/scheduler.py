"""The scheduler process: runs each part's periodic jobs (expiry sweep, mentorship lapses, …).

Jobs are listed in a TOML file (BANZU_SCHEDULE, default deploy/schedule.toml) as
`[[job]] name, every_seconds, call = "package.module:function"`. Each function runs inside its own
part's runtime (its own database); the scheduler only decides when. A failing job is logged and
tried again at its next turn; it never stops the others.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from banzu_common.audit import Actor, acting_as
from banzu_common.context import configure_logging
from banzu_common.runtime import stop_on_signals

log = logging.getLogger("banzu.scheduler")


@dataclass
class Job:
    name: str
    every_seconds: float
    call: str
    due: float = 0.0

    def function(self):
        module, _, attribute = self.call.partition(":")
        return getattr(importlib.import_module(module), attribute)


def load_jobs(path: Path) -> list[Job]:
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("job", [])
    return [Job(e["name"], float(e["every_seconds"]), e["call"], time.monotonic() + float(e.get("first_after", 5)))
            for e in entries]


def main() -> int:
    configure_logging()
    path = Path(os.environ.get("BANZU_SCHEDULE", Path(__file__).resolve().parents[3] / "deploy" / "schedule.toml"))
    jobs = load_jobs(path)
    log.info("scheduler: %d job(s) from %s", len(jobs), path)
    stop = stop_on_signals()
    while not stop.is_set():
        now = time.monotonic()
        for job in jobs:
            if job.due <= now:
                job.due = now + job.every_seconds
                try:
                    with acting_as(Actor.system(f"scheduler:{job.name}")):
                        result = job.function()()
                    log.info("job %s done: %s", job.name, result)
                except Exception:  # logged; the job runs again at its next turn
                    log.exception("job %s failed", job.name)
        stop.wait(max(0.5, min(job.due for job in jobs) - time.monotonic()) if jobs else 60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
