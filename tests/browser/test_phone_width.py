"""Phones first (web.md, version 1.2): at 390 px no page is wider than the screen, and each list's row action
and key figures (score, view results, waitlist position, total and prize, days left) show without sideways
scrolling, because lists become cards on a phone. Every page of every role, in zh and en, with axe-core on
each; one browser page per role and language."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from accessibility import assert_accessible
from browser_support import PASSWORD, PHONE, add_user, created, next_minute_after, retry_until_created, sign_in
from client import Client

pytestmark = pytest.mark.browser
LOCALES = {"zh": "zh-CN", "en": "en-US"}
# Tables that stay tables on a phone and scroll within their labelled region: a grid of people by
# certificates reads only as a grid.
GRIDS = ".skill-matrix"

# The page's width, and each table with cells in its body outside the screen (its first such cell, described).
MEASURE = """grids => {
  const width = window.innerWidth, outside = new Map();
  for (const cell of document.querySelectorAll('table tbody tr > *')) {
    const table = cell.closest('table'), box = cell.getBoundingClientRect();
    if (cell.closest(grids) || outside.has(table) || !box.width) continue;
    if (box.right > width + 1 || box.left < -1) {
      outside.set(table, `table.${[...table.classList].join('.')} cell "${cell.innerText.trim().slice(0, 20)}"`
                         + ` at ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
  }
  return {page: document.documentElement.scrollWidth, screen: width, outside: [...outside.values()]};
}"""


@pytest.fixture(scope="module")
def crowd(banzu, admin, world):
    """Beside `world`: an account for each role; a running contest with a judgement segment its three judges
    owe; a training course with a one-seat session on which the world's worker waits at position 1; a plan, a
    programme and a mentorship, so that every list has rows."""
    tag, numbers = world["tag"], world["numbers"]
    users = {role: add_user(admin, f"{role}-ph-{tag.lower()}", [role]) for role in ("organizer", "trainer", "admin")}
    judges = [add_user(admin, f"judge{n}-ph-{tag.lower()}", ["judge"]) for n in range(3)]
    users["judge"] = judges[0]
    organizer = Client.sign_in(banzu.url, users["organizer"], PASSWORD)
    trainer = Client.sign_in(banzu.url, users["trainer"], PASSWORD)
    today = date.today()

    contest = created(organizer.post("/contests", {
        "name": f"电工技能比武 {tag} 第二场", "occupation": "electrician", "starts_on": today.isoformat(),
        "ends_on": today.isoformat(), "segments": [
            {"code": "J", "name": "故障排除", "weight": 50, "max_score": 100, "method": "judgement"},
            {"code": "M", "name": "接线实操", "weight": 50, "max_score": 100, "method": "measurement"}]}),
        "running contest")["id"]
    for n, username in enumerate(judges):
        judge = created(organizer.post("/judges", {"name": f"评委{n + 1}号", "organization": "省电力公司",
                                                   "username": username}), f"judge {username}")
        created(organizer.post(f"/contests/{contest}/judges", {"judge_id": judge["id"], "segments": ["J"]}),
                f"assignment of {username}")
    assert organizer.post(f"/contests/{contest}/open").status == 200
    for key in ("first", "second", "third"):
        retry_until_created(lambda key=key: organizer.post(f"/contests/{contest}/contestants",
                                                           {"employee_no": numbers[key]}), f"registration of {key}")
    started = organizer.post(f"/contests/{contest}/start")
    assert started.status == 200, started

    course = f"PH{tag}"
    created(trainer.post("/courses", {"code": course, "title": "低压配电安全规程", "occupation": "electrician",
                                      "hours": 4, "kind": "safety"}), "course")
    starts = next_minute_after(timedelta(days=3))
    session = created(trainer.post("/sessions", {
        "course_code": course, "location": f"二号培训教室 {tag}", "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=4)).isoformat(), "capacity": 1}), "session")["id"]
    retry_until_created(lambda: trainer.post(f"/sessions/{session}/enrollments", {"employee_no": numbers["first"]}),
                        "the session's one seat")
    waiting = retry_until_created(lambda: trainer.post(f"/sessions/{session}/enrollments",
                                                       {"employee_no": numbers["holder"]}), "the waitlist")
    assert waiting["status"] == "waitlisted" and waiting["position"] == 1, waiting
    plan = created(trainer.post("/plans", {"team_code": world["teams"]["A"], "year": today.year,
                                           "items": [{"course_code": course, "month": starts.month}]}), "plan")["id"]
    programme = f"PHP{tag}"
    created(trainer.post("/certification-programs", {
        "code": programme, "name": "配电值班员认证", "occupation": "electrician", "grade": "intermediate",
        "credential_type": "post_qualification", "courses": [course], "min_hours": 40}), "programme")
    mentorship = created(trainer.post("/mentorships", {
        "mentor": numbers["first"], "apprentice": numbers["third"], "occupation": "electrician",
        "goal_grade": "intermediate", "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=180)).isoformat()}), "mentorship")["id"]
    return {"users": users, "running": contest, "course": course, "session": session, "plan": plan,
            "programme": programme, "mentorship": mentorship}


def pages_of(world, crowd) -> dict[str, tuple[str | None, list[str]]]:
    """who signs in (None: nobody) -> every page of theirs, with rows to show."""
    users, running, published = crowd["users"], crowd["running"], world["contest"]
    team, holder = world["teams"]["A"], world["numbers"]["holder"]
    expiring = world["certificates"]["expiring"]
    return {
        "public": (None, ["/sign-in", f"/verify/{expiring['number']}?code={expiring['verification_code']}",
                          f"/verify/{expiring['number']}?code=wrong", "/verify"]),
        "worker": (world["worker"], ["/me", "/me/training", "/me/certificates", "/sessions",
                                     f"/sessions/{crowd['session']}", "/contests", f"/contests/{published}/results",
                                     "/notifications", "/account/password", "/promotions"]),  # the last: 403
        "judge": (users["judge"], ["/contests", f"/contests/{running}/judging?segment=J",
                                   f"/contests/{published}/results"]),
        "organizer": (users["organizer"], [
            "/contests", "/contests/new", f"/contests/{running}", f"/contests/{running}/judges",
            f"/contests/{running}/contestants", f"/contests/{running}/preview", f"/contests/{running}/audit",
            f"/contests/{running}/judging?segment=M", f"/contests/{published}", f"/contests/{published}/results"]),
        "trainer": (users["trainer"], [
            "/training", "/courses", "/courses/new", f"/courses/{crowd['course']}", "/sessions", "/sessions/new",
            f"/sessions/{crowd['session']}", "/plans", "/plans/new", f"/plans/{crowd['plan']}", "/programs",
            "/programs/new", f"/programs/{crowd['programme']}", "/mentorships", "/mentorships/new",
            f"/mentorships/{crowd['mentorship']}", "/recertifications", "/skill-matrices",
            f"/teams/{team}/skill-matrix"]),
        "hr": (world["hr"], [
            "/teams", "/teams/new", f"/teams/{team}", "/workers", "/workers/new", f"/workers/{holder}",
            "/workers/import", "/credentials", "/credentials/new", f"/credentials/{expiring['id']}",
            "/credentials/import", "/compliance", "/occupations", "/occupations/electrician/requirements",
            "/promotions", "/scoreboard", f"/teams/{team}/score", "/assessments", f"/teams/{team}/assessment",
            "/audit"]),
        "admin": (users["admin"], ["/users", "/users/new", f"/users/{world['worker']}", "/notifications/deliveries",
                                   "/workers", "/audit"]),
    }


def key_figures(world, crowd) -> dict[tuple[str, str], list[str]]:
    """The figures and actions a person comes for, on the pages where a table used to hide them:
    (role, path) -> selectors, each matching at least one element."""
    published, holder = world["contest"], world["numbers"]["holder"]
    results = ["table.results .total", "table.results .prize-cell"]
    return {
        ("judge", "/contests"): [".contest-actions .score-link", ".contest-actions .results-link"],
        ("worker", "/contests"): [".contest-actions .results-link"],
        ("worker", "/me/training"): ["tr[data-status=waitlisted] .waitlist-position"],
        ("worker", f"/contests/{published}/results"): results,
        ("organizer", f"/contests/{published}/results"): results,
        ("worker", "/me/certificates"): [".certificate .days-left", ".certificate a.badge-jwt"],
        ("hr", "/credentials"): ["table.credentials .days-left"],
        ("hr", f"/workers/{holder}"): ["table.credentials .days-left"],
    }


@pytest.mark.parametrize("who", ["public", "worker", "judge", "organizer", "trainer", "hr", "admin"])
@pytest.mark.parametrize("lang", LOCALES)
def test_no_page_is_wider_than_a_phone(world, crowd, new_page, lang, who):
    username, paths = pages_of(world, crowd)[who]
    wanted = key_figures(world, crowd)
    expiring = world["certificates"]["expiring"]
    # the pages that say no: a wrong verification code, and the friendly page of a page not one's own
    refusals = {("public", f"/verify/{expiring['number']}?code=wrong"): 404, ("worker", "/promotions"): 403}
    page = new_page(viewport=PHONE, locale=LOCALES[lang])
    if username:
        sign_in(page, username)
    found = []
    for path in paths:
        answer = page.goto(path)
        if answer.status >= 400 and answer.status != refusals.get((who, path)):
            found.append(f"{path} answered {answer.status}")
            continue
        assert page.locator("html").get_attribute("lang").startswith(lang)
        measured = page.evaluate(MEASURE, GRIDS)
        if measured["page"] > measured["screen"]:
            found.append(f"{path} is {measured['page']} px wide")
        found += [f"{path}: {cell}" for cell in measured["outside"]]
        for selector in wanted.get((who, path), []):
            boxes = [element.bounding_box() for element in page.locator(selector).all()]
            if not boxes:
                found.append(f"{path}: nothing matches {selector}")
            found += [f"{path}: {selector} " + (f"at {box['x']:.0f}–{box['x'] + box['width']:.0f} px" if box else
                                                "hidden")
                      for box in boxes if not box or box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]]
        assert_accessible(page, f"{path} as {who}, {lang}, 390 px")
    assert not found, f"as {who} in {lang} at 390 px: " + "; ".join(found)
