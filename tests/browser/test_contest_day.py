"""A whole contest day with the faults of a real one, played only through the pages: the organizer (on a
desktop) creates the contest (theory T measured, practical P judged), registers three judges, one of whom
declares a conflict with a team found by name, and four contestants found by team, by name and by number
(a welder of the team is offered but cannot be ticked); the control room names the contestants who lack
judges, "start" is refused with that list in words, a fourth judge is assigned and the contest starts.
One contestant does not come (缺考); judges score by bib on their phones from "to score now"; a judge falls
ill mid-scoring and is withdrawn (what they had typed is refused in words), a stand-in is registered; one
judge's score makes a wide spread; a correction without a reason is refused beside its row, then made with
one; the judges sign off (the stand-in straight after typing, the sheet saving first); the organizer sees the missing scores and the flagged spread with every judge's
score, accepts it with a reason, reads the ranking preview (not final), closes and publishes: the results
list the absent contestant after the ranked ones, and the CSV and XLSX downloads say the same. A second
contest is cancelled with a reason, and its contestant and its judge read why in their notifications.

Only the people (teams, workers, user accounts) come from the API. axe-core checks the control room, the
judging sheet, the judge's contest list and the results at 390 and 1280 px in zh and en; screenshots of
every step are kept under test-output/screenshots (contest-day-*). What a page lacks that the day needs is
checked where the person would notice it and reported together at the end (`Gaps`), so one missing piece
does not hide the rest of the day."""
from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from playwright.sync_api import expect

from accessibility import assert_accessible
from browser_support import DESKTOP, PHONE, add_user, created, retry_until_created, sign_in
from client import eventually

pytestmark = pytest.mark.browser

LAYOUTS = {"phone": PHONE, "desktop": DESKTOP}
TEAMS = {"T": "一号机组电工班", "U": "二号机组检修班"}
# contestant: (name, team, grade); D does not come on the day (缺考); B is already at the promotion cap.
PEOPLE = {"A": ("上官明", "T", "intermediate"), "B": ("司马岚", "U", "technician"),
          "C": ("诸葛韬", "U", "junior"), "D": ("东方睿", "T", "junior")}
WELDER = ("欧阳锋", "T", "junior")  # a welder in team T: found by the team's code, not registrable here
JUDGE_ORGANIZATION = "省职业技能鉴定指导中心"
THEORY = {"A": 88, "B": 92, "C": 75}
# judge -> contestant -> the practical score they enter. Judge 3 steps aside for team U (B and C) and gives
# A a wide spread (99 against 72-74); judge 4 falls ill after two bibs; judge 5 stands in for them; judge 2
# first gives B 88 and corrects it to 86.
PRACTICAL = {1: {"A": 72, "B": 85, "C": 78}, 2: {"A": 74, "B": 88, "C": 80}, 3: {"A": 99},
             4: {"A": 70, "B": 84}, 5: {"A": 73, "B": 87, "C": 77}}
CORRECTED = 86
# Counting P scores: A 72 74 99 73 (79.50 %), B 85 86 87 (86.00 %), C 78 80 77 (78.33 %); judge 4's do not count.
# Totals (T 40 %, P 60 %): B 88.40, A 82.90, C 77.00. Three ranked: first prize to rank 1 (B, at the cap: not
# promoted), third prize to rank 2 (A), none to C (second prize reaches ranks <= ceil(0.3 * 3) = 1).
EXPECTED = [("B", "1", "88.40", "一等奖"), ("A", "2", "82.90", "三等奖"), ("C", "3", "77.00", "")]
I_CONFIRM = "我已核对，确认执行"


@pytest.fixture
def day(banzu, admin):
    """Two teams of two power plants, the four contestants and a welder, an organizer, five judge accounts
    and contestant A's own account; the competition service knows the electricians once their events
    have arrived."""
    tag = uuid.uuid4().hex[:6].upper()
    teams = {key: f"{key}{tag}" for key in TEAMS}
    for key, code in teams.items():
        created(admin.post("/teams", {"code": code, "name": TEAMS[key], "company": f"{key} 电厂 {tag}"}), code)
    numbers = {key: f"E{tag}{key}" for key in (*PEOPLE, "W")}
    for key, (name, team, grade) in {**PEOPLE, "W": WELDER}.items():
        created(admin.post("/workers", {"employee_no": numbers[key], "name": name, "team_code": teams[team],
                                        "occupation": "welder" if key == "W" else "electrician",
                                        "grade": grade}), f"worker {key}")
    organizer = add_user(admin, f"org-{tag.lower()}", ["organizer"])
    judges = {n: add_user(admin, f"judge{n}-{tag.lower()}", ["judge"]) for n in range(1, 6)}
    contestant = add_user(admin, f"worker-{tag.lower()}", ["worker"], numbers["A"])
    probe = created(admin.post("/contests", {
        "name": f"Directory check {tag}", "occupation": "electrician", "starts_on": date.today().isoformat(),
        "ends_on": date.today().isoformat(), "segments": [
            {"code": "X", "name": "X", "weight": 100, "max_score": 10, "method": "measurement"}]}), "probe")
    assert admin.post(f"/contests/{probe['id']}/open").status == 200
    for key in PEOPLE:
        retry_until_created(lambda key=key: admin.post(f"/contests/{probe['id']}/contestants",
                                                       {"employee_no": numbers[key]}),
                            f"the competition service knows {numbers[key]}")
    return {"tag": tag, "teams": teams, "numbers": numbers, "organizer": organizer, "judges": judges,
            "contestant": contestant, "url": banzu.url}


