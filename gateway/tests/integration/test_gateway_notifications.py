"""Notifications (domain.md "Notifications"): who is told what, in their language, exactly once per
event, recipient and channel; the reader's list; team robots; HR's daily digest; the admins' view of
outgoing messages."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from banzu_common.auth import Principal, issue_token
from banzu_common.messaging.contracts import (ContestCancelled, CredentialExpiring, EnrollmentChanged,
                                              JudgeAssignmentChanged)
from banzu_common.messaging.envelope import Envelope

from banzu_gateway.adapters.tables import deliveries, notices
from banzu_gateway.domain.robot_urls import RobotHosts
from banzu_gateway.service_layer import accounts, directory, notifications

from gateway_support import again, expired, problem_of, promotion, results

ROBOT_HOSTS = RobotHosts(("robot.invalid",))  # a robot never called here (.invalid never resolves)

TODAY = date.today()


@pytest.fixture
def people(runtime, add_team, tag):
    """Team T<tag> with holder H (English, e-mail), leader L (Chinese, e-mail) and worker W (no
    e-mail); an HR account; the team's robot at an address that is never called here."""
    code = f"T{tag}"
    add_team(code, (f"H{tag}", "王小明", "senior"), (f"L{tag}", "李班长", "technician"), (f"W{tag}", "赵六", "junior"))
    names = {"holder": f"h{tag}".lower(), "leader": f"l{tag}".lower(), "worker": f"w{tag}".lower(),
             "hr": f"r{tag}".lower()}
    with runtime.uow() as uow:
        accounts.create_user(uow, names["holder"], "Password-123", ["worker"], f"H{tag}", None,
                             f"holder{tag}@example.test", "en")
        accounts.create_user(uow, names["leader"], "Password-123", ["worker"], f"L{tag}", None,
                             f"leader{tag}@example.test", "zh")
        accounts.create_user(uow, names["worker"], "Password-123", ["worker"], f"W{tag}", None)
        accounts.create_user(uow, names["hr"], "Password-123", ["hr"], None, None, f"hr{tag}@example.test")
        directory.update_team(uow, code, {"leader": f"L{tag}"})
        uow.commit()
    return names | {"team": code}


@pytest.fixture
def judges(runtime, tag):
    """Judges' accounts (no employee number): one in English with e-mail, one in Chinese without, one
    deactivated."""
    names = {"en": f"je{tag}".lower(), "zh": f"jz{tag}".lower(), "off": f"jo{tag}".lower()}
    with runtime.uow() as uow:
        accounts.create_user(uow, names["en"], "Password-123", ["judge"], None, None, f"judge{tag}@example.test",
                             "en")
        accounts.create_user(uow, names["zh"], "Password-123", ["judge"], None, None)
        accounts.create_user(uow, names["off"], "Password-123", ["judge"], None, None, f"off{tag}@example.test")
        accounts.update_user(uow, names["off"], {"active": False}, Principal("admin", frozenset({"admin"})))
        uow.commit()
    return names


def bearer(runtime, username: str, *roles: str, employee_no: str | None = None) -> dict:
    token = issue_token(runtime.settings.jwt_secret, username, roles or ("worker",), employee_no, 600)
    return {"Authorization": f"Bearer {token}"}


def expiring(employee_no: str, days_left: int = 20, threshold: int = 30, credential_id: str | None = None,
             number: str = "PQ-1") -> Envelope:
    data = {"credential_id": credential_id or str(uuid.uuid4()), "employee_no": employee_no,
            "type_code": "post_qualification", "expires_on": (TODAY + timedelta(days=days_left)).isoformat(),
            "days_left": days_left, "threshold": threshold, "number": number, "type_name_zh": "上岗证",
            "type_name_en": "Post qualification"}
    return Envelope.new(CredentialExpiring.TYPE, "/banzu/credentials", data["credential_id"], data, None)


