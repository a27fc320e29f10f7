"""Notifications: what the gateway's consumer tells people about the events it receives, HR's daily
digest, and each reader's own list.

Every handler runs in the consumer's transaction: the notices and their outgoing messages (e-mails,
team robot posts) are written together with the processed-event row, keyed per event, recipient and
channel, so a redelivered event tells nobody twice. Events come in batches (one expiry sweep sends
thousands), so each handler looks up accounts, teams and robots once per batch.
"""
from __future__ import annotations

from datetime import date, datetime, timezone, tzinfo
from functools import cache

from banzu_common.config import site_zone
from banzu_common.errors import Conflict, NotFound
from banzu_common.messaging.contracts import (ContestCancelled, CredentialExpired, CredentialExpiring,
                                              EnrollmentChanged, JudgeAssignmentChanged, PromotionEarned,
                                              ResultsPublished)
from banzu_common.skill_ladder import skill_ladder

from banzu_gateway import config
from banzu_gateway.adapters import robot_hosts
from banzu_gateway.domain import notices
from banzu_gateway.domain.notices import Kind, Story, Told, robot_host
from banzu_gateway.domain.robot_urls import RobotHosts
from banzu_gateway.service_layer import directory
from banzu_gateway.service_layer.unit_of_work import GatewayUnitOfWork

Received = tuple[str, object]  # (event id, contract)
ENROLLMENT_KINDS = {"enrolled_from_waitlist": Kind.enrolled_from_waitlist,
                    "session_cancelled": Kind.session_cancelled,
                    "session_moved": Kind.session_moved,
                    "recertification_planned": Kind.recertification_planned}
# A judge's changed assignment: what they are told and the page it sends them to.
JUDGE_CHANGES = {"assigned": (Kind.judge_assigned, "/contests/{contest_id}/judging"),
                 "withdrawn": (Kind.judge_withdrawn, "/contests")}


@cache
def robot_language() -> str:
    """Team chat groups read one language: BANZU_ROBOT_LANGUAGE (zh unless set to en)."""
    wanted = config.robot_language(notices.DEFAULT_LANGUAGE)
    return wanted if wanted in notices.LANGUAGES else notices.DEFAULT_LANGUAGE


def _now() -> datetime:
    return datetime.now(timezone.utc)


# -- from events to notices ------------------------------------------------------------------------