class Looks:
    """Screenshots of each step (at the page's size and at 390 px), axe-core on what is shown, and the four
    looks (zh and en, 390 and 1280 px) of the pages every person lives on."""

    def __init__(self, shot, base_url: str):
        self.shot = shot
        self.base_url = base_url

    def step(self, page, name: str, axe: bool = False) -> None:
        """The page as it stands (no reload): at its size and at a phone's."""
        size = page.viewport_size
        for layout, viewport in sorted(LAYOUTS.items(), key=lambda item: item[1] == size):
            if viewport != size and layout != "phone":
                continue
            page.set_viewport_size(viewport)
            if axe:
                assert_accessible(page, f"{name} at {layout}")
            self.shot(page, f"contest-day-{name}-{layout}")
        page.set_viewport_size(size)

    def everywhere(self, page, name: str) -> None:
        """Reloads the page in en then zh, at the other size first, so it ends as it was (zh, same size)."""
        url, size = page.url.split("#")[0], page.viewport_size
        for lang in ("en", "zh"):
            page.context.add_cookies([{"name": "banzu_lang", "value": lang, "url": self.base_url}])
            for layout, viewport in sorted(LAYOUTS.items(), key=lambda item: item[1] == size):
                page.set_viewport_size(viewport)
                page.goto(url)
                assert page.locator("html").get_attribute("lang").startswith(lang)
                assert_accessible(page, f"{name}, {lang}, {layout}")
                if layout == "phone":
                    assert fits_a_phone(page), f"{name} ({lang}) scrolls sideways at 390 px"
                self.shot(page, f"contest-day-{name}-{lang}-{layout}")


class Gaps:
    """What a page lacks that the day needs, checked where the person would notice it and reported together
    at the end, so that the rest of the day still runs: the test fails until each is there."""

    def __init__(self):
        self.found: list[str] = []

    def check(self, condition: bool, what: str) -> None:
        if not condition:
            self.found.append(what)


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def notice(page) -> str:
    return page.locator(".notices").inner_text()


def confirm(page, scope, action: str, reason: str | None = None, reason_label: str = "原因") -> None:
    """An organizer's action behind its confirmation: open it, write the reason, tick "I confirm", send."""
    scope.locator("summary", has_text=action).click()
    form = scope.locator("details[open] form")
    if reason is not None:
        form.get_by_label(reason_label, exact=True).fill(reason)
    tick = form.get_by_label(I_CONFIRM)
    if tick.count():
        tick.check()
    submit(page, form.get_by_role("button", name=action))


def region(page, name: str):
    return page.get_by_role("region", name=name, exact=True)