def enrollment(employee_no: str, reason: str, session_id: int = 7, credential_id: str | None = None) -> Envelope:
    starts = datetime(2030, 3, 4, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
    data = {"session_id": session_id, "course_code": "SAFE", "course_title": "安全复训", "employee_no": employee_no,
            "status": "cancelled" if reason == "session_cancelled" else "enrolled",
            "starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat(),
            "location": "3号教室", "reason": reason, "credential_id": credential_id}
    return Envelope.new(EnrollmentChanged.TYPE, "/banzu/training", str(session_id), data, None)


def cancelled(contest_id: str, contestants: list[str], judges: list[str]) -> Envelope:
    return Envelope.of(ContestCancelled(contest_id=contest_id, name="电工技能比武", reason="场地检修",
                                        cancelled_at=datetime.now(timezone.utc), contestants=tuple(contestants),
                                        judges=tuple(judges)), "/banzu/competition", None)


def judge_changed(contest_id: str, change: str, username: str | None, reason: str | None = None) -> Envelope:
    return Envelope.of(JudgeAssignmentChanged(
        change_id=str(uuid.uuid4()), contest_id=contest_id, contest_name="电工技能比武", judge_id=str(uuid.uuid4()),
        segment="P", segment_name="实操", change=change, at=datetime.now(timezone.utc), username=username,
        reason=reason), "/banzu/competition", None)


def inbox(runtime, username: str) -> list[dict]:
    with runtime.uow() as uow:
        rows, _total = notifications.my_notices(uow, username, None, 1, 100)
    return rows


def outgoing(runtime, recipient: str) -> list[dict]:
    with runtime.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(
            select(deliveries).where(deliveries.c.recipient == recipient).order_by(deliveries.c.id))]


def test_a_reminder_reaches_the_holder_and_the_leader_once_each_in_their_language(runtime, deliver, people, tag):
    with runtime.uow() as uow:
        notifications.set_team_robot(uow, people["team"], "https://robot.invalid/hook?key=secret", "hr",
                                     ROBOT_HOSTS)
        uow.commit()
    event = expiring(f"H{tag}", number=f"PQ{tag}")
    assert deliver(event) == ["done"]
    assert deliver(event, again(event)) == ["done", "done"], "redelivered, and republished with another id"

    [own] = inbox(runtime, people["holder"])
    assert own["title"] == "Certificate expiring: Post qualification" and own["link"] == "/me/certificates"
    assert f"PQ{tag}" in own["body"] and "in 20 days" in own["body"] and own["read_at"] is None
    [leaders] = inbox(runtime, people["leader"])
    assert leaders["title"] == "班组成员证书即将到期：王小明"
    assert f"上岗证（编号 PQ{tag}）" in leaders["body"] and "还有 20 天" in leaders["body"]
    assert leaders["link"] == f"/teams/{people['team']}/skill-matrix"
    assert inbox(runtime, people["worker"]) == [], "someone else's certificate"

    [holder_mail] = outgoing(runtime, people["holder"])
    assert (holder_mail["channel"], holder_mail["address"], holder_mail["subject"]) == (
        "email", f"holder{tag}@example.test", own["title"])
    assert len(outgoing(runtime, people["leader"])) == 1
    [robot] = outgoing(runtime, people["team"])
    assert robot["channel"] == "robot" and robot["body"].startswith("【证书到期提醒】王小明") and f"PQ{tag}" in robot["body"]


def test_a_worker_without_an_e_mail_address_gets_the_notice_only(runtime, deliver, people, tag):
    deliver(expiring(f"W{tag}"))
    assert len(inbox(runtime, people["worker"])) == 1
    assert outgoing(runtime, people["worker"]) == []
    assert outgoing(runtime, people["team"]) == [], "the team has no robot"


def test_a_leader_whose_own_certificate_expires_is_told_once(runtime, deliver, people, tag):
    deliver(expired(f"L{tag}", (TODAY - timedelta(days=1)).isoformat()))
    [own] = inbox(runtime, people["leader"])
    assert own["kind"] == "credential_expired" and own["title"].startswith("证书已过期") and own["link"] == "/me/certificates"


