"""What ships is safe as it is (quality R18): the demo signs tokens and session cookies with a secret
made for its own installation and kept in its data folder, no secret is written in the code, production
starts only with a secret of its own, and demo accounts and data are never added in production.
(The compose file and the Kubernetes manifests: test_deployment_files.py.)"""
from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from banzu_common.config import ConfigurationError, Settings, installation_secret

from banzu_gateway.entrypoints import admin_cli
from banzu_gateway.entrypoints.admin import seed

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import run_local  # noqa: E402


def in_repository(text: str) -> bool:
    return subprocess.run(["git", "grep", "-q", "-F", text], cwd=ROOT).returncode == 0


@pytest.fixture
def development(monkeypatch):
    for name in ("BANZU_JWT_SECRET", "BANZU_ENV", "BANZU_ADMIN_USERNAME", "BANZU_ADMIN_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_each_demo_installation_signs_with_a_secret_of_its_own(development, tmp_path):
    made = {}
    for name in ("plant-a", "plant-b"):
        data_dir = tmp_path / name
        username, password, _ = run_local.admin_credentials(data_dir)
        env = run_local.demo_env(data_dir, username, password)
        made[name] = env["BANZU_JWT_SECRET"]
        assert len(made[name]) >= 32 and not in_repository(made[name])
        kept = data_dir / "token-secret"
        assert kept.read_text().strip() == made[name] and kept.stat().st_mode & 0o077 == 0, "kept, for its owner only"
        assert (data_dir / "demo-admin.json").stat().st_mode & 0o077 == 0
        # every process of the installation (and a command run by hand there) finds the same secret
        development.setenv("BANZU_DATA_DIR", str(data_dir))
        assert {Settings.from_env(part).jwt_secret for part in ("gateway", "competition", "credentials")} == {made[name]}
        assert run_local.demo_env(data_dir, username, password)["BANZU_JWT_SECRET"] == made[name], "kept across runs"
    assert made["plant-a"] != made["plant-b"]
    assert Settings("gateway", "sqlite://").jwt_secret != Settings("gateway", "sqlite://").jwt_secret, \
        "settings made in code get a fresh secret, never one written in the code"


def test_processes_starting_together_keep_one_secret(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        made = set(pool.map(lambda _: installation_secret(tmp_path), range(32)))
    assert made == {(tmp_path / "token-secret").read_text()} and len(list(tmp_path.iterdir())) == 1


def test_demo_accounts_get_a_password_of_the_installation(development, tmp_path):
    first = run_local.demo_passwords(tmp_path / "a")
    assert first == run_local.demo_passwords(tmp_path / "a"), "kept across runs"
    second = run_local.demo_passwords(tmp_path / "b")
    assert first["demo_password"] != second["demo_password"] and first["password"] != second["password"]
    assert not in_repository(first["demo_password"])


def test_production_starts_only_with_a_secret_of_its_own(development, tmp_path):
    development.setenv("BANZU_ENV", "production")
    development.setenv("BANZU_DATA_DIR", str(tmp_path))
    development.setenv("BANZU_GATEWAY_DATABASE_URL", "postgresql://db.example/banzu_gateway")
    with pytest.raises(ConfigurationError, match="BANZU_JWT_SECRET"):
        Settings.from_env("gateway")
    assert list(tmp_path.iterdir()) == [], "production never makes a secret of its own: every process shares one"
    development.setenv("BANZU_JWT_SECRET", "s" * 31)
    with pytest.raises(ConfigurationError, match="BANZU_JWT_SECRET"):
        Settings.from_env("gateway")


def test_seed_demo_refuses_production(development, capsys):
    development.setenv("BANZU_ENV", "production")
    closed = "http://127.0.0.1:9"  # nothing may be called: the refusal comes first
    assert admin_cli.main(["--url", closed, "--password", "x", "seed-demo"]) == 2
    assert "refuses to run where BANZU_ENV is production" in capsys.readouterr().out
    with pytest.raises(seed.RefusedInProduction):
        seed.seed(closed, "admin", "x", "y")
    development.setattr(sys, "argv", ["run_local.py"])
    assert run_local.main() == 1
    assert "BANZU_ENV=production" in capsys.readouterr().out