def test_a_contest_day_with_its_faults(day, new_page, shot):
    looks, gaps = Looks(shot, day["url"]), Gaps()
    tag, numbers, judges = day["tag"], day["numbers"], day["judges"]
    name = f"电工技能比武 {tag}"
    organizer = new_page(viewport=DESKTOP)
    sign_in(organizer, day["organizer"])
    assert organizer.url.endswith("/contests"), "organizers land on the contest list"

    # 1. Before the day: the contest, its judges (one steps aside for team U), its contestants.
    contest_id = create_contest(organizer, name, [("T", "理论考试", "40", "100", "measurement", ""),
                                                         ("P", "实操考核", "60", "100", "judgement", "20")])
    register_first_judges(organizer, looks, contest_id, day)
    organizer.goto(f"/contests/{contest_id}")
    confirm(organizer, organizer, "开放报名")
    assert "已开放报名" in notice(organizer)
    register_contestants(organizer, looks, contest_id, day)
    start_refused_then_covered(organizer, looks, contest_id, day)
    bibs = read_bibs(organizer, numbers)

    # 2. The morning: D does not come; the theory marks are entered; judges 1, 2 and 4 score on their phones.
    mark_absent(organizer, looks, numbers)
    enter_theory(organizer, looks, gaps, contest_id, bibs)
    phones = {n: judge_phone(new_page, judges[n], name, "还剩 3 个抽签号") for n in (1, 2, 4)}
    for n in (1, 2):
        score_sheet(phones[n], bibs, PRACTICAL[n])
    looks.step(phones[1], "sheet-saved")
    score_sheet(phones[4], bibs, PRACTICAL[4])
    judge_falls_ill(organizer, phones[4], looks, contest_id, bibs, day)
    add_stand_in(organizer, looks, contest_id, day, numbers)

    # 3. Judge 3 (who may score A only) makes the wide spread; the organizer sees what blocks closing.
    phones[3] = judge_phone(new_page, judges[3], name, "还剩 1 个抽签号")
    assert sheet_bibs(phones[3]) == [bibs["A"]], "judge 3 steps aside for team U; D is absent"
    score_sheet(phones[3], bibs, PRACTICAL[3])
    flagged = phones[3].get_by_label(f"抽签号 {bibs['A']}", exact=True)
    expect(flagged).to_have_accessible_description(re.compile("分差复核|评分差距过大"))
    looks.everywhere(phones[3], "sheet-flagged")
    what_blocks_closing(organizer, looks, contest_id, bibs)

    # 4. The stand-in scores; judge 2 corrects a score; everyone signs off.
    phones[5] = new_page(viewport=PHONE)
    sign_in(phones[5], judges[5])
    assert phones[5].url.endswith("/contests")
    looks.everywhere(phones[5], "judge-landing")
    open_owed_sheet(phones[5], name, "还剩 3 个抽签号")
    sign_off_unsaved(phones[5], looks, bibs, PRACTICAL[5])
    correct_with_and_without_reason(phones[2], looks, bibs)
    for n in (1, 2, 3):
        sign_off(phones[n], looks, n)
    landing = phones[5]
    landing.goto("/contests")
    expect(region(landing, "待评分")).to_contain_text("目前没有需要您评分的比赛环节。")

    # 5. The organizer accepts the spread, reads the preview, closes, publishes and downloads the results.
    accept_spread_and_preview(organizer, looks, contest_id, bibs, numbers)
    organizer.goto(f"/contests/{contest_id}")
    confirm(organizer, organizer, "结束评分")
    assert "评分已结束" in notice(organizer)
    confirm(organizer, organizer, "公布成绩")
    assert "成绩已公布" in notice(organizer)
    results(organizer, looks, numbers, bibs)

    # 6. Another contest cannot take place: cancelled with a reason; its contestant and its judge are told.
    cancel_second_contest(organizer, looks, new_page, day)
    assert not gaps.found, "what the pages lack for this day:\n" + "\n".join(gaps.found)


# -- the organizer before the day -------------------------------------------------------------------------

def create_contest(page, name: str, segments: list[tuple]) -> str:
    page.get_by_role("link", name="新建比赛").click()
    page.wait_for_load_state()
    page.get_by_label("比赛名称").fill(name)
    page.get_by_label("工种").select_option("electrician")
    today = date.today().isoformat()
    page.get_by_label("开始日期").fill(today)
    page.get_by_label("结束日期").fill(today)
    for n, row in enumerate(segments, start=1):
        group = page.get_by_role("group", name=f"比赛环节 {n}", exact=True)
        for label, value in zip(("代码", "名称", "权重（%）", "满分", "评分方式", "允许分差"), row):
            field = group.get_by_label(label, exact=True)
            field.select_option(value) if label == "评分方式" else field.fill(value)
    submit(page, page.get_by_role("button", name="创建比赛"))
    match = re.search(r"/contests/([0-9a-f-]{36})$", page.url)
    assert match, f"the contest was not created: {page.url}"
    assert "比赛已创建" in notice(page)
    return match[1]