def test_a_planned_refresher_is_told_and_named_by_the_next_reminder(runtime, deliver, people, tag):
    credential = str(uuid.uuid4())
    deliver(enrollment(f"H{tag}", "recertification_planned", credential_id=credential))
    deliver(expiring(f"H{tag}", days_left=7, threshold=7, credential_id=credential))
    planned, reminder = sorted(inbox(runtime, people["holder"]), key=lambda n: n["id"])
    assert planned["kind"] == "recertification_planned" and planned["link"] == "/sessions/7"
    assert "安全复训" in planned["body"] and "2030-03-04 09:00–12:00" in planned["body"] and "3号教室" in planned["body"]
    assert "A refresher is planned: 安全复训, 2030-03-04 09:00–12:00, at 3号教室." in reminder["body"]


def test_waitlist_seats_and_cancelled_sessions_tell_the_worker(runtime, deliver, people, tag):
    deliver(enrollment(f"W{tag}", "enrolled_from_waitlist", session_id=11),
            enrollment(f"W{tag}", "session_cancelled", session_id=12), enrollment(f"W{tag}", "enrolled", 13))
    cancelled, seat = inbox(runtime, people["worker"])
    assert (seat["kind"], seat["title"], seat["link"]) == ("enrolled_from_waitlist", "候补转正：安全复训", "/sessions/11")
    assert "2030-03-04 09:00–12:00" in seat["body"] and "地点 3号教室" in seat["body"]
    assert cancelled["kind"] == "session_cancelled" and cancelled["link"] == "/sessions/12"


def test_results_and_promotions_tell_their_people(runtime, deliver, people, tag):
    with runtime.uow() as uow:
        notifications.set_team_robot(uow, people["team"], "https://robot.invalid/hook", "hr", ROBOT_HOSTS)
        uow.commit()
    published = results(f"C{tag}", TODAY.isoformat(), (f"H{tag}", people["team"], "first"),
                        (f"W{tag}", people["team"], None))
    published.data["results"][0] |= {"promoted_from": "senior", "promoted_to": "technician"}
    deliver(published)
    deliver(promotion(f"H{tag}", people["team"], "senior", "technician", TODAY.isoformat(), source_name="电工比武"))
    first, promoted = sorted(inbox(runtime, people["holder"]), key=lambda n: n["id"])
    assert first["link"] == f"/contests/C{tag}/results"
    assert "rank 1, total 80.00, first prize, promoted from Senior worker to Technician" in first["body"], first
    assert promoted["title"] == "Promoted to Technician" and promoted["link"] == "/me"
    [other] = inbox(runtime, people["worker"])
    assert "第 2 名，总分 80.00，未获奖，无晋升" in other["body"]
    [leader] = inbox(runtime, people["leader"])
    assert leader["title"] == "班组成员晋升：王小明" and "技能比武“电工比武”" in leader["body"]
    assert leader["link"] == f"/teams/{people['team']}/score"
    assert [d["body"][:6] for d in outgoing(runtime, people["team"])] == ["【晋升喜报】"]


def test_a_cancelled_contest_tells_its_contestants_and_judges_once(runtime, deliver, people, judges, tag):
    with runtime.uow() as uow:
        notifications.set_team_robot(uow, people["team"], "https://robot.invalid/hook", "hr", ROBOT_HOSTS)
        uow.commit()
    event = cancelled(f"C{tag}", [f"H{tag}", f"W{tag}", f"NOACCOUNT{tag}"],
                      [judges["en"], judges["zh"], judges["off"], f"gone{tag}".lower()])
    assert deliver(event) == ["done"]
    assert deliver(event, again(event)) == ["done", "done"], "redelivered, and republished with another id"

    [holder] = inbox(runtime, people["holder"])
    assert (holder["kind"], holder["title"], holder["link"]) == ("contest_cancelled", "Contest cancelled: 电工技能比武",
                                                                 "/me")
    assert holder["body"] == "The contest “电工技能比武” you were registered for has been cancelled. Reason: 场地检修."
    [worker] = inbox(runtime, people["worker"])
    assert worker["body"] == "你报名参加的比赛“电工技能比武”已取消。原因：场地检修。" and worker["link"] == "/me"
    [judge_en] = inbox(runtime, judges["en"])
    assert judge_en["link"] == "/contests" and "you were to judge" in judge_en["body"]
    [judge_zh] = inbox(runtime, judges["zh"])
    assert judge_zh["body"] == "你担任裁判的比赛“电工技能比武”已取消。原因：场地检修。"
    assert inbox(runtime, judges["off"]) == [], "a deactivated account"
    assert inbox(runtime, people["leader"]) == [], "neither contestant nor judge"
    assert [d["address"] for d in outgoing(runtime, judges["en"])] == [f"judge{tag}@example.test"]
    assert len(outgoing(runtime, people["holder"])) == 1
    assert outgoing(runtime, people["team"]) == [], "not a team's news"


