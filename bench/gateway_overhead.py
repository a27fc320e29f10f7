"""S1: an authenticated read through the gateway vs the same read straight at the service.

Both run under gunicorn with the same settings (deploy/gunicorn.conf.py) on PostgreSQL; wrk drives
32 connections for throughput and 1 connection for latency. The direct call is the baseline. The
same read also goes through the production edge (nginx with deploy/k8s/edge, which sends the
service's path straight to it), the other way to deploy the gateway's routing.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from common import bus_env, report, scratch_databases, wait_healthy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from edge import Edge  # noqa: E402
PATH = "/api/v1/credential-types"


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
        return shutil.which("wrk")
    raise SystemExit("S1 needs wrk (Debian package wrk): apt-get install wrk")


def wrk(url: str, token: str, connections: int, seconds: int) -> tuple[float, float]:
    """(requests per second, median latency in ms)."""
    out = subprocess.run([ensure_wrk(), f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-H", f"Authorization: Bearer {token}", url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", out).groups()
    median_ms = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    return rps, median_ms


def run(seconds: int = 10) -> list[dict]:
    bin_dir = Path(sys.executable).parent
    with scratch_databases("gateway", "credentials") as (gateway_url, credentials_url):
        env = {**os.environ, **bus_env(), "BANZU_GATEWAY_DATABASE_URL": gateway_url,
               "BANZU_CREDENTIALS_DATABASE_URL": credentials_url, "BANZU_CREDENTIALS_URL": "http://127.0.0.1:18003",
               "BANZU_WEB_WORKERS": "2", "BANZU_WEB_THREADS": "8", "BANZU_LOG_LEVEL": "warning"}
        for part in ("gateway", "credentials"):
            subprocess.run([str(bin_dir / f"banzu-{part}"), "migrate"], env=env, check=True, capture_output=True)
        servers = [subprocess.Popen([str(bin_dir / "gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                                     "--bind", f"127.0.0.1:{port}", app], env=env, stdout=subprocess.DEVNULL,
                                    stderr=open(f"/tmp/s1-{port}.log", "w"))
                   for port, app in ((18000, "banzu_gateway.entrypoints.wsgi:app"),
                                     (18003, "banzu_credentials.entrypoints.wsgi:app"))]
        edge = Edge(18080, {"gateway": "127.0.0.1:18000", "credentials": "127.0.0.1:18003",
                            "competition": "127.0.0.1:18001", "training": "127.0.0.1:18002"})
        try:
            edge.start()
            wait_healthy("http://127.0.0.1:18000")
            wait_healthy("http://127.0.0.1:18003")
            os.environ["BANZU_JWT_SECRET"] = env.get("BANZU_JWT_SECRET", "")
            from banzu_common.auth import issue_token
            from banzu_common.config import Settings
            token = issue_token(Settings.from_env("gateway").jwt_secret, "bench", ["hr"], None, 3600)
            wrk("http://127.0.0.1:18000" + PATH, token, 4, 2)  # warm both
            direct_rps, direct_p50 = wrk("http://127.0.0.1:18003" + PATH, token, 32, seconds)
            gateway_rps, gateway_p50 = wrk("http://127.0.0.1:18000" + PATH, token, 32, seconds)
            _, direct_one = wrk("http://127.0.0.1:18003" + PATH, token, 1, 5)
            _, gateway_one = wrk("http://127.0.0.1:18000" + PATH, token, 1, 5)
            edge_rps, _ = wrk(edge.url + PATH, token, 32, seconds)
            _, edge_one = wrk(edge.url + PATH, token, 1, 5)
        finally:
            edge.stop()
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    return [
        report("S1", "authenticated read through the gateway, 32 connections", gateway_rps, "req/s", direct_rps,
               "same read straight at the service", "ratio ≥ 0.5"),
        report("S1", "added median latency at 1 connection", gateway_one - direct_one, "ms",
               target="≤ 1 ms"),
        report("S1", "the same read through the nginx edge, 32 connections", edge_rps, "req/s", direct_rps,
               "same read straight at the service", "ratio ≥ 0.5"),
        report("S1", "added median latency at 1 connection through the nginx edge", edge_one - direct_one, "ms",
               target="≤ 1 ms"),
    ]


if __name__ == "__main__":
    run()
