"""One part's web server as deployed (gunicorn with deploy/gunicorn.conf.py, two workers): /metrics
counts every request once, whichever worker served it or answers the scrape, and keeps the counts
of a worker that was replaced (Prometheus multiprocess mode, banzu_common/metrics.py)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from banzu_common.testing import promtool
from client import eventually
from system_harness import free_port, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def healthz_count(url: str) -> float:
    with urllib.request.urlopen(url + "/metrics", timeout=5) as answer:
        text = answer.read().decode()
    promtool("check", "metrics", text=text)
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == "banzu_http_requests_total" and sample.labels["endpoint"] == "/healthz")


def get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=5) as answer:  # a new connection each time: any worker takes it
        answer.read()


def workers_of(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


@pytest.fixture
def training_server(make_database, tmp_path):
    env = dict(os.environ, BANZU_TRAINING_DATABASE_URL=make_database("metrics"), BANZU_METRICS_DIR=str(tmp_path),
               BANZU_WEB_WORKERS="2", BANZU_WEB_THREADS="2")
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    subprocess.run([str(BIN / "banzu-training"), "migrate"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([str(BIN / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                               "--bind", f"127.0.0.1:{port}", "banzu_training.entrypoints.wsgi:app"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url)
        yield server, url, tmp_path
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def test_counters_add_up_over_both_workers_and_survive_a_replaced_one(training_server):
    server, url, metrics_base = training_server
    before = counted = healthz_count(url)  # the start-up checks' requests
    made = 0
    for _ in range(8):
        for _ in range(25):
            get(url + "/healthz")
        made += 25
        now = healthz_count(url)
        assert now == before + made, "every request counted once, whichever worker served it"
        assert now >= counted and healthz_count(url) == now, "never back, and the same from every worker"
        counted = now
    (directory,) = metrics_base.glob("banzu-metrics-*")
    assert len(list(directory.glob("counter_*.db"))) == 2, "both workers served and kept their counts"

    replaced = min(workers_of(server.pid))
    os.kill(replaced, signal.SIGTERM)
    eventually(lambda: replaced not in (now := workers_of(server.pid)) and len(now) >= 2,
               "gunicorn starts a new worker")
    wait_healthy(url)
    assert healthz_count(url) >= counted + 1, "the replaced worker's requests still count"