def test_a_judge_hears_of_being_added_or_withdrawn_once_per_change(runtime, deliver, judges, tag):
    contest = f"C{tag}"
    added = judge_changed(contest, "assigned", judges["en"])
    withdrawn = judge_changed(contest, "withdrawn", judges["zh"], reason="与选手同班组")
    assert deliver(added, withdrawn, judge_changed(contest, "assigned", None),
                   judge_changed(contest, "assigned", judges["off"])) == ["done"] * 4
    assert deliver(added, again(withdrawn)) == ["done", "done"], "redelivered, and republished with another id"

    [stand_in] = inbox(runtime, judges["en"])
    assert (stand_in["kind"], stand_in["title"], stand_in["link"]) == (
        "judge_assigned", "You were added as a judge: 电工技能比武", f"/contests/{contest}/judging")
    assert "segment “实操” of “电工技能比武”" in stand_in["body"]
    [out] = inbox(runtime, judges["zh"])
    assert (out["kind"], out["title"], out["link"]) == ("judge_withdrawn", "你已退出评分：电工技能比武", "/contests")
    assert out["body"] == "你已退出比赛“电工技能比武”中“实操”环节的评分。原因：与选手同班组。你在该环节的评分不再计入成绩。"
    assert inbox(runtime, judges["off"]) == []
    assert len(outgoing(runtime, judges["en"])) == 1 and outgoing(runtime, judges["zh"]) == [], "no address"

    deliver(judge_changed(contest, "withdrawn", judges["en"], reason="生病"))
    later, first = inbox(runtime, judges["en"])
    assert (first["id"], later["kind"]) == (stand_in["id"], "judge_withdrawn"), "another change is another notice"


def test_hr_gets_one_digest_a_day(runtime, deliver, people, tag):
    day = date(2031, 1, 1) + timedelta(days=int(tag, 16) % 3000)  # a day of this test's own
    deliver(expired(f"H{tag}", (TODAY - timedelta(days=1)).isoformat()),
            expired(f"W{tag}", (TODAY - timedelta(days=2)).isoformat()))
    with runtime.uow() as uow:
        made = notifications.make_digest(uow, day)
        uow.commit()
    with runtime.uow() as uow:
        assert notifications.make_digest(uow, day) is None, "made already"
    assert made >= 2
    digest = [n for n in inbox(runtime, people["hr"]) if n["kind"] == "expiry_digest"]
    assert len(digest) == 1 and f"王小明（H{tag}，Team T{tag}）" in digest[0]["body"]
    assert len([d for d in outgoing(runtime, people["hr"]) if d["subject"] == digest[0]["title"]]) == 1


def test_the_reader_lists_counts_and_marks_their_notices(client, runtime, deliver, people, tag):
    deliver(expiring(f"W{tag}"), expiring(f"W{tag}", days_left=5, threshold=7))
    me = bearer(runtime, people["worker"], employee_no=f"W{tag}")
    assert client.get("/api/v1/me/notifications/unread-count", headers=me).get_json() == {"count": 2}
    listed = client.get("/api/v1/me/notifications", headers=me, query_string={"per_page": 1}).get_json()
    assert listed["total"] == 2 and len(listed["items"]) == 1
    first = listed["items"][0]
    assert set(first) == {"id", "kind", "title", "body", "link", "created_at", "read_at"}
    assert client.post(f"/api/v1/me/notifications/{first['id']}/read", headers=me).status_code == 204
    assert client.post(f"/api/v1/me/notifications/{first['id']}/read", headers=me).status_code == 204
    page = client.get("/api/v1/me/notifications", headers=me).get_json()["items"]
    assert [n["read_at"] is None for n in page] == [True, False], "unread first"
    assert [n["id"] for n in client.get("/api/v1/me/notifications", headers=me,
                                        query_string={"unread": "true"}).get_json()["items"]] == [page[0]["id"]]
    stranger = bearer(runtime, people["holder"], employee_no=f"H{tag}")
    assert problem_of(client.post(f"/api/v1/me/notifications/{first['id']}/read", headers=stranger))["status"] == 404
    assert client.post("/api/v1/me/notifications/read-all", headers=me).status_code == 204
    assert client.get("/api/v1/me/notifications/unread-count", headers=me).get_json() == {"count": 0}
    assert client.get("/api/v1/me/notifications", headers=me, query_string={"unread": "maybe"}).status_code == 422
    assert client.get("/api/v1/me/notifications").status_code == 401


