"""Notices (domain.md, "Notifications"): who is told what, in their own language.

An event becomes a `Story`: what happened, about whom, the facts the texts need (a fact may differ by
language, e.g. a certificate type's name) and the pages it concerns. `notices_for` turns a story
into one notice per account that should hear of it (the person it is about, their team leader) and
one message for the team's chat robot where the team has one. Every notice and message carries a
key naming its event and recipient, so storing it twice is impossible (exactly once per event,
recipient and channel). No I/O here: the service layer finds the accounts, teams and robots.
"""
from __future__ import annotations

from urllib.parse import urlparse

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


class Kind(StrEnum):
    credential_expiring = "credential_expiring"
    credential_expired = "credential_expired"
    expiry_digest = "expiry_digest"
    enrolled_from_waitlist = "enrolled_from_waitlist"
    session_cancelled = "session_cancelled"
    session_moved = "session_moved"
    recertification_planned = "recertification_planned"
    contest_results = "contest_results"
    contest_cancelled = "contest_cancelled"
    judge_assigned = "judge_assigned"
    judge_withdrawn = "judge_withdrawn"
    promotion = "promotion"


class Audience(StrEnum):
    own = "own"  # the person the story is about
    leader = "leader"  # their team leader
    team = "team"  # the team's chat group (robot)


Localized = dict[str, str]  # language -> text


@dataclass(frozen=True)
class Reader:
    """An active account that receives notices."""

    username: str
    language: str = DEFAULT_LANGUAGE
    email: str | None = None


@dataclass(frozen=True)
class Story:
    """What happened, as the notices about it tell it. `key` names the event (stable: a fact's own id
    where it has one, such as a promotion's); `facts` values are text, or text per language."""

    key: str
    kind: Kind
    facts: dict[str, str | Localized]
    link: str  # the page of the person it is about
    team_code: str | None = None  # the team whose leader (and chat robot) hears of it, if any
    leader_link: str | None = None


@dataclass(frozen=True)
class Notice:
    """One in-product notice for one account (and its e-mail when the account has an address)."""

    key: str
    username: str
    kind: Kind
    title: str
    body: str
    link: str
    email: str | None = None


@dataclass(frozen=True)
class RobotMessage:
    key: str
    team_code: str
    url: str
    content: str


@dataclass
class Told:
    notices: list[Notice] = field(default_factory=list)
    robot_messages: list[RobotMessage] = field(default_factory=list)

    def extend(self, other: "Told") -> None:
        self.notices += other.notices
        self.robot_messages += other.robot_messages


def delivery_key(key: str, channel: str) -> str:
    """The unique key of a notice's copy on another channel (e-mail)."""
    return f"{key}/{channel}"


def notices_for(story: Story, own: list[Reader], leaders: list[Reader] = (), robot_url: str | None = None,
                robot_language: str = DEFAULT_LANGUAGE) -> Told:
    """The notices of a story: the person's accounts (`own`), then the team leader's accounts
    (`leaders`), each account once (a leader's own story reaches them as their own); and the team
    robot's message when the story goes to the team and the team has a robot."""
    told = Told()
    seen: set[str] = set()
    for audience, readers in ((Audience.own, own), (Audience.leader, leaders if story.team_code else ())):
        for reader in readers:
            if reader.username in seen:
                continue
            seen.add(reader.username)
            title, body = render(story, audience, reader.language)
            link = story.link if audience == Audience.own else (story.leader_link or story.link)
            told.notices.append(Notice(f"{story.key}/{reader.username}", reader.username, story.kind, title,
                                       body, link, reader.email))
    if robot_url and story.team_code and (story.kind, Audience.team) in TEXTS:
        _title, content = render(story, Audience.team, robot_language)
        told.robot_messages.append(RobotMessage(f"{story.key}/team:{story.team_code}/robot", story.team_code,
                                                robot_url, content))
    return told


def render(story: Story, audience: Audience, language: str) -> tuple[str, str]:
    """(title, body) of a story for an audience in a language (Chinese when the language is unknown)."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    title, body = TEXTS[(story.kind, audience)][language]
    values = {name: value[language] if isinstance(value, dict) else value for name, value in story.facts.items()}
    return title.format_map(values), _tidy(body.format_map(values))


def _tidy(text: str) -> str:
    """One space between words (an empty fact leaves none behind), lines kept."""
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


# -- facts, as people read them ----------------------------------------------------------------------

PRIZES = {"first": {"zh": "一等奖", "en": "first prize"}, "second": {"zh": "二等奖", "en": "second prize"},
          "third": {"zh": "三等奖", "en": "third prize"}}
NO_PRIZE = {"zh": "未获奖", "en": "no prize"}
NO_PROMOTION = {"zh": "无晋升", "en": "no promotion"}
# How the person took part in a cancelled contest (the same notice reaches contestants and judges).
CONTESTANT = {"zh": "报名参加", "en": "you were registered for"}
JUDGE = {"zh": "担任裁判", "en": "you were to judge"}
SOURCES = {"contest": {"zh": "技能比武“{name}”", "en": "contest “{name}”"},
           "certification": {"zh": "认证“{name}”", "en": "certification “{name}”"}}


def both(text: str) -> Localized:
    return {language: text for language in LANGUAGES}


def type_name(code: str, zh: str | None, en: str | None) -> Localized:
    """A certificate type's name per language; its code when the event carried no name."""
    return {"zh": zh or code, "en": en or code}