def register_first_judges(page, looks, contest_id: str, day: dict) -> None:
    """Judges 1-3 on P; judge 3 declares a conflict with team U, found by part of the team's name."""
    page.get_by_role("link", name="登记和分配裁判").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/contests/{contest_id}/judges")
    for n in (1, 2, 3):
        form = region(page, "登记新裁判")
        form.get_by_label("裁判姓名").fill(f"裁判{n}")
        form.get_by_label("所在单位").fill(JUDGE_ORGANIZATION)
        form.get_by_label("登录账号").fill(day["judges"][n])
        form.get_by_label("实操考核 (P)").check()
        if n == 3:
            form.get_by_label("查找班组或员工").fill("二号机组")
            submit(page, form.get_by_role("button", name="查找"))
            form = region(page, "登记新裁判")
            assert form.get_by_label("裁判姓名").input_value() == "裁判3", "what was typed stays"
            assert form.get_by_label("实操考核 (P)").is_checked()
            form.get_by_role("checkbox", name=re.compile(re.escape(f"({day['teams']['U']})"))).check()
            looks.step(page, "judge-conflict-found")
        submit(page, form.get_by_role("button", name="登记裁判"))
        assert "裁判已登记" in notice(page), notice(page)
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="裁判3", exact=True))
    expect(card).to_contain_text(day["teams"]["U"])
    looks.step(page, "judges-draft")


def register_contestants(page, looks, contest_id: str, day: dict) -> None:
    """Found by the team's code (A and D; the welder is shown, not tickable), by name (B), by number (C)."""
    numbers = day["numbers"]
    page.goto(f"/contests/{contest_id}")
    page.get_by_role("link", name="登记选手").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/contests/{contest_id}/contestants")
    search = page.get_by_label("姓名、工号或班组")
    assert search.get_attribute("name") == "q"
    search.fill(day["teams"]["T"])
    submit(page, page.get_by_role("button", name="查找"))
    assert f"q={day['teams']['T']}" in page.url, "a search is a bookmarkable GET"
    found = page.get_by_role("group", name=re.compile("勾选要登记的员工"))
    welder = found.get_by_role("listitem").filter(has_text=numbers["W"])
    expect(welder).to_contain_text("工种不符")
    assert found.get_by_role("checkbox", name=re.compile(numbers["W"])).count() == 0
    looks.step(page, "contestants-found-by-team")
    for key in "AD":
        found.get_by_role("checkbox", name=re.compile(numbers[key])).check()
    submit(page, page.get_by_role("button", name="登记勾选的员工"))
    assert "共 2 个工号，已登记 2 人" in notice(page), notice(page)

    page.get_by_label("姓名、工号或班组").fill("司马岚")
    submit(page, page.get_by_role("button", name="查找"))
    page.get_by_role("group", name=re.compile("勾选要登记的员工")).get_by_role(
        "checkbox", name=re.compile(numbers["B"])).check()
    submit(page, page.get_by_role("button", name="登记勾选的员工"))
    assert "已登记 1 人" in notice(page)

    page.get_by_role("textbox", name=re.compile("^工号")).fill(numbers["C"])
    submit(page, page.get_by_role("button", name="登记选手"))
    assert "已登记 1 人" in notice(page)
    listed = page.get_by_role("table").filter(has_text=numbers["A"])
    for key, (person, *_) in PEOPLE.items():
        expect(listed.get_by_role("row").filter(has_text=numbers[key])).to_contain_text(person)
    looks.step(page, "contestants-registered")


def start_refused_then_covered(page, looks, contest_id: str, day: dict) -> None:
    numbers = day["numbers"]
    page.goto(f"/contests/{contest_id}")
    coverage = region(page, "裁判不足")
    for key in "BC":  # judge 3 steps aside for team U: two judges may score B and C
        expect(coverage.get_by_role("listitem").filter(has_text=numbers[key])).to_contain_text(
            f"{PEOPLE[key][0]}（{numbers[key]}）：只有 2 位裁判可评分（需要 3 位）")
    assert coverage.get_by_role("listitem").count() == 2, "A and D have three judges"
    looks.step(page, "control-room-uncovered")
    confirm(page, page, "开始比赛并抽签")
    assert page.locator("h1").inner_text() == f"电工技能比武 {day['tag']}"
    expect(page.get_by_role("alert").first).to_contain_text("无法开始比赛")
    coverage = region(page, "裁判不足")
    assert coverage.get_by_role("listitem").count() == 2
    expect(coverage).to_contain_text(f"{PEOPLE['B'][0]}（{numbers['B']}）：只有 2 位裁判可评分（需要 3 位）")
    looks.step(page, "start-refused", axe=True)

    coverage.get_by_role("link", name="分配裁判").click()
    page.wait_for_load_state()
    form = region(page, "登记新裁判")
    form.get_by_label("裁判姓名").fill("裁判4")
    form.get_by_label("所在单位").fill(JUDGE_ORGANIZATION)
    form.get_by_label("登录账号").fill(day["judges"][4])
    form.get_by_label("实操考核 (P)").check()
    submit(page, form.get_by_role("button", name="登记裁判"))
    assert "裁判已登记" in notice(page)
    page.goto(f"/contests/{contest_id}")
    expect(page.get_by_text("每位选手在每个主观评判环节都有至少 3 位可评分的裁判。")).to_be_visible()
    confirm(page, page, "开始比赛并抽签")
    assert "抽签号已抽取" in notice(page), notice(page)
    assert page.locator(".contest-status").inner_text() == "进行中"


