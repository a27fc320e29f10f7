"""Notifications end to end (domain.md "Notifications", quality.md R11): the whole system through the
real broker, with a real SMTP server (aiosmtpd) and a real HTTP server as the team's chat robot.

A certificate crossing 30 days reaches its holder and the team leader once each, in the product and
by e-mail, and the team's robot once; running the sweep again, redelivering the event, restarting
the sender and running two senders add nothing; a mail server refusing for a while gets the e-mail
once it recovers; a robot answering 500 forever ends as failed in the admins' list. Waitlist seats,
cancelled sessions, contest results and promotions reach their people; HR's digest comes once a day.
"""
from __future__ import annotations

import json
import subprocess
import uuid
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pika
import pytest
from sqlalchemy import text

from banzu_common.messaging.connection import blocking_connection
from banzu_common.messaging.contracts import CredentialExpiring
from banzu_common.testing_receivers import MailSink, RobotServer

from client import Client, eventually
from system_harness import banzu_system, own_bus, running_system
from flows import PASSWORD, created, team, worker

TODAY = date.today()
RETRIES = "0.3,0.6,1.2,2.4,4.8"  # 9.3 s in all: longer than the mail server refuses below


@pytest.fixture(scope="module")
def receivers():
    with MailSink() as sink, RobotServer() as robot:
        yield sink, robot


@pytest.fixture(scope="module")
def noticed(make_database, run_id, infrastructure, tmp_path_factory, receivers):
    """The whole system sending e-mails to the test's SMTP server, retrying quickly; the scheduler's
    digest is left to the test (BANZU_DIGEST_HOUR=24: never on its own)."""
    sink, _robot = receivers
    with own_bus(infrastructure, run_id, "n") as names, \
            running_system(make_database, names, infrastructure, tmp_path_factory.mktemp("notices"),
                           BANZU_SMTP_HOST="127.0.0.1", BANZU_SMTP_PORT=str(sink.port),
                           BANZU_SMTP_FROM="Banzu <banzu@plant.example>", BANZU_DELIVERY_RETRY_SECONDS=RETRIES,
                           BANZU_SENDER_POLL_SECONDS="0.1", BANZU_DIGEST_HOUR="24") as running:
        yield running


def account(admin: Client, system, username: str, roles: list[str], employee_no: str | None = None,
            email: str | None = None, language: str = "zh") -> Client:
    body = {"username": username, "password": PASSWORD, "roles": roles, "language": language}
    body |= ({"employee_no": employee_no} if employee_no else {}) | ({"email": email} if email else {})
    assert admin.post("/users", body).status == 201
    return Client.sign_in(system.url, username, PASSWORD)


def notices(client: Client) -> list[dict]:
    answer = client.get("/me/notifications", params={"per_page": 500})
    assert answer.status == 200, answer
    return answer.json()["items"]


def expiring_certificate(hr: Client, employee_no: str, number: str, days: int = 20) -> dict:
    body = {"employee_no": employee_no, "type_code": "post_qualification", "number": number, "issuer": "Plant",
            "issued_on": (TODAY - timedelta(days=700)).isoformat(),
            "expires_on": (TODAY + timedelta(days=days)).isoformat()}
    return created(hr, "/credentials", body, f"certificate {number}")


def sweep(admin: Client) -> None:
    assert admin.post("/credentials/sweep", params={"as_of": TODAY.isoformat()}).status == 200


def mails_about(sink: MailSink, number: str) -> list:
    return [m for m in list(sink.messages) if number in m.get_content()]