def test_hr_sets_a_team_robot_and_others_may_not(client, token, people):
    code = people["team"]
    assert client.put(f"/api/v1/teams/{code}/robot", headers=token("worker", employee_no="X"),
                      json={"url": 5}).status_code == 403, "roles before input"
    for bad in ("ftp://robot.example/hook", "not a url", "javascript:alert(1)", 5):
        answer = client.put(f"/api/v1/teams/{code}/robot", headers=token("hr"), json={"url": bad})
        assert answer.status_code == 422 and set(problem_of(answer)["errors"]) == {"url"}, bad
    assert client.put(f"/api/v1/teams/{code}/robot", headers=token("hr"), json={}).status_code == 422
    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"
    answer = client.put(f"/api/v1/teams/{code}/robot", headers=token("hr"), json={"url": url})
    assert answer.status_code == 200 and answer.get_json() == {"team": code, "url": url}
    assert client.get(f"/api/v1/teams/{code}/robot", headers=token("hr")).get_json()["url"] == url
    assert client.put(f"/api/v1/teams/{code}/robot", headers=token("hr"), json={"url": None}).get_json()["url"] is None
    assert client.put("/api/v1/teams/NO-SUCH/robot", headers=token("hr"), json={"url": url}).status_code == 404


def test_admins_see_outgoing_messages_and_send_a_failed_one_again(client, token, runtime, deliver, people, tag):
    deliver(expiring(f"H{tag}"))
    [mail] = outgoing(runtime, people["holder"])
    assert client.get("/api/v1/notifications/deliveries", headers=token("hr")).status_code == 403
    listed = client.get("/api/v1/notifications/deliveries", headers=token("admin"),
                        query_string={"status": "pending", "channel": "email", "per_page": 500}).get_json()
    shown = next(d for d in listed["items"] if d["id"] == mail["id"])
    assert shown["to"] == f"holder{tag}@example.test" and shown["status"] == "pending" and shown["attempts"] == []
    refused = client.post(f"/api/v1/notifications/deliveries/{mail['id']}/retry", headers=token("admin"))
    assert refused.status_code == 409 and problem_of(refused)["reason"] == "delivery_not_failed"
    with runtime.engine.begin() as connection:
        connection.execute(deliveries.update().where(deliveries.c.id == mail["id"]).values(status="failed"))
    again_ = client.post(f"/api/v1/notifications/deliveries/{mail['id']}/retry", headers=token("admin"))
    assert again_.status_code == 200 and again_.get_json()["status"] == "pending"
    assert client.post("/api/v1/notifications/deliveries/999999999/retry", headers=token("admin")).status_code == 404
    assert client.get("/api/v1/notifications/deliveries", headers=token("admin"),
                      query_string={"status": "lost"}).status_code == 422


def test_notices_are_unique_per_event_and_recipient_even_past_the_processed_events(runtime, people, tag):
    """The second line of defence: the unique keys, should an event be applied twice."""
    event = expiring(f"W{tag}")
    for _ in range(2):
        with runtime.uow() as uow:
            notifications.on_credentials_expiring(uow, [(event.id, event.contract())])
            uow.commit()
    with runtime.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(notices)
                                 .where(notices.c.username == people["worker"])) == 1
