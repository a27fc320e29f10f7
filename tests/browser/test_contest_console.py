"""domain.md's worked example run entirely through the contest pages: an organizer creates the contest with
its three segments, registers five judges and four contestants, opens and starts; five judges, each in their
own browser, score the practical and three the troubleshooting segment by bib, the organizer enters the
theory marks; a judge changes a score with a reason; a flagged spread is accepted with a reason; every judge
signs off; scoring closes and the results are published: B 1st and A 2nd on 86.40, C 3rd on 72.00, D without
a prize. No page a judge can open shows a contestant's name, team or employee number before publication.

Only the people (teams, workers, user accounts) come from the API; every page is also checked by axe-core
in zh and en on a phone and a desktop, with screenshots in zh."""
from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest

from accessibility import assert_accessible
from browser_support import DESKTOP, add_user, created, retry_until_created, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
TABLET = {"width": 820, "height": 1180}
LAYOUTS = {"phone": PHONE, "desktop": DESKTOP}

# contestant: (name, team, grade, T, P scores by judges 1..5, F scores by judges 1..3), as in domain.md
TABLE = {
    "A": ("上官明", "T", "intermediate", 90, [80, 84, 86, 88, 90], [40, 42, 44]),
    "B": ("司马岚", "U", "senior", 80, [88, 88, 90, 92, 94], [40, 40, 43]),
    "C": ("诸葛韬", "U", "junior", 70, [70, 72, 74, 76, 78], [30, 35, 37]),
    "D": ("东方睿", "U", "junior", 50, [50, 55, 60, 58, 52], [20, 25, 24]),
}
MISTYPED = ("C", 5, 99)  # judge 5 first gives C 99 on P: spread 29 > 20, flagged, accepted (the mean is still 74)
CORRECTED = ("A", 2, 85)  # judge 2 first gives A 85 on P, then changes it to 84 with a reason
JUDGE_ORGANIZATION = "省职业技能鉴定指导中心"


@pytest.fixture
def people(banzu, admin):
    """Two teams of two companies, the four workers of the worked example, an organizer and five judge
    accounts; the competition service knows the workers once their events have arrived."""
    tag = uuid.uuid4().hex[:6].upper()
    teams = {"T": f"T{tag}", "U": f"U{tag}"}
    for key, code in teams.items():
        created(admin.post("/teams", {"code": code, "name": f"{key} 班组", "company": f"Company {key} {tag}"}),
                f"team {code}")
    numbers = {key: f"E{tag}{key}" for key in TABLE}
    for key, (name, team, grade, *_) in TABLE.items():
        created(admin.post("/workers", {"employee_no": numbers[key], "name": name, "team_code": teams[team],
                                        "occupation": "electrician", "grade": grade}), f"worker {key}")
    organizer = add_user(admin, f"org-{tag.lower()}", ["organizer"])
    judges = [add_user(admin, f"judge{n}-{tag.lower()}", ["judge"]) for n in range(1, 6)]
    # The competition service learns of workers from events: wait until it can register them.
    probe = created(admin.post("/contests", {
        "name": f"Directory check {tag}", "occupation": "electrician", "starts_on": date.today().isoformat(),
        "ends_on": date.today().isoformat(), "segments": [
            {"code": "X", "name": "X", "weight": 100, "max_score": 10, "method": "measurement"}]}), "probe")
    assert admin.post(f"/contests/{probe['id']}/open").status == 200
    for number in numbers.values():
        retry_until_created(lambda: admin.post(f"/contests/{probe['id']}/contestants", {"employee_no": number}),
                            f"the competition service knows {number}")
    secrets = [*(row[0] for row in TABLE.values()), *numbers.values(), *teams.values()]
    return {"tag": tag, "teams": teams, "numbers": numbers, "organizer": organizer, "judges": judges,
            "secrets": secrets, "url": banzu.url}


