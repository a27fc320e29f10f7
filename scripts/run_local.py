"""`./banzu run`: the whole system on this machine, on SQLite, with demo data.

Starts the gateway, the three services, a relay and a consumer for each, and the scheduler (honcho);
Ctrl-C stops them all. Without a reachable broker it still starts: writes succeed and events wait in
the outboxes until one is there.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

from honcho.manager import Manager
from honcho.printer import Printer

sys.path.insert(0, str(Path(__file__).parent))
from banzu_common.config import DEFAULT_BROKER, in_production, installation_secret  # noqa: E402
from banzu_gateway.entrypoints.admin import seed as seed_demo  # noqa: E402
import system  # noqa: E402


def demo_passwords(data_dir: Path) -> dict:
    """The admin's and the demo accounts' passwords picked on the first demo run, kept in the data folder."""
    saved = data_dir / "demo-admin.json"
    kept = json.loads(saved.read_text()) if saved.exists() else {}
    missing = {key: make() for key, make in (("username", lambda: "admin"), ("password", seed_demo.pick_password),
                                             ("demo_password", seed_demo.pick_password)) if key not in kept}
    if missing:
        kept |= missing
        data_dir.mkdir(parents=True, exist_ok=True)
        saved.touch(mode=0o600)
        saved.write_text(json.dumps(kept))
    return kept


def admin_credentials(data_dir: Path) -> tuple[str, str, bool]:
    """From the environment, else the pair picked on the first demo run (kept in the data folder)."""
    if os.environ.get("BANZU_ADMIN_USERNAME") and os.environ.get("BANZU_ADMIN_PASSWORD"):
        return os.environ["BANZU_ADMIN_USERNAME"], os.environ["BANZU_ADMIN_PASSWORD"], False
    kept = demo_passwords(data_dir)
    return kept["username"], kept["password"], True


def demo_env(data_dir: Path, username: str, password: str) -> dict:
    """The environment of every process of this demo: its data folder, its admin, and the token secret
    made for this installation and kept in the data folder (unless BANZU_JWT_SECRET names one)."""
    env = system.base_env({"BANZU_DATA_DIR": str(data_dir), "BANZU_ADMIN_USERNAME": username,
                           "BANZU_ADMIN_PASSWORD": password})
    if not env.get("BANZU_JWT_SECRET"):
        env["BANZU_JWT_SECRET"] = installation_secret(data_dir)
    return env


def port_free(host: str, port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) != 0


def broker_up(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5672), timeout=1):
            return True
    except OSError:
        return False


def wait_ready(url: str, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return True
        except OSError:
            time.sleep(0.5)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-demo", action="store_true", help="do not add demo users, teams and workers")
    args = parser.parse_args()
    if in_production():
        print("`./banzu run` is a demonstration on SQLite with demo accounts: unset BANZU_ENV=production to run it.")
        return 1
    data_dir = Path(os.environ.get("BANZU_DATA_DIR", system.ROOT / "var")).resolve()
    username, password, picked = admin_credentials(data_dir)
    env = demo_env(data_dir, username, password)
    if not args.no_demo:
        env.setdefault("BANZU_DEMO", "1")  # a demonstration may move its clock forward (a later day's sweep)
    host, port = env.get("BANZU_HOST", "127.0.0.1"), int(env["BANZU_GATEWAY_PORT"])
    url = f"http://{host}:{port}"
    env.setdefault("BANZU_PUBLIC_URL", url)
    busy = [f"{part} :{p}" for part, p in system.ports(env).items() if not port_free("127.0.0.1", p)]
    if busy:
        print(f"Ports in use ({', '.join(busy)}): stop what uses them or set BANZU_PORT / BANZU_<PART>_PORT.")
        return 1
    broker = env.get("BANZU_BROKER_URL", DEFAULT_BROKER)
    if not broker_up(broker):
        print("No RabbitMQ at BANZU_BROKER_URL: Banzu starts anyway and events wait in the outboxes. "
              "Start one with `rabbitmq-server -detached`.")
    system.prepare(env)

    manager = Manager(Printer(sys.stdout))
    for name, command in system.processes(env).items():
        manager.add_process(name, " ".join(command), env=env, cwd=str(system.ROOT))

    def welcome() -> None:
        if not wait_ready(url):
            return
        demo_password = demo_passwords(data_dir)["demo_password"]
        demo = [] if args.no_demo else seed_demo.seed(url, username, password, demo_password)
        lines = [f"Banzu is running: open {url}/  (API docs: {url}/docs)",
                 f"  admin sign-in: {username} / {password}" + ("  (picked for this demo; kept in "
                                                                f"{data_dir}/demo-admin.json)" if picked else "")]
        lines += [f"  {who}: {name} / {demo_password}" for who, name, _ in demo]
        lines.append("  Ctrl-C stops everything.")
        width = max(len(line) for line in lines)
        print("\n" + "=" * width + "\n" + "\n".join(lines) + "\n" + "=" * width + "\n", flush=True)

    threading.Thread(target=welcome, daemon=True).start()
    manager.loop()
    return manager.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
