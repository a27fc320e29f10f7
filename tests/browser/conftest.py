"""Headless Chromium (Debian's, driven by Playwright) against the whole running system, with the data
the pages show created through the public API and the events it sets off."""
from __future__ import annotations

import os
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from accessibility import assert_accessible
from browser_support import CHROMIUM, CHROMIUM_ARGS, PHONE, add_user, created, publish_contest, retry_until_created
from client import eventually

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the "
                    f"browser tests; scripts/run_tests.sh does so when it runs as root")
    with sync_playwright() as playwright:
        # launch() starts Chromium on a new, empty temporary profile, removed when it closes.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, banzu):
    """`new_page(viewport=PHONE, locale="zh-CN")`: a page in a fresh browser context (no cookies)."""
    contexts = []

    def make(viewport=PHONE, locale="zh-CN"):
        context = browser.new_context(base_url=banzu.url, viewport=viewport, locale=locale, accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("BANZU_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def shot(screenshots):
    def save(page, name: str) -> Path:
        path = screenshots / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def look(shot):
    """`look(page, name)`: what a person checks on every page: axe-core finds no critical or serious
    violation (quality.md R12), and a full-page screenshot is kept under test-output/screenshots."""

    def check(page, name: str) -> Path:
        assert_accessible(page, name)
        return shot(page, name)

    return check


@pytest.fixture(scope="session")
def world(banzu, admin):
    """Teams, workers, users, certificates in every status, a published contest with prizes and
    promotions, and expiries swept, all through the API; returns what the tests look for."""
    tag = uuid.uuid4().hex[:5].upper()
    today = date.today()
    teams = {"A": f"A{tag}", "B": f"B{tag}", "C": f"C{tag}"}
    names = {"A": "一车间电工班", "B": "二车间检修班", "C": "三车间运行班"}
    for key, code in teams.items():
        created(admin.post("/teams", {"code": code, "name": names[key], "company": "Acme Power"}), f"team {code}")
    workers = {  # key: (name, team, grade)
        "holder": ("王小明", "B", "junior"), "first": ("李强", "A", "senior"), "second": ("赵敏", "B", "intermediate"),
        "third": ("陈刚", "A", "junior"), "fourth": ("刘洋", "B", "junior"), "lapsed": ("周杰", "C", "junior"),
    }
    numbers = {key: f"E{tag}{n}" for n, key in enumerate(workers)}
    for key, (name, team, grade) in workers.items():
        created(admin.post("/workers", {"employee_no": numbers[key], "name": name, "team_code": teams[team],
                                        "occupation": "electrician", "grade": grade}), f"worker {key}")
    worker_user = add_user(admin, f"worker-{tag.lower()}", ["worker"], numbers["holder"])
    hr_user = add_user(admin, f"hr-{tag.lower()}", ["hr"])

    def issue(key: str, type_code: str, number: str, issued_on: date, expires_on: date | None) -> dict:
        body = {"employee_no": numbers[key], "type_code": type_code, "number": number, "issuer": "省应急管理厅",
                "issued_on": issued_on.isoformat(), "expires_on": expires_on and expires_on.isoformat()}
        return retry_until_created(lambda: admin.post("/credentials", body), f"credential {number}")

    certificates = {
        "valid": issue("holder", "special_equipment", f"SE-{tag}-1", today - timedelta(days=100),
                       today + timedelta(days=400)),
        "expiring": issue("holder", "special_equipment", f"SE-{tag}-2", today - timedelta(days=1000),
                          today + timedelta(days=20)),
        "expired": issue("holder", "post_qualification", f"PQ-{tag}-1", today - timedelta(days=700),
                         today - timedelta(days=10)),
        "revoked": issue("holder", "special_operation", f"SO-{tag}-1", today - timedelta(days=30), None),
    }
    revoked = admin.post(f"/credentials/{certificates['revoked']['id']}/revoke", {"reason": "吊销测试"})
    assert revoked.status == 200, revoked
    for n in range(4):  # team C loses 12 points: below three stars
        issue("lapsed", "post_qualification", f"PQ-{tag}-L{n}", today - timedelta(days=700), today - timedelta(days=1))
    assert admin.post(f"/credentials/sweep?as_of={today.isoformat()}").status == 200

    contest = publish_contest(admin, tag, [numbers[k] for k in ("first", "second", "third", "fourth")], today)
    eventually(lambda: admin.get("/promotions", params={"team": teams["A"]}).json()["total"] == 1,
               "the contest's promotions reach the HR list")
    eventually(lambda: admin.get(f"/teams/{teams['C']}/score").json()["rating"] == "needs_improvement",
               "the swept expiries reach the team scores")
    return {"tag": tag, "teams": teams, "team_names": names, "numbers": numbers, "worker": worker_user,
            "hr": hr_user, "certificates": certificates, "contest": contest, "url": banzu.url}
