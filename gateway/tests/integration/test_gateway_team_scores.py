"""Team score ledger fed by events (domain.md, "Team scores"), its API and its role checks."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from banzu_common.messaging.contracts import WorkerUpserted

from banzu_gateway.adapters.tables import ledger_entries, metadata, promotions, workers
from banzu_gateway.service_layer import team_scores
from gateway_support import again, expired, problem_of, promotion, results

outbox = metadata.tables["outbox"]


@pytest.fixture
def example(tag, add_team, deliver):
    """domain.md's example for team T (A -> senior, W -> intermediate, a second prize, an expiry), and a
    team U with B -> technician, a first and a third prize; every event delivered once."""
    t, u = f"T{tag}", f"U{tag}"
    emp = {name: f"E{tag}{name}" for name in "ABCWX"}
    add_team(t, (emp["A"], "Worker A", "intermediate"), (emp["W"], "Worker W", "junior"), (emp["X"], "Worker X", "senior"))
    add_team(u, (emp["B"], "Worker B", "senior"), (emp["C"], "Worker C", "junior"))
    events = [
        promotion(emp["A"], t, "intermediate", "senior", "2026-03-02"),
        promotion(emp["B"], u, "senior", "technician", "2026-03-02"),
        results(f"C{tag}", "2026-03-02", (emp["B"], u, "first"), (emp["A"], t, "second"), (emp["C"], u, "third")),
        promotion(emp["W"], t, "junior", "intermediate", "2026-05-10", source="certification",
                  source_name="Intermediate electrician"),
        expired(emp["X"], "2026-05-31"),
    ]
    assert deliver(*events) == ["done"] * len(events)
    return {"t": t, "u": u, "emp": emp, "events": events}


def score_of(client, token, team, period="2026", **headers):
    return client.get(f"/api/v1/teams/{team}/score", query_string={"period": period}, headers=headers or token("hr"))


def test_the_spec_example_scores_76_three_stars(client, token, example):
    body = score_of(client, token, example["t"]).get_json()
    assert Decimal(body["score"]) == 76 and body["rating"] == "three_star"
    assert body["team"] == example["t"] and body["period"] == "2026"
    ledger = sorted((row["kind"], Decimal(row["points"]), row["on"]) for row in body["ledger"])
    assert ledger == [("expiry", Decimal(-3), "2026-06-01"), ("prize", Decimal(4), "2026-03-02"),
                      ("promotion", Decimal(2), "2026-05-10"), ("promotion", Decimal(3), "2026-03-02")]
    assert {row["employee_no"] for row in body["ledger"]} == {example["emp"][n] for n in "AWX"}


def test_events_delivered_twice_change_nothing(client, token, runtime, example, deliver):
    events = example["events"]
    assert deliver(*events) == ["done"] * len(events)  # redelivered messages: same event ids
    assert deliver(*map(again, events)) == ["done"] * len(events)  # the same facts in new messages
    assert Decimal(score_of(client, token, example["t"]).get_json()["score"]) == 76
    with runtime.uow() as uow:
        refs = uow.session.scalars(select(ledger_entries.c.ref).where(
            ledger_entries.c.team_code.in_([example["t"], example["u"]]))).all()
        stored = uow.session.scalars(select(promotions.c.promotion_id).where(
            promotions.c.employee_no.in_(example["emp"].values()))).all()
    assert len(refs) == len(set(refs)) == 7
    assert len(stored) == 3


def test_quarters_count_what_took_effect_in_them(client, token, example):
    q1 = score_of(client, token, example["t"], "2026-Q1").get_json()
    q2 = score_of(client, token, example["t"], "2026-Q2").get_json()
    q4 = score_of(client, token, example["t"], "2026-Q4").get_json()
    assert (Decimal(q1["score"]), Decimal(q2["score"]), Decimal(q4["score"])) == (77, 69, 70)
    assert (q1["rating"], q2["rating"]) == ("three_star", "needs_improvement") and q4["ledger"] == []


def test_the_current_year_is_the_default_period(client, token, example):
    body = client.get(f"/api/v1/teams/{example['t']}/score", headers=token("hr")).get_json()
    assert body["period"] == "2026" and Decimal(body["score"]) == 76


def test_a_promotion_raises_the_directory_grade_and_announces_it(runtime, example, deliver):
    emp = example["emp"]
    with runtime.uow() as uow:
        grades = dict(uow.session.execute(select(workers.c.employee_no, workers.c.grade)
                                          .where(workers.c.employee_no.in_([emp["A"], emp["B"], emp["W"]]))).all())
        announced = [row.body for row in uow.session.execute(select(outbox.c.body).where(
            outbox.c.type == WorkerUpserted.TYPE, outbox.c.body.contains(f'"employee_no": "{emp["B"]}"')))]
    assert grades == {emp["A"]: "senior", emp["B"]: "technician", emp["W"]: "intermediate"}
    assert any('"grade": "technician"' in body for body in announced)


def test_an_older_lower_promotion_never_lowers_a_grade(runtime, example, deliver, client, token):
    b, u = example["emp"]["B"], example["u"]
    assert deliver(promotion(b, u, "intermediate", "senior", "2026-01-15")) == ["done"]
    with runtime.uow() as uow:
        assert uow.session.scalar(select(workers.c.grade).where(workers.c.employee_no == b)) == "technician"
    # the late promotion still counts for the team: 70 + 5 + 6 + 2 + 3
    assert Decimal(score_of(client, token, u).get_json()["score"]) == 86


def test_the_scoreboard_ranks_teams_best_first(client, token, example, add_team, tag):
    add_team(f"Z{tag}")
    body = client.get("/api/v1/scoreboard", query_string={"period": "2026", "per_page": 500, "lang": "en"},
                      headers=token("hr")).get_json()
    rows = {row["team"]: row for row in body["items"]}
    assert [Decimal(rows[code]["score"]) for code in (example["u"], example["t"], f"Z{tag}")] == [83, 76, 70]
    assert rows[example["u"]]["rating"] == "four_star" and rows[example["u"]]["rating_label"] == "Four stars"
    scores = [Decimal(row["score"]) for row in body["items"]]
    assert scores == sorted(scores, reverse=True) and body["total"] == len(body["items"])


def test_a_team_member_may_see_the_score_and_others_may_not(client, token, example):
    member = token("worker", employee_no=example["emp"]["A"])
    outsider = token("worker", employee_no=example["emp"]["B"])
    assert score_of(client, token, example["t"], **member).status_code == 200
    refused = score_of(client, token, example["t"], **outsider)
    assert refused.status_code == 403 and problem_of(refused)["status"] == 403
    assert score_of(client, token, example["t"], **token("trainer")).status_code == 403
    assert client.get("/api/v1/scoreboard", headers=member).status_code == 403
    unauthenticated = client.get(f"/api/v1/teams/{example['t']}/score")
    assert unauthenticated.status_code == 401 and problem_of(unauthenticated)["status"] == 401


@pytest.mark.parametrize("period", ["26", "2026-Q5", "2026Q1", "", "0000"])
def test_a_bad_period_is_invalid_input(client, token, example, period):
    answer = score_of(client, token, example["t"], period)
    assert answer.status_code == 422 and "period" in problem_of(answer)["errors"]


def test_an_unknown_team_is_not_found(client, token):
    assert client.get("/api/v1/teams/NO-SUCH-TEAM/score", headers=token("hr")).status_code == 404


def test_an_unreadable_event_is_retried_not_applied(deliver, tag):
    broken = promotion(f"E{tag}", f"T{tag}", "senior", "junior", "2026-03-02")
    assert deliver(broken) == ["retry"]


@pytest.fixture
def site_settings(tmp_path, monkeypatch):
    """A site settings file (BANZU_SCORING_SETTINGS) in force for one test."""
    path = tmp_path / "scoring.toml"
    path.write_text("[score]\nbase = 60\n\n[prize_points]\nsecond = 10\n", encoding="utf-8")
    monkeypatch.setenv("BANZU_SCORING_SETTINGS", str(path))
    team_scores.scoring_settings.cache_clear()
    yield
    team_scores.scoring_settings.cache_clear()


def test_a_site_settings_file_changes_the_rules(client, token, example, site_settings):
    # ledger entries keep the points of their day (4 for the prize); the base comes from the file
    body = score_of(client, token, example["t"]).get_json()
    assert Decimal(body["score"]) == 66 and body["rating"] == "needs_improvement"