def read_bibs(page, numbers: dict) -> dict[str, int]:
    page.get_by_role("navigation", name=re.compile("的页面$")).get_by_role("link", name="选手", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("抽签号对照表")
    sheet = page.get_by_role("table").filter(has_text=numbers["A"])
    bibs = {key: int(sheet.get_by_role("row").filter(has_text=numbers[key]).locator(".bib-number").inner_text())
            for key in PEOPLE}
    assert sorted(bibs.values()) == [1, 2, 3, 4]
    return bibs


# -- the morning ------------------------------------------------------------------------------------------

def mark_absent(page, looks, numbers: dict) -> None:
    """D did not come to the check-in: marked absent (缺考) with the reason, on the bib sheet."""
    row = page.get_by_role("row").filter(has_text=numbers["D"])
    confirm(page, row, "登记缺考", reason="未到场检录，电话联系为突发疾病")
    assert "已将该选手登记为缺考" in notice(page), notice(page)
    row = page.get_by_role("row").filter(has_text=numbers["D"])
    expect(row).to_contain_text("缺考")
    expect(row).to_contain_text("原因：未到场检录，电话联系为突发疾病")
    assert row.locator("summary").count() == 0, "nothing more to do for an absent contestant"
    looks.step(page, "contestant-absent")


def enter_theory(page, looks, gaps, contest_id: str, bibs: dict) -> None:
    """The theory marks of the three who sat the exam; the absent contestant has none to enter."""
    page.goto(f"/contests/{contest_id}")
    page.get_by_role("link", name="录入测量评分").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="理论考试 (T)").count() == 1
    for key, score in THEORY.items():
        page.get_by_label(f"抽签号 {bibs[key]}", exact=True).fill(str(score))
    submit(page, page.get_by_role("button", name="保存评分"))
    assert "已保存 3 个评分" in notice(page), notice(page)
    count = page.get_by_text(re.compile(r"^已评 \d+ / \d+$"))
    gaps.check(page.get_by_label(f"抽签号 {bibs['D']}", exact=True).count() == 0,
               f"/contests/{{id}}/judging?segment=T (the organizer's measurement sheet, judging.py): the absent "
               f"contestant's bib {bibs['D']} is still offered as a field to score (a score there cannot count) "
               f"and the sheet reads '{count.inner_text() if count.count() else ''}' once every mark is in")
    looks.step(page, "theory-entered")


def judge_phone(new_page, username: str, contest_name: str, state: str):
    page = new_page(viewport=PHONE)
    sign_in(page, username)
    assert page.url.endswith("/contests"), "judges land on the contest list"
    open_owed_sheet(page, contest_name, state)
    return page


def open_owed_sheet(page, contest_name: str, state: str) -> None:
    """"To score now": the segment still owed, one tap from the sheet."""
    owed = region(page, "待评分").get_by_role("link", name=re.compile(re.escape(contest_name)))
    expect(owed).to_have_count(1)
    expect(owed).to_contain_text("实操考核")
    expect(owed).to_contain_text(state)
    assert owed.bounding_box()["height"] >= 44, "a touch target"
    submit(page, owed)
    assert "/judging" in page.url
    assert page.get_by_role("heading", name="实操考核 (P)").count() == 1


def sheet_bibs(page) -> list[int]:
    return [int(text) for text in page.locator("#sheet .bib-number").all_inner_texts()]


def score_sheet(page, bibs: dict, scores: dict[str, int]) -> None:
    """The judge reads bibs from the work in front of them and types each score under its bib."""
    for key, score in scores.items():
        field = page.get_by_label(f"抽签号 {bibs[key]}", exact=True)
        assert field.get_attribute("inputmode") == "decimal"
        assert field.bounding_box()["height"] >= 44, "large fields on a phone"
        field.fill(str(score))
    save = page.get_by_role("button", name="保存评分")
    assert save.bounding_box()["height"] >= 44
    submit(page, save)
    assert f"已保存 {len(scores)} 个评分" in notice(page), notice(page)
    assert fits_a_phone(page), "the sheet scrolls sideways at 390 px"
    for key, score in scores.items():
        row = page.get_by_role("listitem").filter(has=page.get_by_label(f"抽签号 {bibs[key]}", exact=True))
        expect(row).to_contain_text(f"当前评分：{score:.2f}")


