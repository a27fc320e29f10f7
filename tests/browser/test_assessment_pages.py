"""Team assessments and skill matrices in the browser: HR's sortable list and its download in the
page's language, the card on the team page with its year selector, the skill matrix's coloured cells
(with words) for a trainer and its A4 landscape print, and a team leader's own menu entries and pages.
axe-core and screenshots on every new page, zh and en, phone and desktop."""
from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from browser_support import DESKTOP, PHONE, add_user, retry_until_created, sign_in
from client import eventually

pytestmark = pytest.mark.browser
TODAY = date.today()


@pytest.fixture(scope="module")
def teams(banzu, admin):
    """Team A of three (a leader and a fitter, a clerk) with certificates in every standing, an hour
    of training and a plan; team B of one. Everything through the API."""
    tag = uuid.uuid4().hex[:5].upper()
    fitter, clerk = (banzu.occupation(f"{trade}_{tag.lower()}") for trade in ("fitter", "clerk"))
    assert admin.put(f"/occupation-requirements/{fitter}",
                     {"type_codes": ["special_operation", "post_qualification"]}).status == 200
    assert admin.put(f"/occupation-requirements/{clerk}", {"type_codes": ["special_operation"]}).status == 200
    team_a, team_b = f"A{tag}", f"B{tag}"
    for code, name in ((team_a, "一车间钳工班"), (team_b, "二车间电工班")):
        assert admin.post("/teams", {"code": code, "name": name, "company": "东方电力"}).status == 201
    leader, fitter_no, clerk_no, other = f"L{tag}", f"F{tag}", f"C{tag}", f"O{tag}"
    for number, name, code, occupation in ((leader, "王建国", team_a, fitter), (fitter_no, "李强", team_a, fitter),
                                           (clerk_no, "赵敏", team_a, clerk), (other, "孙涛", team_b, fitter)):
        assert admin.post("/workers", {"employee_no": number, "name": name, "team_code": code,
                                       "occupation": occupation, "grade": "senior"}).status == 201
    assert admin.patch(f"/teams/{team_a}", {"leader": leader}).status == 200

    def issue(number, type_code, issued_on, expires_on=None):
        body = {"employee_no": number, "type_code": type_code, "number": f"{type_code[:2].upper()}{number}",
                "issuer": "省安监局", "issued_on": issued_on.isoformat()}
        if expires_on:
            body["expires_on"] = expires_on.isoformat()
        retry_until_created(lambda: admin.post("/credentials", body), f"{type_code} of {number}")

    issue(leader, "post_qualification", TODAY - timedelta(days=100))  # valid
    issue(leader, "special_operation", TODAY - timedelta(days=300), TODAY + timedelta(days=20))  # expiring
    issue(fitter_no, "post_qualification", TODAY - timedelta(days=800), TODAY - timedelta(days=10))  # expired
    issue(clerk_no, "special_operation", TODAY - timedelta(days=4 * 365))  # overdue for its review

    course = f"QG{tag}"
    assert admin.post("/courses", {"code": course, "title": "钳工实操", "occupation": fitter, "hours": 8,
                                   "kind": "practical"}).status == 201
    starts = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=6)
    session = admin.post("/sessions", {"course_code": course, "starts_at": starts.isoformat(),
                                       "ends_at": (starts + timedelta(seconds=1)).isoformat(),
                                       "location": f"实训室 {tag}", "capacity": 10}).json()
    for number in (leader, fitter_no):
        retry_until_created(lambda: admin.post(f"/sessions/{session['id']}/enrollments", {"employee_no": number}),
                            f"enrolment of {number}")
    retry_until_created(lambda: admin.post("/plans", {"team_code": team_a, "year": starts.year, "items": [
        {"course_code": course, "month": starts.month}] * 2}), "plan")
    records = [{"employee_no": number, "present": True, "hours": 8} for number in (leader, fitter_no)]
    eventually(lambda: admin.post(f"/sessions/{session['id']}/attendance", {"records": records}).status == 200,
               "attendance once the session has started")
    hr = add_user(admin, f"hra-{tag.lower()}", ["hr"])
    trainer = add_user(admin, f"tra-{tag.lower()}", ["trainer"])
    leader_user = add_user(admin, f"lead-{tag.lower()}", ["worker"], leader)
    return {"a": team_a, "b": team_b, "hr": hr, "trainer": trainer, "leader": leader_user,
            "people": {"leader": leader, "fitter": fitter_no, "clerk": clerk_no}}


