"""What the browser tests share: Chromium's command line, sizes, and creating data through the API."""
from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from client import Client, eventually

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "Browser-pass-1"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
SITE_ZONE = ZoneInfo("Asia/Shanghai")  # the console's default time zone (BANZU_TIMEZONE)


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/sign-in")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_load_state()


def created(answer, what: str) -> dict:
    assert answer.status == 201, f"{what}: {answer!r}"
    return answer.json()


def add_user(admin: Client, username: str, roles: list[str], employee_no: str | None = None) -> str:
    created(admin.post("/users", {"username": username, "password": PASSWORD, "roles": roles,
                                  "employee_no": employee_no}), f"user {username}")
    return username


# What a service says of a worker, team or occupation whose directory event has not reached it yet.
NOT_ARRIVED_YET = {"unknown_worker", "unknown_team", "unknown_occupation"}


class RefusedForGood(Exception):
    """Not a wait for an event: `eventually` does not retry it."""


def retry_until_created(call, what: str) -> dict:
    """Services learn about new workers from events: a write naming one succeeds once it has arrived.
    Only that refusal is tried again; any other answer (a 500 above all) fails the test at once."""
    def created():
        answer = call()
        if answer.status == 201:
            return answer.json()
        body = answer.json() if answer.content_type.endswith("json") else None
        said = set() if not isinstance(body, dict) else {body.get("reason")} | {
            code.get("code") for codes in (body.get("codes") or {}).values() for code in codes}
        if answer.status in (409, 422) and said & NOT_ARRIVED_YET:
            return None
        raise RefusedForGood(f"{what}: {answer!r}")

    return eventually(created, what)


def publish_contest(admin: Client, tag: str, contestants: list[str], today: date) -> str:
    """Four contestants scored by the organizer on measured segments: ranks 1-4, first to third prize."""
    segments = [{"code": "T", "name": "理论考试", "weight": 40, "max_score": 100, "method": "measurement"},
                {"code": "P", "name": "实操考核", "weight": 60, "max_score": 100, "method": "measurement"}]
    contest = retry_until_created(lambda: admin.post("/contests", {
        "name": f"电工技能竞赛 {tag}", "occupation": "electrician", "starts_on": today.isoformat(),
        "ends_on": today.isoformat(), "segments": segments}), "contest")["id"]
    assert admin.post(f"/contests/{contest}/open").status == 200
    for employee_no in contestants:
        retry_until_created(lambda: admin.post(f"/contests/{contest}/contestants", {"employee_no": employee_no}),
                            f"registration of {employee_no}")
    assert admin.post(f"/contests/{contest}/start").status == 200
    bibs = {row["employee_no"]: row["bib"]
            for row in admin.get(f"/contests/{contest}/contestants", params={"per_page": 50}).json()["items"]}
    for place, employee_no in enumerate(contestants):
        for segment, score in (("T", 95 - 10 * place), ("P", 92 - 8 * place)):
            answer = admin.put(f"/contests/{contest}/scores/{segment}/{bibs[employee_no]}", {"score": score})
            assert answer.status == 200, answer
    for step in ("close", "publish"):
        answer = admin.post(f"/contests/{contest}/{step}")
        assert answer.status == 200, answer
    return contest


def next_minute_after(delay: timedelta) -> datetime:
    """A start time a `datetime-local` field can hold: the first whole minute after now + delay."""
    moment = datetime.now(SITE_ZONE) + delay
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)


def start_shortly(trainer: Client, session_id: int, hours: int) -> datetime:
    """Moves a session whose seats are taken to start a few seconds from now (a trainer may move a
    session until it starts), so attendance can be taken without waiting for the time it was planned at."""
    starts_at = datetime.now(SITE_ZONE).replace(microsecond=0) + timedelta(seconds=4)
    answer = trainer.patch(f"/sessions/{session_id}", {"starts_at": starts_at.isoformat(),
                                                        "ends_at": (starts_at + timedelta(hours=hours)).isoformat()})
    assert answer.status == 200, answer
    return starts_at


def wait_until(moment: datetime, what: str) -> None:
    deadline = time.monotonic() + (moment - datetime.now(SITE_ZONE)).total_seconds() + 30
    while datetime.now(SITE_ZONE) < moment + timedelta(seconds=1):
        assert time.monotonic() < deadline, what
        time.sleep(1)