def judge_falls_ill(organizer, phone, looks, contest_id: str, bibs: dict, day: dict) -> None:
    """Judge 4 has typed C's score when they are taken ill and withdrawn: saving then is refused in words,
    what they typed is said back, and the sheet turns read-only."""
    phone.get_by_label(f"抽签号 {bibs['C']}", exact=True).fill("79")
    organizer.goto(f"/contests/{contest_id}/judges")
    card = organizer.get_by_role("listitem").filter(has=organizer.get_by_role("heading", name="裁判4", exact=True))
    confirm(organizer, card, "撤下：实操考核 (P)", reason="突发身体不适，送医", reason_label="撤下原因")
    assert "已撤下该裁判" in notice(organizer), notice(organizer)
    card = organizer.get_by_role("listitem").filter(has=organizer.get_by_role("heading", name="裁判4", exact=True))
    expect(card).to_contain_text("突发身体不适，送医")
    looks.step(organizer, "judge-withdrawn")

    submit(phone, phone.get_by_role("button", name="保存评分"))
    expect(phone.get_by_role("alert").first).to_contain_text("您已被撤下本比赛环节，不能再评分或签字确认。")
    expect(phone.get_by_text(f"以下输入未能保存：抽签号 {bibs['C']}：79")).to_be_visible()
    expect(phone.get_by_text(re.compile("被撤下本比赛环节，不能再评分；您在本环节录入的评分不再计入成绩"))).to_be_visible()
    assert phone.get_by_role("button", name="保存评分").count() == 0, "read-only once withdrawn"
    looks.step(phone, "sheet-withdrawn-judge", axe=True)
    phone.goto("/contests")
    expect(region(phone, "待评分")).to_contain_text("目前没有需要您评分的比赛环节。")
    phone.goto("/notifications")
    told = phone.get_by_role("listitem").filter(has_text="你已退出评分")
    eventually(lambda: phone.reload() and told.count() == 1, "judge 4 is told they were withdrawn and why")
    expect(told).to_contain_text("原因：突发身体不适，送医。")


def add_stand_in(page, looks, contest_id: str, day: dict, numbers: dict) -> None:
    """With judge 4 gone, B and C have two judges again: the control room says so while running, and a
    stand-in who has just arrived is registered and added to P (with its confirmation)."""
    page.goto(f"/contests/{contest_id}")
    coverage = region(page, "裁判不足")
    for key in "BC":
        expect(coverage).to_contain_text(f"{PEOPLE[key][0]}（{numbers[key]}")
    expect(region(page, "评分进度").get_by_role("row").filter(has_text="裁判4")).to_contain_text("已撤下")
    looks.step(page, "control-room-judge-gone")
    coverage.get_by_role("link", name="分配裁判").click()
    page.wait_for_load_state()
    form = region(page, "登记新的替补裁判")
    form.get_by_label("裁判姓名").fill("裁判5")
    form.get_by_label("所在单位").fill(JUDGE_ORGANIZATION)
    form.get_by_label("登录账号").fill(day["judges"][5])
    form.get_by_label("实操考核 (P)").check()
    form.get_by_label("我已核对，确认增派为替补裁判").check()
    submit(page, form.get_by_role("button", name="登记裁判"))
    assert "已增派替补裁判" in notice(page), notice(page)
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="裁判5", exact=True))
    expect(card).to_contain_text("P")
    looks.step(page, "stand-in-added")


def what_blocks_closing(page, looks, contest_id: str, bibs: dict) -> None:
    """B and C lack the stand-in's score; A's spread waits with every counting judge's score (not judge 4's)."""
    page.goto(f"/contests/{contest_id}")
    todo = region(page, "结束评分前待办")
    for key in "BC":
        item = todo.get_by_role("listitem").filter(has_text=f"抽签号 {bibs[key]}").first
        expect(item).to_contain_text("已有 2 个评分，需要 3 个")
        expect(item).to_contain_text("尚未评分的裁判：裁判5")
    flag = todo.get_by_role("listitem").filter(has=page.get_by_role("button", name=re.compile("接受分差")))
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text(f"抽签号 {bibs['A']}")
    expect(flag).to_contain_text(re.compile(r"分差 27(\.00)?（允许 20(\.00)?）"))
    shown = {item.locator("span").inner_text(): Decimal(item.locator("strong").inner_text())
             for item in flag.get_by_role("listitem").all()}
    assert shown == {"裁判1": 72, "裁判2": 74, "裁判3": 99}, f"every counting judge's score: {shown}"
    looks.everywhere(page, "control-room-running")


