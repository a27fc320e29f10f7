"""The processes that make up a running Banzu, shared by `./banzu run` and the end-to-end tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("gateway", "competition", "training", "credentials")
WSGI = {
    "gateway": "banzu_gateway.entrypoints.wsgi:app",
    "competition": "banzu_competition.entrypoints.wsgi:app",
    "training": "banzu_training.entrypoints.wsgi:app",
    "credentials": "banzu_credentials.entrypoints.wsgi:app",
}


def bin_path(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def ports(env: dict) -> dict[str, int]:
    return {part: int(env[f"BANZU_{part.upper()}_PORT"]) for part in PARTS}


def processes(env: dict) -> dict[str, list[str]]:
    """name -> command line: four web servers, a relay and a consumer per part, the gateway's sender of
    e-mails and robot messages, the scheduler."""
    host = env.get("BANZU_HOST", "127.0.0.1")
    commands: dict[str, list[str]] = {}
    for part, port in ports(env).items():
        commands[part] = [bin_path("gunicorn"), "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                          "--bind", f"{host if part == 'gateway' else '127.0.0.1'}:{port}", WSGI[part]]
        commands[f"{part}-relay"] = [bin_path(f"banzu-{part}"), "relay"]
        commands[f"{part}-consumer"] = [bin_path(f"banzu-{part}"), "consume"]
    commands["gateway-sender"] = [bin_path("banzu-gateway"), "send"]
    commands["scheduler"] = [sys.executable, "-m", "banzu_common.scheduler"]
    return commands


def service_env(env: dict) -> dict:
    """Where the gateway finds the services."""
    return {f"BANZU_{part.upper()}_URL": f"http://127.0.0.1:{port}" for part, port in ports(env).items()
            if part != "gateway"}


def prepare(env: dict) -> None:
    """Migrates every part's database, side by side (each its own database, each migration in a process
    that spends most of its time starting), and makes sure the first admin exists."""
    migrations = {part: subprocess.Popen([bin_path(f"banzu-{part}"), "migrate"], env=env) for part in PARTS}
    failed = [part for part, migration in migrations.items() if migration.wait() != 0]
    if failed:
        raise subprocess.CalledProcessError(migrations[failed[0]].returncode, f"banzu-{failed[0]} migrate")
    subprocess.run([bin_path("banzu-gateway"), "ensure-admin"], env=env, check=True)


def base_env(overrides: dict | None = None) -> dict:
    env = dict(os.environ)
    env.setdefault("BANZU_GATEWAY_PORT", env.get("BANZU_PORT", "8000"))
    env.setdefault("BANZU_COMPETITION_PORT", "8001")
    env.setdefault("BANZU_TRAINING_PORT", "8002")
    env.setdefault("BANZU_CREDENTIALS_PORT", "8003")
    env.setdefault("BANZU_SCHEDULE", str(ROOT / "deploy" / "schedule.toml"))
    env.update(overrides or {})
    env.update({k: v for k, v in service_env(env).items() if k not in (overrides or {})})
    return env
