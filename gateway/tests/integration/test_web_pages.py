"""Web pages' content: certificates with status colours and QR codes, verification, contest results,
the promotion list with its files, and the scoreboard with stars and a ledger chart."""
from __future__ import annotations

import csv
import io
import re
import socket

import pytest

from banzu_gateway.entrypoints import pass_through
from gateway_support import promotion, results
from web_support import FakeServices, sign_in_as

CREDENTIAL_TYPES = {"items": [{"code": "special_equipment", "name_zh": "特种设备作业人员证",
                               "name_en": "Special equipment operator certificate"}]}


def credential(number: str, status: str, days_left: int | None) -> dict:
    return {"id": f"id-{number}", "type_code": "special_equipment", "type_name": "特种设备作业人员证", "number": number,
            "issuer": "Provincial bureau", "issued_on": "2022-12-20", "expires_on": "2026-12-20",
            "next_review_on": None, "verification_code": f"code-{number}", "status": status, "days_left": days_left}


@pytest.fixture
def fake(monkeypatch) -> FakeServices:
    fake = FakeServices()
    monkeypatch.setattr(pass_through, "client", fake)
    return fake


def test_my_certificates_show_status_colours_in_words_and_qr_codes(client, fake):
    items = [credential("N-OK", "valid", 400), credential("N-SOON", "expiring", 28),
             credential("N-OLD", "expired", -3), credential("N-GONE", "revoked", 100)]
    fake.answer("credentials", "/credentials/me", 200, {"items": items, "page": 1, "per_page": 500, "total": 4})
    fake.answer("credentials", "/credential-types", 200, CREDENTIAL_TYPES)
    sign_in_as(client, "worker", employee_no="E1")
    page = client.get("/me/certificates", headers={"Accept-Language": "en"}).get_data(as_text=True)
    tones = set(re.findall(r'class="certificate tone-(\w+)" data-status="(\w+)"', page))
    assert tones == {("ok", "valid"), ("warn", "expiring"), ("bad", "expired"), ("bad", "revoked")}
    for words in ("Valid", "Expiring soon", "Expired", "Revoked", "28 days", "3 days overdue",
                  "Special equipment operator certificate", 'src="/me/certificates/id-N-OK/qr.png"',
                  'href="/verify/N-OK?code=code-N-OK"'):
        assert words in page
    _service, _path, headers = fake.calls[0]
    assert headers["Authorization"].startswith("Bearer "), "the service is asked as the signed-in worker"


def test_the_qr_code_comes_through_the_gateway_for_its_holder_only(client, fake):
    fake.answer("credentials", "/credentials/id-1/qr.png", 200, b"\x89PNG...", "image/png")
    fake.answer("credentials", "/credentials/id-2/qr.png", 403, {"status": 403})
    sign_in_as(client, "worker", employee_no="E1")
    image = client.get("/me/certificates/id-1/qr.png")
    assert image.status_code == 200 and image.content_type == "image/png" and image.data == b"\x89PNG..."
    assert client.get("/me/certificates/id-2/qr.png").status_code == 403


def test_verification_needs_no_sign_in_and_shows_the_masked_holder(client, fake):
    fake.answer("credentials", "/verify/N-1", 200, {
        "number": "N-1", "type": "special_equipment", "type_name": "特种设备作业人员证",
        "type_name_en": "Special equipment operator certificate", "holder": "张*三", "issued_on": "2022-12-20",
        "expires_on": "2026-12-20", "status": "expiring", "as_of": "2026-11-22"})
    page = client.get("/verify/N-1?code=abc").get_data(as_text=True)
    assert "张*三" in page and "即将到期" in page and 'class="verified tone-warn"' in page
    assert "特种设备作业人员证" in page and "2026-12-20" in page
    _service, path, headers = fake.calls[-1]
    assert path == "/api/v1/verify/N-1?code=abc" and "Authorization" not in headers


def test_a_wrong_code_and_an_unknown_number_get_the_same_page(client, fake):
    fake.answer("credentials", "/verify/N-1", 404, {"status": 404})
    wrong_code = client.get("/verify/N-1?code=wrong")
    unknown = client.get("/verify/N-404?code=wrong")
    assert wrong_code.status_code == unknown.status_code == 404
    assert wrong_code.get_data(as_text=True) == unknown.get_data(as_text=True).replace("N-404", "N-1")