def prize(code: str | None) -> Localized:
    return PRIZES.get(code or "", NO_PRIZE) if code else NO_PRIZE


def promotion(from_label: Localized | None, to_label: Localized | None) -> Localized:
    if not from_label or not to_label:
        return NO_PROMOTION
    return {"zh": f"由{from_label['zh']}晋升为{to_label['zh']}",
            "en": f"promoted from {from_label['en']} to {to_label['en']}"}


def source(kind: str, name: str) -> Localized:
    templates = SOURCES.get(kind, {"zh": "{name}", "en": "{name}"})
    return {language: templates[language].format(name=name) for language in LANGUAGES}


def period(starts_at: datetime, ends_at: datetime, zone: tzinfo) -> str:
    """`2026-07-01 09:00–12:00` in the site's zone (both days when it spans more than one)."""
    start, end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} – {end:%Y-%m-%d %H:%M}"


def planned_refresher(course: str | None, when: str | None, place: str | None) -> Localized:
    """The sentence about a recertification session planned for the certificate, or nothing."""
    if not course:
        return both("")
    return {"zh": f"已安排复训：{course}，{when}，地点 {place}。",
            "en": f"A refresher is planned: {course}, {when}, at {place}."}


def reason(text: str | None) -> Localized:
    """The sentence saying why, or nothing; the reason's own closing full stop is not doubled."""
    text = (text or "").strip().rstrip("。.！!")
    if not text:
        return both("")
    return {"zh": f"原因：{text}。", "en": f"Reason: {text}."}


# -- the texts ----------------------------------------------------------------------------------------
# (kind, audience) -> language -> (title, body). Bodies are one paragraph; the e-mail adds the link.

