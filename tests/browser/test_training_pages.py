"""Training in the browser: a trainer creates a course with a pass mark and a three-seat session, four
workers enrol themselves in their own browsers (the fourth waits at position 1), one cancels and the
waiting worker takes the seat; once the session has started the trainer takes attendance (one absent,
one below the pass mark); each worker's record shows the right hours and completion, and the worker
who passed earns a certification programme made of that course: a new credential on their certificate
page and their promotion on HR's list. Also the team plan's chart, mentorships, recertification, and
axe-core on every training page in both languages on a phone and a desktop."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from browser_support import (DESKTOP, PHONE, SITE_ZONE, add_user, created, next_minute_after, retry_until_created,
                             sign_in, start_shortly, wait_until)
from client import Client, eventually

pytestmark = pytest.mark.browser
NARROW_PHONE = {"width": 375, "height": 812}
LEAD = timedelta(seconds=100)  # the page's minute-precise start, enough for the enrolments before it


def local_input(moment: datetime) -> str:
    return moment.astimezone(SITE_ZONE).strftime("%Y-%m-%dT%H:%M")


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()
    page.wait_for_load_state()


def fill_in(page, texts: dict[str, str], choices: dict | None = None) -> None:
    """Types into the fields and picks the options named by their ids (the API's field names)."""
    for name, value in texts.items():
        page.locator(f"#{name}").fill(value)
    for name, value in (choices or {}).items():
        page.locator(f"#{name}").select_option(value)


def notices(page) -> str:
    return page.locator(".notices").inner_text() if page.locator(".notices").count() else ""


@pytest.fixture(scope="module")
def crew(banzu, admin):
    """Team A: four welders with their own accounts; team P: three members whose session (started soon,
    run by another trainer) gets 10, 40 and 90 hours; a trainer and an HR account; a session of the
    catalogue with a waitlist, a plan, a programme and a mentorship made through the API, so every page
    has something to show."""
    tag = uuid.uuid4().hex[:5].upper()
    occupation = banzu.occupation(f"welder{tag.lower()}")
    teams = {"A": f"TA{tag}", "P": f"TP{tag}"}
    for key, code in teams.items():
        created(admin.post("/teams", {"code": code, "name": f"{'焊接' if key == 'A' else '检修'}班 {tag}",
                                      "company": "Acme Steel"}), f"team {code}")
    names = {"w1": "王小明", "w2": "李强", "w3": "赵敏", "w4": "陈刚", "p1": "周一", "p2": "吴二", "p3": "郑三"}
    numbers = {key: f"{key.upper()}{tag}" for key in names}
    for key, name in names.items():
        created(admin.post("/workers", {"employee_no": numbers[key], "name": name, "occupation": occupation,
                                        "team_code": teams["P" if key.startswith("p") else "A"],
                                        "grade": "junior"}), f"worker {key}")
    users = {key: add_user(admin, f"{key}-{tag.lower()}", ["worker"], numbers[key]) for key in ("w1", "w2", "w3", "w4")}
    users["trainer"] = add_user(admin, f"trainer-{tag.lower()}", ["trainer"])
    users["hr"] = add_user(admin, f"hr-{tag.lower()}", ["hr"])
    trainer = Client.sign_in(banzu.url, users["trainer"], "Browser-pass-1")

    course = f"PLAN{tag}"
    created(trainer.post("/courses", {"code": course, "title": "设备点检", "occupation": occupation, "hours": 4,
                                      "kind": "practical"}), "plan course")
    starts_at = next_minute_after(timedelta(seconds=150))
    plan_session = created(trainer.post("/sessions", {
        "course_code": course, "trainer": f"other-{tag.lower()}", "location": f"检修车间 {tag}",
        "starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
        "capacity": 10}), "plan session")
    for key in ("p1", "p2", "p3"):
        retry_until_created(lambda: trainer.post(f"/sessions/{plan_session['id']}/enrollments",
                                                 {"employee_no": numbers[key]}), f"enrol {key}")
    starts_at = start_shortly(trainer, plan_session["id"], hours=2)
    later = next_minute_after(timedelta(days=3))
    catalogue_session = created(trainer.post("/sessions", {
        "course_code": course, "location": f"培训教室 {tag}", "starts_at": later.isoformat(),
        "ends_at": (later + timedelta(hours=4)).isoformat(), "capacity": 1}), "catalogue session")
    for key in ("p1", "p2"):
        created(trainer.post(f"/sessions/{catalogue_session['id']}/enrollments", {"employee_no": numbers[key]}),
                f"enrol {key} in the catalogue session")
    plan = created(trainer.post("/plans", {"team_code": teams["P"], "year": starts_at.year,
                                           "items": [{"course_code": course, "month": starts_at.month}]}), "plan")
    created(trainer.post("/certification-programs", {
        "code": f"PP{tag}", "name": "点检员认证", "occupation": occupation, "grade": "intermediate",
        "credential_type": "post_qualification", "courses": [course], "min_hours": 100}), "programme")
    today = date.today()
    mentorship = created(trainer.post("/mentorships", {
        "mentor": numbers["p1"], "apprentice": numbers["p2"], "occupation": occupation, "goal_grade": "intermediate",
        "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=180)).isoformat()}), "mentorship")
    created(trainer.post(f"/mentorships/{mentorship['id']}/evaluations",
                         {"on": today.isoformat(), "rating": 4, "note": "点检流程掌握扎实"}), "evaluation")
    return {"tag": tag, "occupation": occupation, "teams": teams, "names": names, "numbers": numbers,
            "users": users, "trainer": trainer, "plan_course": course, "plan_session": plan_session,
            "plan_starts_at": starts_at, "catalogue_session": catalogue_session, "plan": plan,
            "programme": f"PP{tag}", "mentorship": mentorship}


def test_a_course_from_session_to_certificate(crew, new_page, look, admin):
    tag, numbers, users = crew["tag"], crew["numbers"], crew["users"]
    trainer = new_page(viewport=DESKTOP)
    sign_in(trainer, users["trainer"])
    assert trainer.url.endswith("/training"), "a trainer lands on their week"
    look(trainer, "training-week-zh-desktop")

    code = f"WS{tag}"
    trainer.goto("/courses/new")
    fill_in(trainer, {"code": code, "title": "焊接安全操作", "hours": "3", "pass_score": "60"},
            {"kind": "safety", "occupation": crew["occupation"]})
    look(trainer, "course-new-zh-desktop")
    submit(trainer, "创建")
    assert trainer.url.endswith(f"/courses/{code}") and "课程已创建。" in notices(trainer)
    assert trainer.locator("#pass_score").input_value() == "60.00"

    starts_at = next_minute_after(LEAD)
    trainer.goto(f"/sessions/new?course={code}")
    assert trainer.locator("#course_code").input_value() == code
    fill_in(trainer, {"location": f"焊接实训室 {tag}", "starts_at": local_input(starts_at),
                      "ends_at": local_input(starts_at + timedelta(hours=3)), "capacity": "3"})
    submit(trainer, "排班")
    assert "/sessions/" in trainer.url and "培训班已排定。" in notices(trainer)
    session_id = int(trainer.url.rsplit("/", 1)[1])

    trainer.goto("/sessions/new")  # the same trainer at the same time elsewhere: refused, in words
    fill_in(trainer, {"location": f"另一教室 {tag}", "starts_at": local_input(starts_at + timedelta(hours=1)),
                      "ends_at": local_input(starts_at + timedelta(hours=2)), "capacity": "5"}, {"course_code": code})
    submit(trainer, "排班")
    assert trainer.locator("#trainer-error").inner_text() == "该培训师在这个时段已有其他培训班。"
    assert trainer.locator("#location").input_value() == f"另一教室 {tag}", "what was typed stays"
    look(trainer, "session-new-refused-zh-desktop")

    workers = {}
    for key in ("w1", "w2", "w3", "w4"):
        page = workers[key] = new_page(viewport=PHONE)
        sign_in(page, users[key])
        assert page.url.endswith("/me"), "a worker lands on their own page"
        page.goto("/sessions")
        card = page.locator(f'li.session-card[data-session="{session_id}"]')
        card.get_by_role("link").click()
        page.wait_for_load_state()
        submit(page, "我要报名")
    for key in ("w1", "w2", "w3"):
        assert f"{numbers[key]} 已报名。" in notices(workers[key])
    assert f"名额已满，{numbers['w4']} 已进入候补，第 1 位。" in notices(workers["w4"])
    assert workers["w4"].locator(".waitlist-position").inner_text() == "候补第 1 位"
    look(workers["w4"], "session-worker-waitlisted-zh-phone")
    workers["w1"].goto("/sessions")
    assert "剩余 0 个名额" in workers["w1"].locator(f'li.session-card[data-session="{session_id}"]').inner_text()
    look(workers["w1"], "sessions-worker-zh-phone")

    leaving = workers["w2"]
    leaving.get_by_text("取消我的报名", exact=True).click()
    submit(leaving, "确认: 取消我的报名")
    assert f"候补第 1 位的 {numbers['w4']} 已转为正式学员。" in notices(leaving)
    workers["w4"].reload()
    assert workers["w4"].locator(".my-claim").get_attribute("data-status") == "enrolled"
    trainer.goto(f"/sessions/{session_id}")
    enrolled = trainer.locator("table.roster.enrolled tbody tr")
    assert [enrolled.nth(i).get_attribute("data-employee") for i in range(enrolled.count())] == \
        [numbers["w1"], numbers["w3"], numbers["w4"]]
    assert trainer.locator("table.roster.waitlist").count() == 0
    look(trainer, "session-trainer-zh-desktop")

    programme = f"CP{tag}"  # made of this course alone: earned by passing it
    trainer.goto("/programs/new")
    fill_in(trainer, {"code": programme, "name": "焊工上岗认证", "min_hours": "3"},
            {"occupation": crew["occupation"], "grade": "intermediate", "credential_type": "post_qualification",
             "courses": [code]})
    submit(trainer, "创建")
    assert trainer.url.endswith(f"/programs/{programme}") and "认证项目已创建。" in notices(trainer)

    wait_until(start_shortly(crew["trainer"], session_id, hours=3), "the session starts")
    sheet = new_page(viewport=PHONE)
    sign_in(sheet, users["trainer"])
    sheet.goto(f"/sessions/{session_id}/attendance")
    rows = {key: sheet.locator(f'li.sheet-row[data-employee="{numbers[key]}"]') for key in ("w1", "w3", "w4")}
    assert sheet.locator("li.sheet-row").count() == 3
    for row in rows.values():
        assert row.locator('input[name$="-hours"]').input_value() == "3.00", "hours by the rounding rule"
        for target in (row.locator(".toggle label").first, row.locator(".toggle label").last,
                       row.locator('input[name$="-hours"]'), row.locator('input[name$="-score"]')):
            box = target.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, "touch targets of at least 44 px"
    rows["w1"].locator('input[name$="-score"]').fill("85")
    rows["w3"].get_by_text("缺勤", exact=True).click()
    rows["w4"].locator('input[name$="-score"]').fill("50")
    look(sheet, "attendance-sheet-zh-phone")
    submit(sheet, "保存考勤")
    assert "考勤已保存。" in notices(sheet)
    results = {key: sheet.locator(f'li.sheet-row[data-employee="{numbers[key]}"] .result') for key in rows}
    assert results["w1"].get_attribute("data-completed") == "true" and "已完成" in results["w1"].inner_text()
    assert results["w4"].get_attribute("data-completed") == "false" and "未完成" in results["w4"].inner_text()
    assert "缺勤" in results["w3"].inner_text()
    look(sheet, "attendance-results-zh-phone")

    expected = {"w1": ("3.00 h", True), "w2": ("0.00 h", False), "w3": ("0.00 h", False), "w4": ("3.00 h", False)}
    for key, (hours, completed) in expected.items():
        page = workers[key]
        page.goto("/me/training")
        assert page.locator(".training-hours").inner_text() == hours, key
        assert page.locator(f'.completed-courses li[data-course="{code}"]').count() == (1 if completed else 0), key
        earned = page.locator(f'li.programme-card[data-program="{programme}"]').get_attribute("data-earned")
        assert earned == ("true" if completed else "false"), key
    look(workers["w1"], "my-training-zh-phone")

    holder = workers["w1"]

    def new_credential_shown():
        holder.goto("/me/certificates")
        return "上岗证" in holder.locator("main").inner_text()

    eventually(new_credential_shown, "the earned certification's credential is on the holder's page", timeout=60)
    def promoted():
        holder.goto("/me")
        return holder.locator(".my-grade").inner_text() == "中级工"

    eventually(promoted, "the promotion reaches the worker's grade", timeout=60)
    look(holder, "me-worker-zh-phone")

    hr = new_page(viewport=DESKTOP)
    sign_in(hr, users["hr"])

    def promotion_listed():
        hr.goto(f"/promotions?team={crew['teams']['A']}&source=certification")
        table = hr.locator("table.promotions tbody")
        return table.count() == 1 and numbers["w1"] in table.inner_text() and "中级工" in table.inner_text()

    eventually(promotion_listed, "the certification's promotion is on HR's list", timeout=60)
    assert numbers["w4"] not in hr.locator("table.promotions tbody").inner_text()

    trainer.goto(f"/programs/{programme}")
    row = trainer.locator(f'table.progress tr[data-employee="{numbers["w1"]}"]')
    assert "已获认证" in row.inner_text()
    look(trainer, "program-zh-desktop")


def test_the_team_plan_chart_shows_hours_per_person_and_the_share_on_target(crew, new_page, look):
    trainer_api, numbers = crew["trainer"], crew["numbers"]
    wait_until(crew["plan_starts_at"], "the plan team's session starts")
    marks = [{"employee_no": numbers[key], "present": True, "hours": hours}
             for key, hours in (("p1", 10), ("p2", 40), ("p3", 90))]
    answer = trainer_api.post(f"/sessions/{crew['plan_session']['id']}/attendance", {"records": marks})
    assert answer.status == 200, answer

    page = new_page(viewport=DESKTOP)
    sign_in(page, crew["users"]["trainer"])
    page.goto("/plans/new")
    fill_in(page, {"year": str(crew["plan_starts_at"].year)},
            {"team_code": crew["teams"]["P"], "items-0-course_code": crew["plan_course"],
             "items-0-month": str(crew["plan_starts_at"].month)})
    assert page.locator(".plan-item").count() == 4
    submit(page, "增加一行")
    assert page.locator(".plan-item").count() == 5, "a row more, what was typed kept"
    assert page.locator("#items-0-course_code").input_value() == crew["plan_course"]
    look(page, "plan-new-zh-desktop")
    submit(page, "创建")
    assert "培训计划已创建。" in notices(page)

    chart = page.locator("svg.hours-chart")
    assert chart.locator("rect.bar").count() == 3
    assert chart.locator(".average-label").text_content() == "人均 46.67 h"
    assert chart.locator(".target-label").text_content() == "目标 80.00 h"
    assert chart.locator("rect.bar.on-target").count() == 1
    assert page.locator(".chart-caption").inner_text() == "人均 46.67 学时，1 / 3 人达标（33.33 %）。"
    assert page.locator(".hours-per-person").inner_text() == "46.67 h"
    assert page.locator(".share-on-target").inner_text() == "33.33 %"
    assert page.locator(".share-held").inner_text() == "100.00 %", "the planned delivery was held"
    look(page, "plan-chart-zh-desktop")
    phone = new_page(viewport=NARROW_PHONE, locale="en-US")
    sign_in(phone, crew["users"]["trainer"])
    phone.goto(page.url)
    assert phone.locator(".chart-caption").inner_text() == "46.67 h per person; 1 of 3 members on target (33.33 %)."
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "fits a phone"
    look(phone, "plan-chart-en-phone")


def test_a_trainer_pairs_a_mentor_and_an_apprentice_who_sees_it_on_their_page(crew, new_page, look):
    numbers, users = crew["numbers"], crew["users"]
    page = new_page(viewport=DESKTOP)
    sign_in(page, users["trainer"])
    page.goto("/mentorships/new")
    start = date.today()
    fill_in(page, {"mentor": numbers["w1"], "apprentice": numbers["w3"], "starts_on": start.isoformat(),
                   "ends_on": (start + timedelta(days=40)).isoformat()},
            {"occupation": crew["occupation"], "goal_grade": "intermediate"})
    submit(page, "创建")
    assert "3 至 12 个月" in page.locator("#ends_on-error").inner_text(), "too short a period, said in words"
    page.locator("#ends_on").fill((start + timedelta(days=200)).isoformat())
    submit(page, "创建")
    assert "师徒结对已创建。" in notices(page)
    page.locator("#rating").select_option("5")
    page.locator("#note").fill("焊缝成形明显进步")
    submit(page, "添加考评")
    assert "考评已添加。" in notices(page)
    assert "焊缝成形明显进步" in page.locator("table.evaluations").inner_text()
    look(page, "mentorship-zh-desktop")

    apprentice = new_page(viewport=PHONE)
    sign_in(apprentice, users["w3"])
    section = apprentice.locator("#me-mentorship").locator("xpath=..")
    assert f"师傅：{crew['names']['w1']}" in section.inner_text() and "焊缝成形明显进步" in section.inner_text()


def test_a_trainer_enrols_an_unplanned_recertification_in_a_session(crew, new_page, look, admin):
    numbers, trainer_api, tag = crew["numbers"], crew["trainer"], crew["tag"]
    refresher = f"RF{tag}"
    # a credential type of this test's own: refresher sessions of a shared type would be offered to
    # other tests' expiring certificates first
    kind = f"crane_{tag.lower()}"
    created(admin.post("/credential-types", {"code": kind, "name": "起重机械操作证", "validity_months": 48,
                                             "reminder_days": [30, 7]}), "credential type")
    created(trainer_api.post("/courses", {"code": refresher, "title": "特种设备复训", "occupation": crew["occupation"],
                                          "hours": 8, "kind": "refresher", "credential_type": kind}), "refresher")
    starts_at = next_minute_after(timedelta(days=5))
    full = created(trainer_api.post("/sessions", {
        "course_code": refresher, "location": f"复训教室 {tag}", "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=8)).isoformat(), "capacity": 1}), "refresher session")
    created(trainer_api.post(f"/sessions/{full['id']}/enrollments", {"employee_no": numbers["p3"]}), "seat taken")
    today = date.today()
    credential = retry_until_created(lambda: admin.post("/credentials", {
        "employee_no": numbers["w2"], "type_code": kind, "number": f"SE-{tag}",
        "issuer": "省市场监管局", "issued_on": (today - timedelta(days=1400)).isoformat(),
        "expires_on": (today + timedelta(days=20)).isoformat()}), "credential")
    assert admin.post(f"/credentials/sweep?as_of={today.isoformat()}").status == 200
    eventually(lambda: trainer_api.get("/recertifications", params={"employee_no": numbers["w2"]}).json()["total"],
               "the expiring reminder opens a recertification case")
    assert trainer_api.delete(f"/sessions/{full['id']}/enrollments/{numbers['p3']}").status == 200

    page = new_page(viewport=PHONE)
    sign_in(page, crew["users"]["trainer"])
    page.goto(f"/recertifications?employee_no={numbers['w2']}")
    # the sweep may open other cases of this worker (other tests' certificates): this one is found by its id
    this_case = f'li.case-card[data-credential="{credential["id"]}"]'
    card = page.locator(this_case)
    assert card.get_attribute("data-status") == "unplanned"
    assert card.locator("select option").count() == 1
    look(page, "recertifications-zh-phone")
    card.get_by_role("button", name="报名参加复训").click()
    page.wait_for_load_state()
    assert f"{crew['names']['w2']} 已报名参加复训。" in notices(page), "the notice names the worker"
    assert page.locator(this_case).get_attribute("data-status") == "planned"

    worker = new_page(viewport=PHONE)
    sign_in(worker, crew["users"]["w2"])
    worker.goto("/me/training")
    row = worker.locator(f'table.my-enrollments tr[data-session="{full["id"]}"]')
    assert row.get_attribute("data-status") == "enrolled"


LAYOUTS = {"phone": NARROW_PHONE, "desktop": DESKTOP}
LOCALES = {"zh": "zh-CN", "en": "en-US"}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", LOCALES)
def test_every_training_page_passes_axe_core(crew, new_page, look, lang, layout):
    wait_until(crew["plan_starts_at"], "the plan team's session starts")
    catalogue, started = crew["catalogue_session"]["id"], crew["plan_session"]["id"]
    pages = {
        "trainer": ["/training", "/courses", "/courses/new", f"/courses/{crew['plan_course']}", "/sessions",
                    "/sessions/new", f"/sessions/{catalogue}", f"/sessions/{started}/attendance", "/plans",
                    "/plans/new", f"/plans/{crew['plan']['id']}", "/programs", "/programs/new",
                    f"/programs/{crew['programme']}", "/mentorships", "/mentorships/new",
                    f"/mentorships/{crew['mentorship']['id']}", "/recertifications"],
        "w1": ["/me", "/me/training", "/sessions", f"/sessions/{catalogue}"],
    }
    for who, paths in pages.items():
        page = new_page(viewport=LAYOUTS[layout], locale=LOCALES[lang])
        sign_in(page, crew["users"][who])
        for path in paths:
            page.goto(path)
            assert page.locator("html").get_attribute("lang").startswith(lang)
            assert page.locator("h1").count() == 1, path
            name = path.strip("/").replace("/", "-").replace(crew["tag"], "") or "home"
            look(page, f"training-{who}-{name}-{lang}-{layout}")
