"""Two schedulers at once on PostgreSQL: each job runs once per period, in one of them; when that
one stops, the other takes over."""
from __future__ import annotations

import threading
import time

from banzu_common.scheduler import Job, JobLock, run

PERIOD = 1.0  # long beside the scheduler's own delays on a busy machine (a lock check, a late wake-up)


def scheduler(name: str, database_url: str, runs: list):
    job = Job("sweep", PERIOD, "banzu_credentials.entrypoints.cli:scheduled_sweep", due=0.0)
    job.lock = JobLock(job.name, database_url)
    job.function = lambda: (lambda: runs.append((time.monotonic(), name)))  # stands in for the real job
    stop = threading.Event()
    thread = threading.Thread(target=run, args=([job], stop), daemon=True)
    thread.start()
    return stop, thread


def gaps(runs: list) -> list[float]:
    return [b[0] - a[0] for a, b in zip(runs, runs[1:])]


def test_a_job_runs_once_per_period_with_two_schedulers(make_database):
    url = make_database("scheduler")
    runs: list = []
    stop_a, thread_a = scheduler("a", url, runs)
    deadline = time.monotonic() + 10
    while not runs:  # a holds the lock once it has run the job
        assert time.monotonic() < deadline, "a never ran the job"
        time.sleep(0.01)
    stop_b, thread_b = scheduler("b", url, runs)
    try:
        deadline = time.monotonic() + 3.5
        while time.monotonic() < deadline:
            time.sleep(0.05)
        assert {name for _, name in runs} == {"a"}, "only the scheduler holding the lock runs the job"
        assert len(runs) >= 3 and min(gaps(runs)) >= PERIOD * 0.5, "once per period"

        stop_a.set()  # a stops (or dies): its lock goes with its connection
        thread_a.join(timeout=5)
        handed_over = len(runs)
        deadline = time.monotonic() + 10
        while sum(1 for _, name in runs[handed_over:] if name == "b") < 3:
            assert time.monotonic() < deadline, "b did not take over"
            time.sleep(0.05)
        assert {name for _, name in runs[handed_over:]} == {"b"}
        assert min(gaps(runs)) >= PERIOD * 0.5, "never twice in one period, also at the hand-over"
    finally:
        stop_a.set()
        stop_b.set()
        thread_a.join(timeout=5)
        thread_b.join(timeout=5)