TEXTS: dict[tuple[Kind, Audience], dict[str, tuple[str, str]]] = {
    (Kind.credential_expiring, Audience.own): {
        "zh": ("证书即将到期：{type}",
               "你的{type}（编号 {number}）将于 {expires_on} 到期，还有 {days_left} 天。{planned}请及时复训、换证。"),
        "en": ("Certificate expiring: {type}",
               "Your {type} (number {number}) expires on {expires_on}, in {days_left} days. {planned} "
               "Please arrange its renewal in time."),
    },
    (Kind.credential_expiring, Audience.leader): {
        "zh": ("班组成员证书即将到期：{name}",
               "班组成员 {name}（{employee_no}）的{type}（编号 {number}）将于 {expires_on} 到期，还有 {days_left} 天。"
               "{planned}"),
        "en": ("Team member's certificate expiring: {name}",
               "{name} ({employee_no}): {type} (number {number}) expires on {expires_on}, in {days_left} days. "
               "{planned}"),
    },
    (Kind.credential_expiring, Audience.team): {
        "zh": ("", "【证书到期提醒】{name}（{employee_no}）的{type}（编号 {number}）将于 {expires_on} 到期，"
                   "还有 {days_left} 天。{planned}"),
        "en": ("", "[Certificate reminder] {name} ({employee_no}): {type} (number {number}) expires on "
                   "{expires_on}, in {days_left} days. {planned}"),
    },
    (Kind.credential_expired, Audience.own): {
        "zh": ("证书已过期：{type}",
               "你的{type}（编号 {number}）有效期至 {expires_on}，现已过期，不能再作为持证上岗的依据。请尽快换证。"),
        "en": ("Certificate expired: {type}",
               "Your {type} (number {number}) was valid until {expires_on} and has expired; it no longer "
               "qualifies you for your post. Please renew it as soon as possible."),
    },
    (Kind.credential_expired, Audience.leader): {
        "zh": ("班组成员证书已过期：{name}",
               "班组成员 {name}（{employee_no}）的{type}（编号 {number}）有效期至 {expires_on}，现已过期。"),
        "en": ("Team member's certificate expired: {name}",
               "{name} ({employee_no}): {type} (number {number}) was valid until {expires_on} and has expired."),
    },
    (Kind.credential_expired, Audience.team): {
        "zh": ("", "【证书过期】{name}（{employee_no}）的{type}（编号 {number}）有效期至 {expires_on}，现已过期。"),
        "en": ("", "[Certificate expired] {name} ({employee_no}): {type} (number {number}) was valid until "
                   "{expires_on} and has expired."),
    },
    (Kind.expiry_digest, Audience.own): {
        "zh": ("过期证书日报 {day}：{count} 张", "截至 {day} 新近过期的证书：\n{lines}"),
        "en": ("Expired certificates {day}: {count}", "Certificates that have newly expired, as of {day}:\n{lines}"),
    },
    (Kind.enrolled_from_waitlist, Audience.own): {
        "zh": ("候补转正：{course}", "有名额空出，你已从候补转为正式学员：{course}，{when}，地点 {place}。"),
        "en": ("You have a seat: {course}",
               "A seat became free and you moved from the waitlist to a seat: {course}, {when}, at {place}."),
    },
    (Kind.session_cancelled, Audience.own): {
        "zh": ("培训取消：{course}", "你报名的培训 {course}（{when}，地点 {place}）已取消。"),
        "en": ("Session cancelled: {course}",
               "The session of {course} you were enrolled in ({when}, at {place}) has been cancelled."),
    },
    (Kind.session_moved, Audience.own): {
        "zh": ("培训时间地点变更：{course}", "你报名的培训 {course} 改为 {when}，地点 {place}。"),
        "en": ("Session moved: {course}", "The session of {course} you hold a place in is now {when}, at {place}."),
    },
    (Kind.recertification_planned, Audience.own): {
        "zh": ("已为你安排复训：{course}", "为了证书换证，已为你报名复训 {course}：{when}，地点 {place}。"),
        "en": ("Refresher planned for you: {course}",
               "To renew your certificate you have been enrolled in {course}: {when}, at {place}."),
    },
    (Kind.contest_results, Audience.own): {
        "zh": ("比武成绩公布：{contest}", "{contest} 的成绩已公布：第 {rank} 名，总分 {total}，{prize}，{promotion}。"),
        "en": ("Contest results: {contest}",
               "The results of {contest} are out: rank {rank}, total {total}, {prize}, {promotion}."),
    },
    (Kind.contest_cancelled, Audience.own): {
        "zh": ("比赛已取消：{contest}", "你{taking_part}的比赛“{contest}”已取消。{reason}"),
        "en": ("Contest cancelled: {contest}", "The contest “{contest}” {taking_part} has been cancelled. {reason}"),
    },
    (Kind.judge_assigned, Audience.own): {
        "zh": ("你已被增派为裁判：{contest}",
               "你已被增派为比赛“{contest}”中“{segment}”环节的裁判，请在评分表中为选手评分。"),
        "en": ("You were added as a judge: {contest}",
               "You were added as a judge to segment “{segment}” of “{contest}”. Enter your scores on the scoring "
               "sheet."),
    },
    (Kind.judge_withdrawn, Audience.own): {
        "zh": ("你已退出评分：{contest}",
               "你已退出比赛“{contest}”中“{segment}”环节的评分。{reason}你在该环节的评分不再计入成绩。"),
        "en": ("Withdrawn from judging: {contest}",
               "You were withdrawn from segment “{segment}” of “{contest}”. {reason} Your scores there no longer "
               "count."),
    },
    (Kind.promotion, Audience.own): {
        "zh": ("等级晋升：{to_grade}", "你的技能等级由{from_grade}晋升为{to_grade}（{source}），自 {effective_on} 起生效。"),
        "en": ("Promoted to {to_grade}",
               "Your grade rose from {from_grade} to {to_grade} ({source}), effective {effective_on}."),
    },
    (Kind.promotion, Audience.leader): {
        "zh": ("班组成员晋升：{name}",
               "班组成员 {name}（{employee_no}）由{from_grade}晋升为{to_grade}（{source}），自 {effective_on} 起生效。"),
        "en": ("Team member promoted: {name}",
               "{name} ({employee_no}) rose from {from_grade} to {to_grade} ({source}), effective {effective_on}."),
    },
    (Kind.promotion, Audience.team): {
        "zh": ("", "【晋升喜报】{name}（{employee_no}）由{from_grade}晋升为{to_grade}（{source}），"
                   "自 {effective_on} 起生效。"),
        "en": ("", "[Promotion] {name} ({employee_no}) rose from {from_grade} to {to_grade} ({source}), "
                   "effective {effective_on}."),
    },
}


def robot_host(url: str | None) -> str | None:
    """What may be shown of a team robot's webhook: its host (the whole address holds the group's key)."""
    return None if url is None else (urlparse(url).hostname or "")