def on_credentials_expiring(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """The holder and their team leader (and the team's robot) hear of a reminder threshold crossed,
    with the refresher session planned for the certificate, if any."""
    events: list[CredentialExpiring] = [contract for _, contract in received]
    planned = uow.notifications.planned_sessions([event.credential_id for event in events])
    zone = site_zone()

    def story(event: CredentialExpiring, person) -> Story:
        session = planned.get(event.credential_id)
        refresher = notices.planned_refresher(
            session and session["course_title"],
            session and notices.period(session["starts_at"], session["ends_at"], zone),
            session and session["location"])
        return _credential_story(f"expiring:{event.credential_id}:{event.threshold}", Kind.credential_expiring,
                                 event, person, days_left=str(event.days_left), planned=refresher)

    _tell_about_workers(uow, events, story)


def on_credentials_expired(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """The holder and their team leader (and the team's robot) are told; the certificate waits for
    HR's next daily digest."""
    events: list[CredentialExpired] = [contract for _, contract in received]
    people = _tell_about_workers(uow, events, lambda event, person: _credential_story(
        f"expired:{event.credential_id}", Kind.credential_expired, event, person))
    now = _now()
    uow.notifications.add_digest_items([{
        "credential_id": event.credential_id, "employee_no": event.employee_no,
        "name": people[event.employee_no]["name"] if event.employee_no in people else None,
        "team_code": people[event.employee_no]["team_code"] if event.employee_no in people else None,
        "type_name_zh": event.type_name_zh or event.type_code, "type_name_en": event.type_name_en or event.type_code,
        "number": event.number, "expires_on": event.expires_on, "received_at": now} for event in events])


def on_promotions(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """The worker and the leader of the team they were promoted in (and its robot)."""
    ladder = skill_ladder()

    def story(event: PromotionEarned, person) -> Story:
        return Story(f"promotion:{event.promotion_id}", Kind.promotion, {
            "name": person["name"] if person else event.employee_no, "employee_no": event.employee_no,
            "from_grade": _grade(ladder, event.from_grade), "to_grade": _grade(ladder, event.to_grade),
            "source": notices.source(event.source, event.source_name), "effective_on": event.effective_on.isoformat(),
        }, "/me", team_code=event.team_code, leader_link=f"/teams/{event.team_code}/score")

    _tell_about_workers(uow, [contract for _, contract in received], story)


def on_results(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """Each contestant: rank, total, prize and promotion."""
    ladder = skill_ladder()
    stories = []
    for _, event in received:
        event: ResultsPublished
        for result in event.results:
            stories.append((result.employee_no, Story(
                f"results:{event.contest_id}:{result.employee_no}", Kind.contest_results, {
                    "contest": event.name, "rank": str(result.rank), "total": str(result.total),
                    "prize": notices.prize(result.prize),
                    "promotion": notices.promotion(
                        result.promoted_from and _grade(ladder, result.promoted_from),
                        result.promoted_to and _grade(ladder, result.promoted_to)),
                }, f"/contests/{event.contest_id}/results")))
    _tell(uow, stories)


def on_enrollment_changes(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """The worker whose place changed without their asking: course, time and place. A refresher
    planned for an expiring certificate is remembered, so later reminders name it."""
    zone = site_zone()
    stories = []
    for event_id, event in received:
        event: EnrollmentChanged
        if event.reason == "session_cancelled":
            uow.notifications.unplan_session(str(event.session_id))
        elif event.reason in ("recertification_planned", "session_moved") and event.credential_id:
            # a moved refresher: later expiry reminders name its new time and place
            uow.notifications.plan_session({
                "credential_id": event.credential_id, "session_id": str(event.session_id),
                "course_title": event.course_title, "starts_at": event.starts_at, "ends_at": event.ends_at,
                "location": event.location})
        story = enrollment_story(event_id, event, zone)
        if story is not None:
            stories.append((event.employee_no, story))
    _tell(uow, stories)


def enrollment_story(event_id: str, event: EnrollmentChanged, zone: tzinfo) -> Story | None:
    """The worker's course, its time and place (the new ones when it moved), linked to the session;
    None for a reason nobody is told about (or one newer than this gateway)."""
    kind = ENROLLMENT_KINDS.get(event.reason)
    if kind is None:
        return None
    return Story(f"enrollment:{event_id}", kind, {
        "course": event.course_title, "when": notices.period(event.starts_at, event.ends_at, zone),
        "place": event.location}, f"/sessions/{event.session_id}")


def on_contests_cancelled(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """Every contestant still registered and every assigned judge with an account: which contest was
    cancelled and why."""
    contestants, judges = [], []
    for _, event in received:
        told_contestants, told_judges = cancelled_stories(event)
        contestants += told_contestants
        judges += told_judges
    _tell(uow, contestants, judges)


def cancelled_stories(event: ContestCancelled) -> tuple[list[tuple[str, Story]], list[tuple[str, Story]]]:
    """(employee number, story) of each contestant, sent to their own page, and (username, story) of
    each judge, sent to the contests list. A contest is cancelled once: keyed by the contest, the same
    fact published again tells nobody twice."""
    key = f"contest_cancelled:{event.contest_id}"
    facts = {"contest": event.name, "reason": notices.reason(event.reason)}
    return ([(employee_no, Story(key, Kind.contest_cancelled, facts | {"taking_part": notices.taking_part(as_judge=False)}, "/me"))
             for employee_no in event.contestants],
            [(username, Story(key, Kind.contest_cancelled, facts | {"taking_part": notices.taking_part(as_judge=True)}, "/contests"))
             for username in event.judges])


def on_judge_assignments(uow: GatewayUnitOfWork, received: list[Received]) -> None:
    """The judge's account: added to a segment of a running contest (a stand-in), or withdrawn from
    one, and why."""
    _tell(uow, accounts=[story for story in (judge_story(event) for _, event in received) if story])


def judge_story(event: JudgeAssignmentChanged) -> tuple[str, Story] | None:
    """(username, story) of the judge whose assignment changed, keyed by the change; None for a judge
    without an account, or a change newer than this gateway."""
    change = JUDGE_CHANGES.get(event.change)
    if change is None or not event.username:
        return None
    kind, link = change
    return event.username, Story(f"judge:{event.change_id}", kind, {
        "contest": event.contest_name, "segment": event.segment_name or event.segment,
        "reason": notices.reason(event.reason)}, link.format(contest_id=event.contest_id))


def _tell(uow: GatewayUnitOfWork, workers: list[tuple[str, Story]] = (), accounts: list[tuple[str, Story]] = ()) -> None:
    """Each story to the active accounts of its worker (by employee number) or its account (by
    username); no leader and no team robot hears of these."""
    by_worker = uow.notifications.readers_by_worker([employee_no for employee_no, _ in workers]) if workers else {}
    by_username = uow.notifications.readers_by_username([username for username, _ in accounts]) if accounts else {}
    told = Told()
    for readers, stories in ((by_worker, workers), (by_username, accounts)):
        for who, story in stories:
            told.extend(notices.notices_for(story, readers.get(who, [])))
    uow.notifications.add_notices(told.notices, told.robot_messages, _now())


def _credential_story(key: str, kind: Kind, event: CredentialExpiring | CredentialExpired, person,
                      **more) -> Story:
    team_code = person["team_code"] if person else None
    return Story(key, kind, {
        "type": notices.type_name(event.type_code, event.type_name_zh, event.type_name_en),
        "number": event.number or "—", "expires_on": event.expires_on.isoformat(),
        "name": person["name"] if person else event.employee_no, "employee_no": event.employee_no, **more,
    }, "/me/certificates", team_code=team_code, leader_link=team_code and f"/teams/{team_code}/skill-matrix")


def _tell_about_workers(uow: GatewayUnitOfWork, events: list, story_of) -> dict:
    """Tells each event's worker, the leader of the story's team and that team's robot. Returns the
    workers found in the directory."""
    people = directory.workers_by_no(uow, list({event.employee_no for event in events}))
    stories = [(event.employee_no, story_of(event, people.get(event.employee_no))) for event in events]
    teams = directory.teams_by_code(uow, {story.team_code for _, story in stories if story.team_code})
    leaders = {code: team["leader"] for code, team in teams.items() if team.get("leader")}
    readers = uow.notifications.readers_by_worker([no for no, _ in stories] + list(leaders.values()))
    robots = uow.notifications.robots_of(set(teams))
    told = Told()
    for employee_no, story in stories:
        leader = leaders.get(story.team_code)
        told.extend(notices.notices_for(story, readers.get(employee_no, []), readers.get(leader, []) if leader else [],
                                        robots.get(story.team_code), robot_language()))
    uow.notifications.add_notices(told.notices, told.robot_messages, _now())
    return people


def _grade(ladder, code: str) -> dict[str, str]:
    return {language: ladder.label(code, language) for language in notices.LANGUAGES}


# -- HR's daily digest -----------------------------------------------------------------------------

def make_digest(uow: GatewayUnitOfWork, day: date) -> int | None:
    """`day`'s digest of the certificates that expired since the last one, one notice (and e-mail)
    per `hr` account; made once per day whoever asks (None when it was made already)."""
    now = _now()
    if not uow.notifications.claim_digest_day(day, now):
        return None
    items = uow.notifications.take_waiting_items(day)
    if not items:
        return 0
    team_names = {code: team["name"] for code, team in directory.teams_by_code(
        uow, {item["team_code"] for item in items if item["team_code"]}).items()}
    digest = [_digest_line(item, team_names) for item in items]
    lines = {language: "\n".join(line[language] for line in digest) for language in notices.LANGUAGES}
    story = Story(f"digest:{day.isoformat()}", Kind.expiry_digest,
                  {"day": day.isoformat(), "count": str(len(items)), "lines": lines}, "/credentials?status=expired")
    told = notices.notices_for(story, uow.notifications.readers_with_role("hr"))
    uow.notifications.add_notices(told.notices, [], now)
    return len(items)


def _digest_line(item: dict, team_names: dict[str, str]) -> dict[str, str]:
    return notices.digest_line({
        "who": item["name"] or item["employee_no"], "employee_no": item["employee_no"],
        "team": team_names.get(item["team_code"], item["team_code"] or "—"),
        "type": {language: item[f"type_name_{language}"] for language in notices.LANGUAGES},
        "number": item["number"] or "—", "expires_on": str(item["expires_on"])})


# -- a reader's own list -----------------------------------------------------------------------------

def my_notices(uow: GatewayUnitOfWork, username: str, unread: bool | None, page: int, per_page: int,
               language: str | None = None):
    """A page of the reader's notices, in `language` when given (else as stored: the account's)."""
    rows, total = uow.notifications.page_of_notices(username, unread, page, per_page)
    for row in rows:
        texts = row.pop("texts", None) or {}
        if language in texts:
            row.update(texts[language])
    return rows, total


def unread_count(uow: GatewayUnitOfWork, username: str) -> int:
    return uow.notifications.unread_count(username)


def mark_read(uow: GatewayUnitOfWork, username: str, notice_id: int) -> None:
    if not uow.notifications.mark_read(username, notice_id, _now()):
        raise NotFound(f"You have no notification {notice_id}.")


def mark_all_read(uow: GatewayUnitOfWork, username: str) -> None:
    uow.notifications.mark_all_read(username, _now())


# -- team robots and outgoing messages -----------------------------------------------------------------

def team_robot(uow: GatewayUnitOfWork, team_code: str) -> dict:
    directory.get_team(uow, team_code)  # 404 for an unknown team
    return {"team": team_code, "url": uow.notifications.robot_of(team_code)}


def set_team_robot(uow: GatewayUnitOfWork, team_code: str, url: str | None, by: str, hosts: RobotHosts | None = None,
                   resolver=None) -> dict:
    """422 (RobotUrlRefused) for a URL the sender would refuse (R14): not https, not a robot's host, or a host
    with an address that is not public. A name that does not resolve now is kept: every message checks again."""
    directory.get_team(uow, team_code)
    if url is not None:
        try:
            robot_hosts.checked(url, hosts or robot_hosts.hosts_from_env(), resolver)
        except robot_hosts.Unresolvable:
            pass
    before = uow.notifications.robot_of(team_code)
    uow.notifications.set_robot(team_code, url, by, _now())
    # the trail names the robot's host only: the whole address holds the group's key
    uow.audit("set_robot", "team", team_code, {"robot": robot_host(before)}, {"robot": robot_host(url)},
              part="directory")
    return {"team": team_code, "url": url}


def deliveries(uow: GatewayUnitOfWork, status: str | None, channel: str | None, page: int, per_page: int):
    return uow.notifications.page_of_deliveries(status, channel, page, per_page)


def retry_delivery(uow: GatewayUnitOfWork, delivery_id: int) -> dict:
    """A failed message goes out again (a fresh retry budget); 409 unless it had failed."""
    found = uow.notifications.delivery(delivery_id)
    if found is None:
        raise NotFound(f"There is no delivery {delivery_id}.")
    if not uow.notifications.requeue(delivery_id, _now()):
        raise Conflict("delivery_not_failed", f"Delivery {delivery_id} is {found['status']}; only a failed one is "
                                              "sent again.")
    uow.audit("retry", "delivery", delivery_id, {"status": "failed"}, {"status": "pending"}, part="notifications")
    return uow.notifications.delivery(delivery_id)
