"""docker-compose.yml, the Dockerfile and the Kubernetes manifests agree with the code.

No Docker engine runs here, so instead of starting them this checks what would break first: every
command names a real entry point, every dependency and URL names a real service, health checks
exist, and the image contains what the commands need.
"""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
PART_DIRS = {"gateway": ROOT / "gateway", "competition": ROOT / "services" / "competition",
             "training": ROOT / "services" / "training", "credentials": ROOT / "services" / "credentials"}
SUBCOMMANDS = {"migrate", "relay", "consume", "ensure-admin", "send", "digest"}


def console_scripts() -> dict[str, str]:
    scripts = {}
    for directory in PART_DIRS.values():
        project = tomllib.loads((directory / "pyproject.toml").read_text())["project"]
        scripts.update(project.get("scripts", {}))
    return scripts


def check_command(argv: list[str]) -> None:
    """Fails unless `argv` would start a real Banzu entry point."""
    if argv[:2] == ["sh", "-c"]:
        for step in argv[2].split("&&"):
            check_command(step.split())
        return
    program = argv[0]
    if program == "gunicorn":
        module, _, attribute = argv[-1].partition(":")
        assert importlib.util.find_spec(module) is not None, f"{argv[-1]}: no module {module}"
        assert attribute == "app" and "\napp = " in Path(importlib.util.find_spec(module).origin).read_text()
        config = argv[argv.index("--config") + 1]
        assert (ROOT / config).exists(), f"gunicorn config {config} is missing"
    elif program == "python":
        assert argv[1] == "-m" and importlib.util.find_spec(argv[2]) is not None, argv
    else:
        scripts = console_scripts()
        assert program in scripts, f"{program} is not a console script of any part"
        module = scripts[program].split(":")[0]
        assert importlib.util.find_spec(module) is not None, f"{program} -> {module} does not exist"
        assert argv[1] in SUBCOMMANDS, f"{program} {argv[1]}: unknown sub-command"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_compose_service_is_runnable(name):
    service = SERVICES[name]
    assert "image" in service or "build" in service, f"{name} has neither image nor build"
    if "build" in service:
        assert (ROOT / service["build"]["context"] / service["build"]["dockerfile"]).exists()
        check_command(service["command"])
    for dependency in service.get("depends_on", {}):
        assert dependency in SERVICES, f"{name} depends on unknown service {dependency}"


def test_long_running_servers_have_health_checks_and_the_gateway_is_published():
    for name in ("postgres", "rabbitmq", "gateway", "competition", "training", "credentials"):
        assert "healthcheck" in SERVICES[name], f"{name} needs a health check"
    assert "8000:8000" in SERVICES["gateway"]["ports"]
    assert {"5432:5432"} <= set(SERVICES["postgres"]["ports"]), "tests reach PostgreSQL through this port"
    assert {"5672:5672"} <= set(SERVICES["rabbitmq"]["ports"]), "tests reach RabbitMQ through this port"


def test_urls_in_the_environment_point_at_compose_services():
    environment = SERVICES["gateway"]["environment"]
    for key, value in environment.items():
        if key.endswith("_URL") and value and "://" in value and not value.startswith("$"):
            host = urlparse(value).hostname
            assert host in SERVICES or host == "localhost", f"{key}={value}: no service {host}"
    for part in ("competition", "training", "credentials"):
        assert urlparse(environment[f"BANZU_{part.upper()}_URL"]).port == 8000
        assert "0.0.0.0:8000" in SERVICES[part]["command"]


def test_the_image_contains_what_the_commands_need():
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    for copied in ("libs/", "services/", "gateway/", "deploy/"):
        assert f"COPY {copied}" in dockerfile
    for directory in PART_DIRS.values():
        assert f"./{directory.relative_to(ROOT)}" in dockerfile, f"{directory} is not installed in the image"
    assert "BANZU_SCHEDULE=/app/deploy/schedule.toml" in dockerfile


def test_kubernetes_manifests_run_the_same_entry_points():
    commands = []
    for manifest in (ROOT / "deploy" / "k8s").glob("*.yaml"):
        for document in yaml.safe_load_all(manifest.read_text()):
            spec = (document or {}).get("spec", {})
            template = spec.get("template", {}).get("spec", {})
            commands += [c["command"] for c in template.get("containers", []) if "command" in c]
    assert len(commands) >= 4 * 3 + 2, "web, relay and consumer per part, the scheduler and the migration"
    for command in commands:
        check_command(command)


def test_scheduled_jobs_exist():
    schedule = tomllib.loads((ROOT / "deploy" / "schedule.toml").read_text())
    for job in schedule["job"]:
        module, _, function = job["call"].partition(":")
        spec = importlib.util.find_spec(module)
        assert spec is not None and f"def {function}(" in Path(spec.origin).read_text(), job["call"]


def test_every_background_process_of_the_run_command_is_deployed():
    """Relays, consumers, the sender and the scheduler: what `./banzu run` starts, compose and the
    Kubernetes manifests run too."""
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    import system
    env = system.base_env({})
    wanted = {tuple(Path(part).name if n == 0 else part for n, part in enumerate(command))
              for name, command in system.processes(env).items() if name not in system.PARTS}
    wanted = {("python", *command[1:]) if command[0].startswith("python") else command for command in wanted}
    composed = {tuple(service["command"]) for service in SERVICES.values() if "command" in service}
    manifests = set()
    for manifest in (ROOT / "deploy" / "k8s").glob("*.yaml"):
        for document in yaml.safe_load_all(manifest.read_text()):
            template = (document or {}).get("spec", {}).get("template", {}).get("spec", {})
            manifests |= {tuple(c["command"]) for c in template.get("containers", []) if "command" in c}
    assert ("banzu-gateway", "send") in wanted
    assert wanted <= composed, wanted - composed
    assert wanted <= manifests, wanted - manifests
