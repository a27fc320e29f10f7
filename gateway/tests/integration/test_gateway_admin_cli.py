"""`banzu-admin` against a running gateway (a real HTTP server in a thread) and the real broker."""
from __future__ import annotations

import csv
import threading

import pytest
from openpyxl import load_workbook
from werkzeug.serving import make_server

from banzu_gateway.entrypoints import admin_cli
from banzu_gateway.service_layer import accounts
from gateway_support import promotion

PASSWORD = "Admin-Test-2026"


@pytest.fixture(scope="module")
def gateway_url(app, runtime):
    with runtime.uow() as uow:
        accounts.ensure_admin(uow, "cli-admin", PASSWORD)
        uow.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def admin(gateway_url, *argv: str) -> int:
    return admin_cli.main(["--url", gateway_url, "--user", "cli-admin", "--password", PASSWORD, *argv])


def test_import_workers_then_export_their_promotions(gateway_url, tmp_path, tag, add_team, deliver, capsys):
    team = f"K{tag}"
    add_team(team)
    upload = tmp_path / "workers.csv"
    upload.write_text(f"employee_no,name,team_code,occupation,grade\nE{tag}1,赵六,{team},welder,junior\n"
                      f"E{tag}2,钱七,{team},welder,senior\n", encoding="utf-8")
    assert admin(gateway_url, "import-workers", str(upload), "--dry-run") == 0
    assert "Dry run" in capsys.readouterr().out
    assert admin(gateway_url, "import-workers", str(upload)) == 0
    assert deliver(promotion(f"E{tag}1", team, "junior", "intermediate", "2026-08-01", source="certification")) == [
        "done"]

    out = tmp_path / "promotions.csv"
    assert admin(gateway_url, "export-promotions", "--format", "csv", "--out", str(out), "--team", team,
                 "--lang", "en") == 0
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[1][:2] == [f"E{tag}1", "赵六"] and rows[1][6] == "Intermediate worker" and len(rows) == 2
    workbook = tmp_path / "promotions.xlsx"
    assert admin(gateway_url, "export-promotions", "--format", "xlsx", "--out", str(workbook), "--team", team) == 0
    assert [row[0] for row in load_workbook(workbook).active.iter_rows(values_only=True)] == ["工号", f"E{tag}1"]


def test_an_import_with_errors_shows_them_and_fails(gateway_url, tmp_path, capsys):
    upload = tmp_path / "bad.csv"
    upload.write_text("employee_no,name,team_code,occupation,grade\nE1,,NO-TEAM,welder,junior\n", encoding="utf-8")
    assert admin(gateway_url, "import-workers", str(upload)) == 1
    assert "is required" in capsys.readouterr().out


def test_a_wrong_password_is_reported(gateway_url, capsys):
    assert admin_cli.main(["--url", gateway_url, "--user", "cli-admin", "--password", "wrong", "sweep"]) == 1
    assert "refused" in capsys.readouterr().out


def test_dead_letters_are_listed_from_the_broker(bus_settings, bus_names, infrastructure, monkeypatch, capsys):
    bus_settings("gateway")  # this run's topology is removed at the end
    monkeypatch.setenv("BANZU_BROKER_URL", infrastructure.amqp_url)
    for name, value in bus_names.items():
        monkeypatch.setenv(name, value)
    assert admin_cli.main(["dead-letters", "list", "--service", "gateway"]) == 0
    assert "Dead letters of gateway (0)" in capsys.readouterr().out
    assert admin_cli.main(["dead-letters", "replay", "--service", "gateway"]) == 0
    assert "Replayed 0 message(s)" in capsys.readouterr().out