def correct_with_and_without_reason(page, looks, bibs: dict) -> None:
    """Judge 2 saw they wrote B 88 instead of 86: changed without a reason, refused beside the row; with one,
    saved."""
    page.goto(page.url.split("#")[0])
    score = page.get_by_label(f"抽签号 {bibs['B']}", exact=True)
    score.fill(str(CORRECTED))
    submit(page, page.get_by_role("button", name="保存评分"))
    assert "已保存 0 个评分，1 个未保存" in notice(page), notice(page)
    reason = page.get_by_label(f"抽签号 {bibs['B']} 修改原因", exact=True)
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(re.compile("修改已保存的评分，须写明修改原因。"))
    assert page.get_by_label(f"抽签号 {bibs['B']}", exact=True).input_value() == str(CORRECTED), "what was typed stays"
    looks.step(page, "correction-refused", axe=True)
    reason.fill("看错评分记录表，更正为 86 分")
    submit(page, page.get_by_role("button", name="保存评分"))
    assert "已保存 1 个评分" in notice(page), notice(page)
    row = page.get_by_role("listitem").filter(has=page.get_by_label(f"抽签号 {bibs['B']}", exact=True))
    expect(row).to_contain_text(f"当前评分：{CORRECTED:.2f}")


def sign_off_unsaved(page, looks, bibs: dict, scores: dict[str, int]) -> None:
    """The stand-in types their scores and signs off without pressing "save": the sheet saves them first."""
    for key, score in scores.items():
        page.get_by_label(f"抽签号 {bibs[key]}", exact=True).fill(str(score))
    page.locator("summary", has_text="签字确认本比赛环节").click()
    submit(page, page.get_by_role("button", name="确认: 签字确认本比赛环节"))
    assert f"已保存 {len(scores)} 个评分；已签字确认" in notice(page), notice(page)
    for key, score in scores.items():
        row = page.get_by_role("listitem").filter(has_text=re.compile(f"抽签号\\s*{bibs[key]}\\b"))
        expect(row).to_contain_text(f"当前评分：{score:.2f}")
    looks.step(page, "signed-off-with-typed-scores")


def sign_off(page, looks, n: int) -> None:
    page.locator("summary", has_text="签字确认本比赛环节").click()
    button = page.get_by_role("button", name="确认: 签字确认本比赛环节")
    assert button.bounding_box()["height"] >= 44
    submit(page, button)
    assert "已签字确认" in notice(page), notice(page)
    assert page.get_by_role("button", name="保存评分").count() == 0, "locked after sign-off"
    if n == 1:
        looks.step(page, "signed-off")


# -- the afternoon ----------------------------------------------------------------------------------------

def accept_spread_and_preview(page, looks, contest_id: str, bibs: dict, numbers: dict) -> None:
    page.goto(f"/contests/{contest_id}")
    todo = region(page, "结束评分前待办")
    assert todo.get_by_role("listitem").filter(has_text="尚未评分的裁判").count() == 0, "every score is in"
    flag = todo.get_by_role("listitem").filter(has=page.get_by_role("button", name=re.compile("接受分差")))
    expect(flag).to_contain_text("裁判5")
    flag.get_by_label("接受分差的理由").fill("裁判组复核：3 号裁判按评分细则给分，分差属实，予以接受。")
    submit(page, flag.get_by_role("button", name=re.compile("接受分差")))
    assert "已接受分差" in notice(page), notice(page)
    expect(region(page, "结束评分前待办")).to_contain_text("所有评分已完成，没有待复核的分差，可以结束评分。")
    looks.step(page, "ready-to-close")

    page.get_by_role("link", name="查看排名预览（非最终成绩）").click()
    page.wait_for_load_state()
    expect(page.get_by_role("note")).to_contain_text("这是预览，不是最终成绩。")
    assert ranking(page, numbers) == [(key, rank, total) for key, rank, total, _ in EXPECTED] + [("D", "缺考", "—")]
    looks.step(page, "preview")


def ranking(page, numbers: dict) -> list[tuple[str, str, str]]:
    """(contestant, rank or status, total) of the results table, top to bottom."""
    by_number = {number: key for key, number in numbers.items()}
    rows = page.get_by_role("table").filter(has_text=numbers["A"]).locator("tbody").get_by_role("row").all()
    return [(by_number[row.get_attribute("data-employee-no")], row.locator(".rank").inner_text().strip(),
             row.locator(".total").inner_text().strip()) for row in rows]