class Pages:
    """What the test does on every page: axe-core in zh and en on a phone and a desktop; screenshots in zh,
    and in en on a desktop."""

    def __init__(self, look, base_url: str):
        self.look = look
        self.base_url = base_url

    def check(self, page, name: str) -> None:
        """Reloads the page (a GET) in both languages and both sizes, then leaves it as it was (zh)."""
        url, size = page.url.split("#")[0], page.viewport_size
        for lang in ("en", "zh"):
            page.context.add_cookies([{"name": "banzu_lang", "value": lang, "url": self.base_url}])
            for layout, viewport in LAYOUTS.items():
                page.set_viewport_size(viewport)
                page.goto(url)
                assert page.locator("html").get_attribute("lang").startswith(lang)
                if lang == "zh":
                    self.look(page, f"{name}-{layout}")
                elif layout == "desktop":
                    self.look(page, f"{name}-en-{layout}")
                else:
                    assert_accessible(page, f"{name}, en, {layout}")
        page.set_viewport_size(size)
        page.goto(url)

    def check_as_shown(self, page, name: str) -> None:
        """A page that answered a form (a refusal): both sizes as it stands, without reloading."""
        size = page.viewport_size
        for layout, viewport in LAYOUTS.items():
            page.set_viewport_size(viewport)
            self.look(page, f"{name}-{layout}")
        page.set_viewport_size(size)


