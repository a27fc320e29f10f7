"""Runs Debian's nginx with Banzu's edge configuration (deploy/k8s/edge/banzu-edge.conf.template) in
front of a running Banzu on this machine: for the tests, the benchmarks and a local try-out.

    python scripts/edge.py 8080     # in front of ./banzu run's ports (8000-8003), until Ctrl-C
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "k8s" / "edge" / "banzu-edge.conf.template"
NGINX = os.environ.get("BANZU_NGINX", "/usr/sbin/nginx")


def render(upstreams: dict[str, str], listen: str) -> str:
    """The edge configuration for `upstreams` (part -> host:port), listening on `listen`."""
    values = {f"BANZU_{part.upper()}_UPSTREAM": address for part, address in upstreams.items()}
    values["BANZU_EDGE_LISTEN"] = listen
    # Nothing stands in front of a local edge: trust only a documentation address (TEST-NET-1), that
    # is, no one's X-Forwarded-For.
    values["BANZU_EDGE_TRUSTED_PROXIES"] = os.environ.get("BANZU_EDGE_TRUSTED_PROXIES", "192.0.2.1/32")
    # Like envsubst with a list of names: only ${BANZU_…}; nginx's own $variables are left alone.
    return re.sub(r"\$\{(BANZU_[A-Z_]+)\}", lambda m: values[m.group(1)], TEMPLATE.read_text())


class Edge:
    """nginx in the foreground of a temporary directory, listening on 127.0.0.1:`port`."""

    def __init__(self, port: int, upstreams: dict[str, str], log_dir: Path | None = None):
        self.port = port
        self.upstreams = upstreams
        self.dir = Path(tempfile.mkdtemp(prefix="banzu-edge-"))
        self.log_dir = log_dir or self.dir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _main_config(self) -> str:
        (self.dir / "banzu-edge.conf").write_text(render(self.upstreams, f"127.0.0.1:{self.port}"))
        temp = "".join(f"{kind}_temp_path {self.dir / kind};\n    " for kind in
                       ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers write the temp paths above
        return (f"{user}worker_processes 1;\npid {self.dir / 'nginx.pid'};\n"
                f"error_log {self.log_dir / 'edge-error.log'} warn;\nevents {{ worker_connections 1024; }}\n"
                f"http {{\n    access_log off;\n    {temp}include {self.dir / 'banzu-edge.conf'};\n}}\n")

    def check(self) -> None:
        """`nginx -t`: the configuration is valid."""
        (self.dir / "nginx.conf").write_text(self._main_config())
        subprocess.run([NGINX, "-t", "-q", "-p", str(self.dir), "-c", str(self.dir / "nginx.conf")], check=True,
                       capture_output=True)

    def start(self) -> "Edge":
        if not Path(NGINX).exists():
            raise RuntimeError(f"{NGINX} not found: apt-get install nginx-light")
        self.check()
        self.process = subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
                                         "-g", "daemon off;"], stderr=subprocess.PIPE)
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"nginx did not start: {self.process.stderr.read().decode()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finishes open requests
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "Edge":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    defaults = {"gateway": 8000, "competition": 8001, "training": 8002, "credentials": 8003}
    upstreams = {part: f"127.0.0.1:{os.environ.get(f'BANZU_{part.upper()}_PORT', port_)}"
                 for part, port_ in defaults.items()}
    with Edge(port, upstreams) as edge:
        print(f"Banzu through nginx at {edge.url} (Ctrl-C stops it)")
        try:
            edge.process.wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