def test_hr_reads_every_team_and_one_team_card(admin, teams, new_page, look):
    page = new_page(viewport=DESKTOP)
    sign_in(page, teams["hr"])
    page.goto("/assessments")
    assert page.locator(".main-nav a[aria-current=page]").inner_text() == "班组考核"
    row = page.locator(f'table.assessments tr[data-team="{teams["a"]}"]')

    def hours_shown():
        page.reload()
        return row.locator('td[data-indicator="training_hours"]').inner_text() == "5.33 小时"

    eventually(hours_shown, "16 h over three members")
    look(page, "assessments-hr-desktop")
    page.locator("table.assessments thead a", has_text="班组名称").click()
    page.wait_for_load_state()
    assert "sort=name" in page.url and page.locator('th[aria-sort="ascending"]').count() == 1
    with page.expect_download() as download:
        page.locator(".downloads a", has_text="CSV").click()
    head = next(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert head[:5] == ["班组编码", "班组名称", "人数", "考核得分", "评级"], "the file speaks the page's language"

    page.goto(f"/teams/{teams['a']}")
    card = page.locator(".assessment-card")
    assert card.locator("h2").inner_text() == f"班组考核 · {TODAY.year} 年"
    assert card.locator('[data-indicator="plan_completion"] .indicator-values').inner_text().startswith("实际 50%")
    assert "不适用" in card.locator('[data-indicator="mentorship"]').inner_text()
    assert card.locator(".ledger-score").count() == 1, "beside the ledger score"
    look(page, "team-assessment-card-hr-desktop")
    page.locator("#year").fill(str(TODAY.year - 1))
    page.locator("form.assessment-day button[type=submit]").click()
    page.wait_for_load_state()
    assert card.locator("h2").inner_text() == f"班组考核 · {TODAY.year - 1} 年"
    assert f"{TODAY.year - 1}-12-31" in card.locator(".hint").first.inner_text(), "a past year is taken at its end"

    phone = new_page(viewport=PHONE)
    sign_in(phone, teams["hr"])
    phone.goto("/assessments")
    look(phone, "assessments-hr-phone")
    phone.goto(f"/teams/{teams['a']}")
    look(phone, "team-assessment-card-hr-phone")
    english = new_page(viewport=DESKTOP, locale="en-US")
    sign_in(english, teams["hr"])
    english.goto("/assessments?sort=training_hours")
    assert english.locator('th[aria-sort="descending"]').inner_text().startswith("Training hours per person")
    look(english, "assessments-hr-desktop-en")


def test_a_trainer_reads_the_skill_matrix_and_prints_it(teams, new_page, look):
    page = new_page(viewport=DESKTOP)
    sign_in(page, teams["trainer"])
    page.goto("/skill-matrices")
    look(page, "skill-matrices-trainer-desktop")
    page.locator(f'a[href="/teams/{teams["a"]}/skill-matrix"]').click()
    page.wait_for_load_state()
    people = teams["people"]

    def cell(person, type_code):
        return page.locator(f'tr[data-employee="{people[person]}"] td[data-type="{type_code}"]')

    assert (cell("leader", "post_qualification").get_attribute("data-status"),
            cell("leader", "special_operation").get_attribute("data-status"),
            cell("fitter", "post_qualification").get_attribute("data-status"),
            cell("fitter", "special_operation").get_attribute("data-status"),
            cell("clerk", "post_qualification").get_attribute("data-status"),
            cell("clerk", "special_operation").get_attribute("data-status")) == (
        "valid", "expiring", "expired", "missing", "not_required", "review_due")
    assert cell("fitter", "special_operation").inner_text() == "缺证", "every colour comes with words"
    assert "tone-ok" in cell("leader", "post_qualification").get_attribute("class")
    look(page, "skill-matrix-trainer-desktop")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    box = [float(n) for n in re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf).groups()]
    assert box[0] > box[1] and abs(box[0] - 841.9) < 2 and abs(box[1] - 595.3) < 2, f"A4 landscape: {box}"
    page.locator("#as_of").fill((TODAY - timedelta(days=11)).isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert cell("fitter", "post_qualification").get_attribute("data-status") == "expiring", "as on that day"
    english = new_page(viewport=DESKTOP, locale="en-US")
    sign_in(english, teams["trainer"])
    english.goto(f"/teams/{teams['a']}/skill-matrix")
    look(english, "skill-matrix-trainer-desktop-en")
    phone = new_page(viewport=PHONE)
    sign_in(phone, teams["trainer"])
    phone.goto(f"/teams/{teams['a']}/skill-matrix")
    look(phone, "skill-matrix-trainer-phone")


def test_a_team_leader_reads_their_own_team_only(teams, new_page, look):
    page = new_page(viewport=PHONE)
    sign_in(page, teams["leader"])
    page.locator(".main-nav a", has_text="本班组考核").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/teams/{teams['a']}/assessment")
    assert page.locator(".assessment-card .assessment-score .big-figure").inner_text()
    look(page, "my-team-assessment-leader-phone")
    page.locator(".main-nav a", has_text="本班组技能矩阵").click()
    page.wait_for_load_state()
    assert page.locator("table.skill-matrix tbody tr").count() == 3
    look(page, "my-team-skill-matrix-leader-phone")
    assert page.goto(f"/teams/{teams['b']}/assessment").status == 403, "another team's is the friendly 403 page"
    assert page.goto("/assessments").status == 403
    english = new_page(viewport=DESKTOP, locale="en-US")
    sign_in(english, teams["leader"])
    english.goto(f"/teams/{teams['a']}/assessment")
    look(english, "my-team-assessment-leader-desktop-en")