def submit(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def confirm(page, label: str) -> None:
    """A lifecycle step or a sign-off: open its confirmation, then confirm (the sign-off's button belongs to
    the sheet's own form, which holds the confirmation)."""
    page.locator("details.confirm > summary", has_text=label).click()
    tick = page.locator("details.confirm[open] input[name=confirm]")  # the organizer's steps ask "I confirm"
    if tick.count():
        tick.check()
    submit(page, page.locator("details.confirm[open] button[type=submit]"))


def notice(page) -> str:
    return page.locator(".notices").inner_text()


def test_the_worked_example_through_the_contest_pages(people, new_page, look):
    pages = Pages(look, people["url"])
    today = date.today()
    organizer = new_page(viewport=DESKTOP)
    sign_in(organizer, people["organizer"])
    assert organizer.url.endswith("/contests"), "organizers land on the contest list"
    pages.check(organizer, "contest-list-organizer")

    contest_id = create_contest(organizer, pages, people["tag"], today)
    register_judges(organizer, pages, contest_id, people)
    organizer.goto(f"/contests/{contest_id}")
    confirm(organizer, "开放报名")
    assert "已开放报名" in notice(organizer)
    register_contestants(organizer, pages, contest_id, people["numbers"])
    organizer.goto(f"/contests/{contest_id}")
    pages.check(organizer, "contest-control-room-open")
    confirm(organizer, "开始比赛并抽签")
    assert "抽签号已抽取" in notice(organizer)
    bibs = read_bib_sheet(organizer, pages, contest_id, people["numbers"])

    enter_theory_marks(organizer, pages, contest_id, bibs)
    judges = [judge_page(new_page, people["judges"][n], contest_id) for n in range(5)]
    seen_by_judges: list[str] = []
    for n, judge in enumerate(judges, start=1):
        fill_sheet(judge, bibs, "P", {key: practical_score(key, n) for key in TABLE})
        seen_by_judges.append(judge.content())
    pages.check(judges[0], "contest-judging-judge")
    assert_blind(judges[0], bibs, n=1)

    refused_close(organizer, pages, contest_id, bibs)
    accept_spread(organizer, pages, contest_id, bibs)

    for n, judge in enumerate(judges[:3], start=1):
        judge.locator(".segment-tabs a", has_text="故障排除").click()
        judge.wait_for_load_state()
        fill_sheet(judge, bibs, "F", {key: TABLE[key][5][n - 1] for key in TABLE},
                   first_typed={"C": 300} if n == 1 else None)
        seen_by_judges.append(judge.content())
    change_score_with_reason(judges[1], bibs)
    progress_while_running(organizer, pages, contest_id)

    for n, judge in enumerate(judges, start=1):
        for segment in (("P", "F") if n <= 3 else ("P",)):
            judge.goto(f"/contests/{contest_id}/judging?segment={segment}")
            confirm(judge, "签字确认本比赛环节")
            assert "已签字确认" in notice(judge)
            assert judge.locator("#sheet input").count() == 0, "the sheet is read-only once signed off"
            seen_by_judges.append(judge.content())
    pages.check(judges[0], "contest-judging-signed-off")
    seen_by_judges += other_pages_a_judge_can_open(judges[3], contest_id)
    for content in seen_by_judges:
        for secret in people["secrets"]:
            assert secret not in content, f"a judge's page shows {secret} before publication"

    organizer.goto(f"/contests/{contest_id}")
    confirm(organizer, "结束评分")
    assert "评分已结束" in notice(organizer)
    confirm(organizer, "公布成绩")
    assert "成绩已公布" in notice(organizer)
    produced = organizer.locator("ul.produced").inner_text()
    assert f"{people['numbers']['B']}): 高级工 → 技师" in produced
    assert f"{people['numbers']['A']}): 中级工 → 高级工" in produced
    pages.check(organizer, "contest-control-room-published")
    check_audit(organizer, pages, contest_id, bibs)
    check_results(organizer, pages, contest_id)


def create_contest(page, pages, tag: str, today: date) -> str:
    page.get_by_role("link", name="新建比赛").click()
    page.wait_for_load_state()
    assert page.url.endswith("/contests/new")
    pages.check(page, "contest-new")
    page.get_by_label("比赛名称").fill(f"电工技能比武 {tag}")
    page.get_by_label("工种").select_option("electrician")
    page.get_by_label("开始日期").fill(today.isoformat())
    page.get_by_label("结束日期").fill((today + timedelta(days=1)).isoformat())
    rows = [("T", "理论考试", "20", "100", "measurement", ""), ("P", "实操考核", "60", "100", "judgement", "20"),
            ("F", "故障排除", "10", "50", "judgement", "10")]  # F's weight mistyped: 90 in all
    for i, row in enumerate(rows):
        for name, value in zip(("code", "name", "weight", "max_score", "method", "max_spread"), row):
            field = page.locator(f"#segments-{i}-{name}")
            field.select_option(value) if name == "method" else field.fill(value)
    page.get_by_label("同分比较顺序").fill("P F T")
    submit(page, page.get_by_role("button", name="创建比赛"))
    assert page.locator("#segments-error").inner_text() == "各比赛环节的权重之和必须为 100（现在为 90）。"
    assert page.locator("#segments-2-weight").input_value() == "10", "the form as typed"
    assert page.locator("#segments-1-name").input_value() == "实操考核"
    pages.check_as_shown(page, "contest-new-refused")
    page.locator("#segments-2-weight").fill("20")
    submit(page, page.get_by_role("button", name="创建比赛"))
    match = re.search(r"/contests/([0-9a-f-]{36})$", page.url)
    assert match, page.url
    assert "比赛已创建" in notice(page)
    assert page.locator(".contest-status").inner_text() == "草稿"
    summary = page.locator("table.segments-summary").inner_text()
    assert "主观评判" in summary and "测量评分" in summary
    pages.check(page, "contest-control-room-draft")
    return match[1]


def register_judges(page, pages, contest_id: str, people: dict) -> None:
    page.goto(f"/contests/{contest_id}")
    page.get_by_role("link", name="登记和分配裁判").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/contests/{contest_id}/judges")
    pages.check(page, "contest-judges-empty")
    for n, username in enumerate(people["judges"], start=1):
        form = page.locator("form:has(input[name=form][value=new])")
        form.get_by_label("裁判姓名").fill(f"裁判{n}")
        form.get_by_label("所在单位").fill(JUDGE_ORGANIZATION)
        form.get_by_label("登录账号").fill(username)
        if n == 4:  # a declared conflict with a team that has no contestant here
            form.get_by_label("回避的班组").fill(f"Z{people['tag']}")
        form.locator("#new-segments-P").check()
        if n <= 3:
            form.locator("#new-segments-F").check()
        submit(page, form.get_by_role("button", name="登记裁判"))
        assert "裁判已登记" in notice(page)
    cards = page.locator("li.judge-card")
    assert cards.count() == 5
    assert page.locator('li.judge-card[data-judge="裁判1"] .judge-segments').inner_text() == "F, P"
    assert page.locator('li.judge-card[data-judge="裁判5"] .judge-segments').inner_text() == "P"
    assert f"Z{people['tag']}" in page.locator('li.judge-card[data-judge="裁判4"]').inner_text()
    pages.check(page, "contest-judges")
    page.goto(f"/contests/{contest_id}")
    per_segment = page.locator("table.judges-per-segment").inner_text()
    assert "裁判1、裁判2、裁判3、裁判4、裁判5" in per_segment and "裁判1、裁判2、裁判3" in per_segment


def register_contestants(page, pages, contest_id: str, numbers: dict) -> None:
    page.goto(f"/contests/{contest_id}/contestants")
    pages.check(page, "contest-contestants-open")
    unknown = f"NOBODY{numbers['A'][1:7]}"
    page.get_by_label(re.compile(r"^工号")).fill(f"{numbers['A']}\n{numbers['B']}, {numbers['C']}\n{unknown}")
    page.locator("#file").set_input_files(files=[{
        "name": "contestants.csv", "mimeType": "text/csv",
        "buffer": f"工号,姓名\n{numbers['D']},{TABLE['D'][0]}\n{numbers['A']},{TABLE['A'][0]}\n".encode("gb18030")}])
    submit(page, page.get_by_role("button", name="登记选手"))
    outcomes = {row.get_attribute("data-employee-no"): row.locator("td.outcome").inner_text()
                for row in page.locator("table.outcomes tbody tr").all()}
    assert outcomes == {**{numbers[key]: "已登记" for key in "ABCD"}, unknown: "没有这个工号的员工（新建的员工可能需要稍候片刻）。"}
    assert "共 5 个工号，已登记 4 人" in notice(page)
    pages.check_as_shown(page, "contest-contestants-outcomes")
    page.get_by_label(re.compile(r"^工号")).fill(numbers["A"])
    submit(page, page.get_by_role("button", name="登记选手"))
    assert page.locator(f'table.outcomes tr[data-employee-no="{numbers["A"]}"] td.outcome').inner_text() == "已登记过"
    assert page.locator("table.contestant-list tbody tr").count() == 4


def read_bib_sheet(page, pages, contest_id: str, numbers: dict) -> dict[str, int]:
    page.goto(f"/contests/{contest_id}/contestants")
    assert page.locator("h1").inner_text().startswith("抽签号对照表")
    assert page.locator("form").filter(has=page.locator("#employee_no")).count() == 0, "registration is closed"
    bibs = {key: int(page.locator(f'tr[data-employee-no="{numbers[key]}"] .bib-number').inner_text())
            for key in TABLE}
    assert sorted(bibs.values()) == [1, 2, 3, 4]
    rows = page.locator("table.contestant-list tbody tr .bib-number").all_inner_texts()
    assert rows == ["1", "2", "3", "4"], "in bib order, to announce the draw"
    pages.check(page, "contest-bib-sheet")
    page.emulate_media(media="print")
    assert not page.locator(".contest-nav").is_visible() and not page.locator(".site-header").is_visible()
    page.emulate_media(media="screen")
    return bibs


def enter_theory_marks(page, pages, contest_id: str, bibs: dict) -> None:
    page.goto(f"/contests/{contest_id}")
    page.get_by_role("link", name="录入测量评分").click()
    page.wait_for_load_state()
    assert page.locator(".segment-tabs a[aria-current=page]").inner_text() == "理论考试 (T)"
    fill_sheet(page, bibs, "T", {key: TABLE[key][3] for key in TABLE})
    pages.check(page, "contest-judging-organizer")


def judge_page(new_page, username: str, contest_id: str):
    page = new_page(viewport=TABLET)
    sign_in(page, username)
    assert page.url.endswith("/contests"), "judges land on the contest list"
    submit(page, page.locator(f'tr[data-contest="{contest_id}"] a.score-link'))
    assert page.url.endswith(f"/contests/{contest_id}/judging")
    assert page.locator(".segment-tabs a[aria-current=page]").inner_text() == "实操考核 (P)"
    for target in (*page.locator(".segment-tabs a").all(), page.get_by_role("button", name="保存评分"),
                   page.locator("details.confirm > summary")):
        assert target.bounding_box()["height"] >= 44, "touch targets of at least 44 px on the judge's sheet"
    return page


def practical_score(key: str, judge: int) -> int:
    for mistake in (MISTYPED, CORRECTED):
        if (key, judge) == mistake[:2]:
            return mistake[2]
    return TABLE[key][4][judge - 1]


def fill_sheet(page, bibs: dict, segment: str, scores: dict[str, int], first_typed: dict | None = None) -> None:
    """One submit for the whole sheet; `first_typed` holds mistakes that are refused, then corrected."""
    assert page.locator("h2#sheet-heading").inner_text().endswith(f"({segment})")
    typed = {**scores, **(first_typed or {})}
    for key, value in typed.items():
        field = page.locator(f'li.sheet-row[data-bib="{bibs[key]}"] input.score-input')
        assert field.get_attribute("inputmode") == "decimal"
        assert field.bounding_box()["height"] >= 44, "large fields for a tablet"
        field.fill(str(value))
    submit(page, page.get_by_role("button", name="保存评分"))
    if first_typed:
        assert f"已保存 {len(scores) - len(first_typed)} 个评分，{len(first_typed)} 个未保存" in notice(page)
        for key, value in first_typed.items():
            row = page.locator(f'li.sheet-row[data-bib="{bibs[key]}"]')
            assert row.locator(".field-error").inner_text().startswith("请输入 0 至 50")
            assert row.locator("input.score-input").input_value() == str(value), "what was typed stays"
            row.locator("input.score-input").fill(str(scores[key]))
        submit(page, page.get_by_role("button", name="保存评分"))
    assert "个未保存" not in notice(page)
    for key, value in scores.items():
        row = page.locator(f'li.sheet-row[data-bib="{bibs[key]}"]')
        assert row.locator(".current").inner_text() == f"当前评分：{value:.2f}"
        assert row.locator("input[name$=-reason]").count() == 1, "a reason field for changing a score"


def assert_blind(page, bibs: dict, n: int) -> None:
    """Until scoring closes a judge sees their own scores only."""
    shown = page.locator("#sheet .current").all_inner_texts()
    assert sorted(shown) == sorted(f"当前评分：{practical_score(key, n):.2f}" for key in TABLE)


def refused_close(page, pages, contest_id: str, bibs: dict) -> None:
    page.goto(f"/contests/{contest_id}")
    confirm(page, "结束评分")
    assert "无法结束评分" in page.locator("#form-refusal").inner_text()
    missing = {(row.get_attribute("data-segment"), int(row.get_attribute("data-bib"))): row.inner_text()
               for row in page.locator("ul.missing li").all()}
    assert set(missing) == {("F", bib) for bib in bibs.values()}, "F is not scored yet: every bib of it"
    assert all("已有 0 个评分，需要 3 个" in text and "裁判1、裁判2、裁判3" in text for text in missing.values())
    flag = page.locator(f'li.flag[data-segment="P"][data-bib="{bibs["C"]}"]')
    assert flag.count() == 1 and "分差 29.00（允许 20.00）" in flag.inner_text()
    assert page.locator("li.flag").count() == 1
    pages.check_as_shown(page, "contest-control-room-close-refused")


def accept_spread(page, pages, contest_id: str, bibs: dict) -> None:
    flag = page.locator(f'li.flag[data-segment="P"][data-bib="{bibs["C"]}"]')
    reason = flag.get_by_label("接受分差的理由")
    assert reason.get_attribute("required") is not None, "a reason is required"
    reason.fill("经分差复核，裁判组确认 99 分为现场实际评分；去掉最高分和最低分后不影响结果。")
    submit(page, flag.get_by_role("button", name="接受分差"))
    assert "已接受分差" in notice(page)
    assert page.locator("li.flag").count() == 0


def change_score_with_reason(page, bibs: dict) -> None:
    key, _, _ = CORRECTED
    page.goto(page.url.split("?")[0] + "?segment=P")
    row = page.locator(f'li.sheet-row[data-bib="{bibs[key]}"]')
    row.locator("input.score-input").fill("84")
    row.get_by_label("修改原因").fill("看错评分记录表，更正为 84 分")
    submit(page, page.get_by_role("button", name="保存评分"))
    assert "已保存 1 个评分" in notice(page)
    assert row.locator(".current").inner_text() == "当前评分：84.00"


def progress_while_running(page, pages, contest_id: str) -> None:
    page.goto(f"/contests/{contest_id}")
    rows = {(row.get_attribute("data-judge"), row.get_attribute("data-segment")): row
            for row in page.locator("table.progress tbody tr").all()}
    assert len(rows) == 8, "five judges on P, three on F"
    assert rows[("裁判1", "F")].locator(".scored").inner_text() == "4 / 4"
    assert "未签字确认" in rows[("裁判5", "P")].inner_text()
    pages.check(page, "contest-control-room-running")


def other_pages_a_judge_can_open(page, contest_id: str) -> list[str]:
    """Every other page under the contest, as a judge: the organizer's answer 403, the results are not out."""
    contents = []
    for path in ("/contests", f"/contests/{contest_id}", f"/contests/{contest_id}/judges",
                 f"/contests/{contest_id}/contestants", f"/contests/{contest_id}/audit",
                 f"/contests/{contest_id}/results", f"/contests/{contest_id}/judging?segment=F"):
        response = page.goto(path)
        assert response.status in (200, 403, 409), (path, response.status)
        contents.append(page.content())
    return contents


def check_audit(page, pages, contest_id: str, bibs: dict) -> None:
    page.goto(f"/contests/{contest_id}/audit")
    changed = page.locator("table.audit tbody tr.changed")
    assert changed.count() == 1
    text = changed.inner_text()
    assert "85.00" in text and "84.00" in text and "看错评分记录表" in text and "裁判2" in text
    assert page.locator("table.audit tbody tr").count() == 4 * (1 + 5 + 3) + 1
    pages.check(page, "contest-audit")


def check_results(page, pages, contest_id: str) -> None:
    page.goto(f"/contests/{contest_id}/results")
    rows = page.locator("table.results tbody tr")
    expected = [("1", "司马岚", "86.40", "一等奖"), ("2", "上官明", "86.40", "二等奖"), ("3", "诸葛韬", "72.00", "三等奖")]
    for n, (rank, name, total, prize) in enumerate(expected):
        cells = rows.nth(n).inner_text()
        assert cells.split("\t")[0].strip() == rank and name in cells and total in cells and prize in cells, cells
    last = rows.nth(3).inner_text()
    assert "东方睿" in last and "52.20" in last and not re.search("[一二三]等奖", last), "D wins no prize"
    pages.check(page, "contest-results")