def start_sender(system, name: str) -> None:
    log = open(system.logs / f"{name}.log", "ab")
    system.processes[name] = subprocess.Popen([*system_command(system, "gateway-sender")], env=system.env,
                                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def system_command(system, name: str) -> list[str]:
    return banzu_system.processes(system.env)[name]


def republish(system, infrastructure, event_type: str, credential_id: str) -> None:
    """The credentials' outbox row of this event, published again exactly as it was (same event id)."""
    with system.database("credentials").connect() as connection:
        body = connection.execute(text("SELECT body FROM outbox WHERE type = :type AND body LIKE :id"),
                                  {"type": event_type, "id": f"%{credential_id}%"}).scalar_one()
    envelope = json.loads(body)
    with blocking_connection(infrastructure.amqp_url) as connection:
        channel = connection.channel()
        channel.confirm_delivery()
        channel.basic_publish(system.env["BANZU_EXCHANGE"], event_type, body.encode(), pika.BasicProperties(
            content_type="application/cloudevents+json", delivery_mode=2, message_id=envelope["id"], type=event_type))


@pytest.fixture(scope="module")
def crew(noticed, receivers):
    """HR, a team with a leader (Chinese, e-mail) and the team's robot at `team-<tag>`."""
    admin = noticed.admin()
    tag = uuid.uuid4().hex[:6].upper()
    hr = account(admin, noticed, f"hr{tag}".lower(), ["hr"], email=f"hr{tag}@plant.example")
    code = team(hr, f"N{tag}", f"Notice {tag}")
    leader = worker(hr, f"L{tag}", code, "technician")
    assert hr.patch(f"/teams/{code}", {"leader": leader}).status == 200
    leader_client = account(admin, noticed, f"l{tag}".lower(), ["worker"], leader, f"leader{tag}@plant.example")
    assert hr.put(f"/teams/{code}/robot", {"url": receivers[1].url(f"team-{tag}")}).status == 200
    return {"admin": admin, "hr": hr, "tag": tag, "team": code, "leader": leader_client,
            "leader_mail": f"leader{tag}@plant.example"}


def member(noticed, crew, suffix: str, language: str = "en") -> tuple[str, Client, str]:
    """A member of the crew's team with an account (English unless said, with an e-mail address)."""
    employee_no = worker(crew["hr"], f"H{crew['tag']}{suffix}", crew["team"], "senior")
    mail = f"h{suffix}{crew['tag']}@plant.example".lower()
    return employee_no, account(crew["admin"], noticed, f"h{suffix}{crew['tag']}".lower(), ["worker"], employee_no,
                                mail, language), mail


def test_a_certificate_crossing_30_days_is_told_once_per_person_and_channel(noticed, crew, receivers,
                                                                             infrastructure):
    sink, robot = receivers
    admin, hr, tag = crew["admin"], crew["hr"], crew["tag"]
    path = f"team-{tag}"
    holder_no, holder, holder_mail = member(noticed, crew, "1")
    number = f"PQ{tag}1"
    certificate = expiring_certificate(hr, holder_no, number)
    for _ in range(2):
        sweep(admin)

    mine = lambda client: [n for n in notices(client) if number in n["body"]]  # noqa: E731
    eventually(lambda: len(mine(holder)) == 1 and len(mine(crew["leader"])) == 1, "a notice each")
    eventually(lambda: len(mails_about(sink, number)) == 2 and len(robot.texts(path)) == 1, "an e-mail each, a robot post")
    [own] = mine(holder)
    assert own["title"] == "Certificate expiring: Post qualification (internal)" and own["link"] == "/me/certificates"
    assert "in 20 days" in own["body"] and own["read_at"] is None
    assert mine(crew["leader"])[0]["title"].startswith("班组成员证书即将到期")
    assert holder.get("/me/notifications/unread-count").json()["count"] >= 1
    assert {m["To"] for m in mails_about(sink, number)} == {holder_mail, crew["leader_mail"]}
    assert number in robot.texts(path)[0]

    # the event again, a restarted sender and two senders at once add nothing
    republish(noticed, infrastructure, CredentialExpiring.TYPE, certificate["id"])
    noticed.stop("gateway-sender")
    start_sender(noticed, "gateway-sender")
    start_sender(noticed, "gateway-sender-2")
    marker_no, marker, _ = member(noticed, crew, "2")
    marker_number = f"PQ{tag}2"
    expiring_certificate(hr, marker_no, marker_number)
    sweep(admin)
    eventually(lambda: len(mails_about(sink, marker_number)) == 2 and len(robot.texts(path)) == 2,
               "the next certificate's e-mails and robot post (the redelivered event was handled before)")
    assert len(mine(holder)) == 1 and len(mine(crew["leader"])) == 1
    assert len(mails_about(sink, number)) == 2 and sum(number in t for t in robot.texts(path)) == 1

    # a mail server refusing for a while: the e-mail arrives once after it recovers
    late_no, late, late_mail = member(noticed, crew, "3")
    late_number = f"PQ{tag}3"
    expiring_certificate(hr, late_no, late_number)
    sink.refuse_next(3)  # the next three recipients are told 451: the server refuses for a while
    sweep(admin)
    eventually(lambda: len(mails_about(sink, late_number)) == 2, "sent once the server took mail again")
    deliveries = admin.get("/notifications/deliveries", params={"channel": "email", "per_page": 500}).json()["items"]
    late_delivery = next(d for d in deliveries if d["to"] == late_mail)
    assert late_delivery["status"] == "sent" and [a["outcome"] for a in late_delivery["attempts"]][-1] == "sent"
    assert any(a["outcome"] == "retry" and "451" in a["error"] for d in deliveries for a in d["attempts"])
    ids = Counter(m["Message-ID"] for m in sink.messages)
    assert set(ids.values()) == {1}, "no e-mail twice"
    noticed.stop("gateway-sender-2")


def test_a_robot_answering_500_forever_ends_failed_and_admins_send_it_again(noticed, crew, receivers):
    _sink, robot = receivers
    admin, hr, tag = crew["admin"], crew["hr"], crew["tag"]
    code = team(hr, f"B{tag}", f"Broken {tag}")
    path = f"broken-{tag}"
    robot.answer(path, 500)
    assert hr.put(f"/teams/{code}/robot", {"url": robot.url(path)}).status == 200
    employee_no = worker(hr, f"B{tag}1", code, "senior")
    expiring_certificate(hr, employee_no, f"PQ{tag}B")
    sweep(admin)

    def failed():
        items = admin.get("/notifications/deliveries", params={"status": "failed", "channel": "robot"}).json()["items"]
        return next((d for d in items if d["recipient"] == code), None)

    delivery = eventually(failed, "the robot post given up", timeout=60)
    assert delivery["last_error"] == "HTTP 500" and len(delivery["attempts"]) == 1 + len(RETRIES.split(","))
    assert robot.attempts[path] == len(delivery["attempts"])
    robot.answer(path, 200)
    again = admin.post(f"/notifications/deliveries/{delivery['id']}/retry")
    assert again.status == 200 and again.json()["status"] == "pending"
    eventually(lambda: len(robot.texts(path)) == 1, "sent once the robot answers")
    assert admin.post(f"/notifications/deliveries/{delivery['id']}/retry").json()["reason"] == "delivery_not_failed"


def test_a_worker_moved_from_the_waitlist_to_a_seat_is_told_course_time_and_place(noticed, crew):
    admin, _hr, tag = crew["admin"], crew["hr"], crew["tag"]
    trainer = account(admin, noticed, f"t{tag}".lower(), ["trainer"])
    first_no, first, _ = member(noticed, crew, "4")
    second_no, second, _ = member(noticed, crew, "5", language="zh")
    assert trainer.post("/courses", {"code": f"S{tag}", "title": f"安全复训 {tag}", "occupation": "electrician",
                                     "hours": 4, "kind": "practical"}).status == 201
    starts = datetime(2031, 3, 4, 1, 0, tzinfo=timezone.utc)  # 09:00 site time (Asia/Shanghai)
    session = trainer.post("/sessions", {"course_code": f"S{tag}", "starts_at": starts.isoformat(),
                                         "ends_at": (starts + timedelta(hours=3)).isoformat(),
                                         "location": f"Room {tag}", "capacity": 1}).json()
    for employee_no in (first_no, second_no):
        created(trainer, f"/sessions/{session['id']}/enrollments", {"employee_no": employee_no}, "enrol")
    assert first.delete(f"/sessions/{session['id']}/enrollments/{first_no}").status in (200, 204)
    seat = eventually(lambda: [n for n in notices(second) if n["kind"] == "enrolled_from_waitlist"], "seat notice")
    assert len(seat) == 1 and seat[0]["title"] == f"候补转正：安全复训 {tag}"
    assert "2031-03-04 09:00–12:00" in seat[0]["body"] and f"Room {tag}" in seat[0]["body"]
    assert seat[0]["link"] == f"/sessions/{session['id']}"
    assert not [n for n in notices(first) if n["link"] == f"/sessions/{session['id']}"], "the one who left asked"

    assert trainer.post(f"/sessions/{session['id']}/cancel", {"reason": "Trainer ill"}).status == 200
    cancelled = eventually(lambda: [n for n in notices(second) if n["kind"] == "session_cancelled"], "cancel notice")
    assert len(cancelled) == 1 and f"安全复训 {tag}" in cancelled[0]["body"]


def test_contest_results_and_promotions_reach_their_people(noticed, crew, receivers):
    _sink, robot = receivers
    admin, _hr, tag = crew["admin"], crew["hr"], crew["tag"]
    organizer = account(admin, noticed, f"o{tag}".lower(), ["organizer"])
    winner_no, winner, _ = member(noticed, crew, "6")
    other_no, other, _ = member(noticed, crew, "7", language="zh")
    contest = created(organizer, "/contests", {
        "name": f"电工比武 {tag}", "occupation": "electrician", "starts_on": TODAY.isoformat(),
        "ends_on": TODAY.isoformat(), "min_grade": "senior",
        "segments": [{"code": "T", "name": "理论", "weight": 100, "max_score": 100, "method": "measurement"}],
        "promotions": {"first": 1, "second": 1, "third": 1, "cap": "senior_technician"}}, "contest")
    cid = contest["id"]
    assert organizer.post(f"/contests/{cid}/open").status == 200
    for employee_no in (winner_no, other_no):
        created(organizer, f"/contests/{cid}/contestants", {"employee_no": employee_no}, "register")
    assert organizer.post(f"/contests/{cid}/start").status == 200
    bibs = {r["employee_no"]: r["bib"] for r in organizer.get(f"/contests/{cid}/contestants").json()["items"]}
    for employee_no, score in ((winner_no, 95), (other_no, 60)):
        assert organizer.put(f"/contests/{cid}/scores/T/{bibs[employee_no]}", {"score": score}).status == 200
    for step in ("close", "publish"):
        assert organizer.post(f"/contests/{cid}/{step}").status == 200

    result = eventually(lambda: [n for n in notices(winner) if n["kind"] == "contest_results"], "results notice")
    assert len(result) == 1 and result[0]["link"] == f"/contests/{cid}/results"
    assert "rank 1" in result[0]["body"] and "first prize" in result[0]["body"]
    assert "promoted from Senior worker to Technician" in result[0]["body"]
    promoted = eventually(lambda: [n for n in notices(winner) if n["kind"] == "promotion"], "promotion notice")
    assert len(promoted) == 1 and promoted[0]["title"] == "Promoted to Technician"
    assert eventually(lambda: [n for n in notices(other) if n["kind"] == "contest_results"], "the other's")[0][
        "body"].count("第 2 名") == 1
    leader = eventually(lambda: [n for n in notices(crew["leader"]) if n["kind"] == "promotion"
                                 and f"（{winner_no}）" in n["body"]], "the leader's notice")
    assert len(leader) == 1 and f"（{winner_no}）由高级工晋升为技师" in leader[0]["body"]
    eventually(lambda: any("【晋升喜报】" in t and winner_no in t for t in robot.texts(f"team-{tag}")),
               "the team's robot hears of the promotion")


def test_hr_gets_one_digest_of_expired_certificates_however_often_it_is_asked(noticed, crew):
    admin, hr, tag = crew["admin"], crew["hr"], crew["tag"]
    holder_no, holder, _ = member(noticed, crew, "8")
    number = f"PQ{tag}X"
    expiring_certificate(hr, holder_no, number, days=-1)
    sweep(admin)
    eventually(lambda: [n for n in notices(holder) if n["kind"] == "credential_expired"], "the holder is told")
    command = [*system_command(noticed, "gateway-sender")[:-1], "digest"]
    runs = [subprocess.Popen(command, env=noticed.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(2)]
    assert [run.wait(timeout=60) for run in runs] == [0, 0]
    assert subprocess.run(command, env=noticed.env, capture_output=True).returncode == 0, "a restarted scheduler"
    digests = [n for n in notices(hr) if n["kind"] == "expiry_digest"]
    assert len(digests) == 1 and number in digests[0]["body"] and digests[0]["link"] == "/credentials?status=expired"