def test_contest_results_show_ranks_totals_segments_prizes_and_promotions(client, fake):
    contest = {"id": "c1", "name": "Electrician contest", "occupation": "electrician", "starts_on": "2026-03-01",
               "ends_on": "2026-03-02", "status": "published", "published_on": "2026-03-02",
               "segments": [{"code": "T", "name": "Theory", "weight": "20"}, {"code": "P", "name": "Practical",
                                                                           "weight": "80"}]}
    rows = [{"rank": 1, "employee_no": "E2", "name": "Worker B", "team_code": "U", "total": "86.40",
             "segments": {"T": "80.00", "P": "90.00"}, "prize": "first",
             "promotion": {"from_grade": "senior", "to_grade": "technician"}},
            {"rank": 2, "employee_no": "E1", "name": "Worker A", "team_code": "T", "total": "72.00",
             "segments": {"T": "90.00", "P": "67.50"}, "prize": None, "promotion": None}]
    fake.answer("competition", "/contests", 200, {"items": [contest], "page": 1, "per_page": 20, "total": 1})
    fake.answer("competition", "/contests/c1/results", 200, {"contest": contest, "items": rows, "page": 1,
                                                            "per_page": 500, "total": 2})
    sign_in_as(client, "organizer")
    listing = client.get("/contests", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Results published" in listing and 'href="/contests/c1/results"' in listing
    page = client.get("/contests/c1/results", headers={"Accept-Language": "en"}).get_data(as_text=True)
    for words in ("86.40", "90.00 %", "67.50 %", "First prize", "Senior worker → Technician", "Practical"):
        assert words in page


def test_results_not_yet_published_say_so(client, fake):
    fake.answer("competition", "/contests/c2/results", 409, {"status": 409, "reason": "not_published"})
    fake.answer("competition", "/contests/c2", 200, {"id": "c2", "name": "Welding", "occupation": "welder",
                                                     "starts_on": "2026-03-01", "ends_on": "2026-03-02",
                                                     "status": "running", "segments": []})
    sign_in_as(client, "worker", employee_no="E1")
    response = client.get("/contests/c2/results")
    assert response.status_code == 409 and "尚未公布" in response.get_data(as_text=True)


def test_an_unreachable_service_gets_a_page_saying_so(client, monkeypatch):
    with socket.socket() as probe:  # a port nothing listens on, even with a demo system running here
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("BANZU_CREDENTIALS_URL", f"http://127.0.0.1:{closed}")
    sign_in_as(client, "worker", employee_no="E1")
    response = client.get("/me/certificates")
    assert response.status_code == 503 and "text/html" in response.content_type


@pytest.fixture
def promoted(tag, add_team, deliver) -> dict:
    team, other = f"P{tag}", f"Q{tag}"
    add_team(team, (f"E{tag}A", "Worker A", "intermediate"), (f"E{tag}B", "Worker B", "junior"))
    add_team(other, (f"E{tag}C", "Worker C", "junior"))
    assert deliver(promotion(f"E{tag}A", team, "intermediate", "senior", "2026-03-02"),
                   promotion(f"E{tag}B", team, "junior", "intermediate", "2026-05-10", source="certification",
                             source_name="Intermediate electrician"),
                   promotion(f"E{tag}C", other, "junior", "intermediate", "2026-06-01"),
                   results(f"C{tag}", "2026-03-02", (f"E{tag}A", team, "second"))) == ["done"] * 4
    return {"team": team, "other": other, "tag": tag}


def test_hr_filters_the_promotion_list(client, promoted):
    sign_in_as(client, "hr")
    page = client.get("/promotions", query_string={"team": promoted["team"], "source": "contest"},
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Worker A" in page and "Worker B" not in page and "Worker C" not in page
    assert "Intermediate worker" in page and "Senior worker" in page
    assert f'href="/promotions/export.csv?team={promoted["team"]}&amp;source=contest"' in page
    for label in ("Effective from", "Effective to", "Team", "Source", "Grade reached"):
        assert re.search(rf'<label for="\w+">{label}</label>', page)


def test_the_csv_download_has_the_filtered_rows(client, promoted):
    sign_in_as(client, "hr")
    response = client.get("/promotions/export.csv", query_string={"team": promoted["team"], "from": "2026-04-01"})
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][0] == "工号" and [row[0] for row in rows[1:]] == [f"E{promoted['tag']}B"]
    assert rows[1][4] == "电工", "the occupation by its name in the page's language"
    xlsx = client.get("/promotions/export.xlsx", query_string={"team": promoted["team"]})
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_invalid_filters_are_shown_next_to_their_fields(client):
    sign_in_as(client, "hr")
    response = client.get("/promotions", query_string={"from": "2026-13-01", "grade": "emperor"},
                          headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="from-error"' in page and 'aria-invalid="true"' in page and "<table" not in page
    assert client.get("/promotions/export.csv?to=someday").status_code == 400


def test_promotion_list_pages(client, tag, add_team, deliver):
    team = f"R{tag}"
    add_team(team, *[(f"E{tag}{n:02d}", f"Worker {n}", "junior") for n in range(25)])
    deliver(*[promotion(f"E{tag}{n:02d}", team, "junior", "intermediate", "2026-02-01") for n in range(25)])
    sign_in_as(client, "hr")
    first = client.get("/promotions", query_string={"team": team}, headers={"Accept-Language": "en"})
    assert "25 in all, page 1 of 2" in first.get_data(as_text=True)
    second = client.get("/promotions", query_string={"team": team, "page": 2}).get_data(as_text=True)
    assert second.count(f"E{tag}") == 5


def test_the_scoreboard_shows_star_ratings(client, promoted):
    sign_in_as(client, "hr")
    page = client.get("/scoreboard?period=2026", headers={"Accept-Language": "en"}).get_data(as_text=True)
    row = re.search(rf'<tr data-team="{promoted["team"]}">(.*?)</tr>', page, re.S)[1]
    assert "79.00" in row and "★★★☆☆" in row and "3 of 5 stars" in row and "Three stars" in row
    assert client.get("/scoreboard?period=someday").status_code == 400


def test_a_team_score_has_a_chart_of_its_ledger(client, promoted):
    sign_in_as(client, "hr")
    page = client.get(f"/teams/{promoted['team']}/score?period=2026").get_data(as_text=True)
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" role="img"', page) and "<polyline" in page
    assert page.count('class="score-dot"') == 3 and "三星" in page
