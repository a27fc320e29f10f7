"""The monitoring files beside the manifests (deploy/prometheus): alert rules that promtool accepts and
whose unit tests pass, and a Grafana dashboard whose queries use only metrics Banzu exposes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY, generate_latest
from sqlalchemy import MetaData

from banzu_common.db import make_engine
from banzu_common.messaging.tables import add_messaging_tables
from banzu_common.metrics import OutboxBacklog
from banzu_common.testing import promtool

import banzu_gateway.service_layer.sending  # noqa: F401  (the sender's metrics)

MONITORING = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}


def exposed_names() -> set[str]:
    """Every series name a Banzu process can expose (the process metrics and the outbox backlog)."""
    outbox = add_messaging_tables(metadata := MetaData())["outbox"]
    engine = make_engine("sqlite://")
    metadata.create_all(engine)
    families = [*REGISTRY.collect(), *OutboxBacklog("gateway", engine, outbox).collect()]
    return {family.name + suffix for family in families for suffix in SUFFIXES.get(family.type, ("",))}


def names_in(expression: str) -> set[str]:
    return set(re.findall(r"\bbanzu_[a-z_]+\b", expression))


def test_the_alert_rules_are_valid_and_pass_their_unit_tests():
    promtool("check", "rules", str(MONITORING / "banzu-alerts.yml"))
    promtool("test", "rules", str(MONITORING / "banzu-alerts.test.yml"))


def test_alerts_cover_a_stuck_outbox_dead_letters_and_stopped_consumers():
    rules = yaml.safe_load((MONITORING / "banzu-alerts.yml").read_text())
    alerts = {rule["alert"]: rule["expr"] for group in rules["groups"] for rule in group["rules"]}
    assert {"BanzuOutboxStuck", "BanzuDeadLetters", "BanzuConsumerDown", "BanzuConsumerNotConsuming"} <= set(alerts)
    known = exposed_names()
    for name, expression in alerts.items():
        assert names_in(expression) <= known, f"{name} uses metrics nothing exposes"


def test_the_dashboard_queries_metrics_that_exist():
    dashboard = json.loads((MONITORING / "banzu-dashboard.json").read_text())
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    known = exposed_names()
    assert expressions and all(names_in(expression) for expression in expressions)
    for expression in expressions:
        assert names_in(expression) <= known, expression
    assert {"banzu_outbox_oldest_pending_age_seconds", "banzu_queue_messages", "banzu_relay_published_total",
            "banzu_consumer_messages_total"} <= set().union(*map(names_in, expressions))


def test_a_background_process_endpoint_passes_promtool():
    """What BANZU_METRICS_PORT serves (prometheus_client's own server over the default registry)."""
    promtool("check", "metrics", text=generate_latest(REGISTRY).decode())
