"""The gateway's /metrics: what it serves passes promtool, counts its own and forwarded requests,
and reports its outbox's backlog read at the scrape (docs/operations.md "Health and metrics")."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from banzu_common.testing import promtool
from banzu_common.testing_receivers import RequestRecorder


def samples(text: str) -> dict[tuple, float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_metrics_pass_promtool_and_count_forwarded_requests(client, token, monkeypatch):
    with RequestRecorder() as competition:
        monkeypatch.setenv("BANZU_COMPETITION_URL", competition.url)
        assert client.get("/api/v1/contests", headers=token("hr")).status_code == 200
    text = client.get("/metrics").get_data(as_text=True)
    promtool("check", "metrics", text=text)
    found = samples(text)
    forwarded = ("banzu_http_requests_total", (("endpoint", "pass-through:competition"), ("method", "GET"),
                                               ("service", "gateway"), ("status", "200")))
    assert found[forwarded] >= 1
    assert ("banzu_outbox_pending", (("part", "gateway"),)) in found
    assert found[("banzu_outbox_oldest_pending_age_seconds", (("part", "gateway"),))] >= 0