def results(page, looks, numbers: dict, bibs: dict) -> None:
    page.get_by_role("link", name="查看成绩").click()
    page.wait_for_load_state()
    assert ranking(page, numbers) == [(key, rank, total) for key, rank, total, _ in EXPECTED] + [("D", "缺考", "—")]
    table = page.get_by_role("table").filter(has_text=numbers["A"])
    for key, _, _, prize in EXPECTED:
        expect(table.get_by_role("row").filter(has_text=numbers[key])).to_contain_text(prize or "—")
    expect(table.get_by_role("row").filter(has_text=numbers["B"])).to_contain_text("已达晋升上限（技师），不再晋升")
    assert page.get_by_role("note").count() == 0, "the published results are no preview"
    looks.everywhere(page, "results")

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 CSV").click()
    text = download.value.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    for label in ("名次", "抽签号", "工号", "姓名", "总分", "理论考试 (%)", "实操考核 (%)", "奖项", "未晋升原因", "状态"):
        assert label in head, f"the CSV's columns in Chinese: {head}"
    assert len(rows) == 5, rows
    table_of = [dict(zip(head, row)) for row in rows[1:]]
    for line, (key, rank, total, prize) in zip(table_of, EXPECTED):
        assert (line["工号"], line["名次"], line["总分"], line["奖项"], line["状态"]) == \
            (numbers[key], rank, total, prize, "已排名"), line
        assert line["抽签号"] == str(bibs[key])
    assert table_of[0]["未晋升原因"] == "已达晋升上限"
    absent = table_of[3]
    assert (absent["工号"], absent["姓名"], absent["名次"], absent["总分"], absent["奖项"], absent["状态"]) == \
        (numbers["D"], PEOPLE["D"][0], "", "", "", "缺考"), absent

    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    head = cells[0]
    assert head == rows[0], "the XLSX has the CSV's columns"
    lines = [dict(zip(head, row)) for row in cells[1:]]
    for line, (key, rank, total, prize) in zip(lines, EXPECTED):
        assert line["工号"] == numbers[key] and str(line["名次"]) == rank, line
        assert Decimal(str(line["总分"])) == Decimal(total), "the total is a number"
        assert (line["奖项"] or "") == prize and line["状态"] == "已排名", line
    assert len(lines) == 4 and lines[3]["工号"] == numbers["D"] and lines[3]["状态"] == "缺考"
    assert lines[3]["名次"] in (None, "") and lines[3]["总分"] in (None, ""), lines[3]


# -- the contest that does not take place -----------------------------------------------------------------

def cancel_second_contest(page, looks, new_page, day: dict) -> None:
    second = f"低压配电技能比武 {day['tag']}"
    page.goto("/contests")
    contest_id = create_contest(page, second, [("X", "接线实操", "100", "100", "measurement", "")])
    page.get_by_role("link", name="登记和分配裁判").click()
    page.wait_for_load_state()
    form = region(page, "分配已登记的裁判")
    form.get_by_label("裁判", exact=True).select_option(
        label=f"裁判5 · {JUDGE_ORGANIZATION} · {day['judges'][5]}")
    form.get_by_label("接线实操 (X)").check()
    submit(page, form.get_by_role("button", name="分配裁判"))
    assert "裁判的比赛环节已保存" in notice(page), notice(page)
    page.goto(f"/contests/{contest_id}")
    confirm(page, page, "开放报名")
    page.get_by_role("link", name="登记选手").click()
    page.wait_for_load_state()
    page.get_by_role("textbox", name=re.compile("^工号")).fill(day["numbers"]["A"])
    submit(page, page.get_by_role("button", name="登记选手"))
    assert "已登记 1 人" in notice(page)

    page.goto(f"/contests/{contest_id}")
    reason = "配电室改造施工，场地无法使用"
    confirm(page, region(page, "取消比赛"), "取消比赛", reason=reason, reason_label="取消原因")
    assert "比赛已取消，已通知选手和裁判" in notice(page), notice(page)
    assert page.locator(".contest-status").inner_text() == "已取消"
    expect(page.get_by_text(f"取消原因：{reason}", exact=True)).to_be_visible()
    assert page.locator("summary", has_text="取消比赛").count() == 0, "nothing more to do with it"
    looks.step(page, "cancelled")

    for who, username, taking_part in (("contestant", day["contestant"], "报名参加"),
                                       ("judge", day["judges"][5], "担任裁判")):
        reader = new_page(viewport=PHONE)
        sign_in(reader, username)
        reader.goto("/notifications")
        told = reader.get_by_role("listitem").filter(has_text=f"比赛已取消：{second}")
        eventually(lambda reader=reader, told=told: reader.reload() and told.count() == 1,
                   f"the {who} is told of the cancellation", timeout=60)
        expect(told).to_contain_text(f"你{taking_part}的比赛“{second}”已取消。原因：{reason}。")
        looks.step(reader, f"cancelled-notice-{who}")
