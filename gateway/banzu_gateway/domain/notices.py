"""Notices (domain.md, "Notifications"): who is told what, in their own language.

An event becomes a `Story`: what happened, about whom, the facts the texts need (a fact may differ by
language, e.g. a certificate type's name) and the pages it concerns. `notices_for` turns a story
into one notice per account that should hear of it (the person it is about, their team leader) and
one message for the team's chat robot where the team has one. Every notice and message carries a
key naming its event and recipient, so storing it twice is impossible (exactly once per event,
recipient and channel). A notice is worded in every language (a page shows it in its own; the e-mail
goes in the account's), from the catalogue ids in TEXTS. No I/O here beyond those catalogues: the
service layer finds the accounts, teams and robots.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from urllib.parse import urlparse

from banzu_gateway import translations
from banzu_gateway.translations import N_

LANGUAGES = translations.LANGUAGES
DEFAULT_LANGUAGE = translations.DEFAULT_LANGUAGE


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
    title: str  # in the account's language (the e-mail's)
    body: str
    link: str
    email: str | None = None
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> {title, body}


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
            texts = {language: dict(zip(("title", "body"), render(story, audience, language)))
                     for language in LANGUAGES}
            own = texts[translations.known_language(reader.language)]
            link = story.link if audience == Audience.own else (story.leader_link or story.link)
            told.notices.append(Notice(f"{story.key}/{reader.username}", reader.username, story.kind, own["title"],
                                       own["body"], link, reader.email, texts))
    if robot_url and story.team_code and (story.kind, Audience.team) in TEXTS:
        _title, content = render(story, Audience.team, robot_language)
        told.robot_messages.append(RobotMessage(f"{story.key}/team:{story.team_code}/robot", story.team_code,
                                                robot_url, content))
    return told


def render(story: Story, audience: Audience, language: str) -> tuple[str, str]:
    """(title, body) of a story for an audience in a language (Chinese when the language is unknown)."""
    language = translations.known_language(language)
    title, body = TEXTS[(story.kind, audience)]
    values = {name: value[language] if isinstance(value, dict) else value for name, value in story.facts.items()}
    return (translations.words_in(language, title, **values) if title else "",
            _tidy(translations.words_in(language, body, **values)))


def _tidy(text: str) -> str:
    """One space between words (an empty fact leaves none behind), lines kept."""
    return "\n".join(" ".join(line.split()) for line in text.strip().splitlines())


# -- facts, as people read them ----------------------------------------------------------------------

PRIZES = {"first": N_("notice_prize_first"), "second": N_("notice_prize_second"), "third": N_("notice_prize_third")}
# How the person took part in a cancelled contest (the same notice reaches contestants and judges).
CONTESTANT = N_("notice_taking_part_contestant")
JUDGE = N_("notice_taking_part_judge")
SOURCES = {"contest": N_("notice_source_contest"), "certification": N_("notice_source_certification")}


def in_every_language(key: str, **values: str | Localized) -> Localized:
    """The catalogue's words for `key` in every language; a value given per language fills its own."""
    return {language: translations.words_in(language, key, **{
        name: value[language] if isinstance(value, dict) else value for name, value in values.items()})
        for language in LANGUAGES}


def both(text: str) -> Localized:
    return {language: text for language in LANGUAGES}


def type_name(code: str, zh: str | None, en: str | None) -> Localized:
    """A certificate type's name per language; its code when the event carried no name."""
    return {"zh": zh or code, "en": en or code}


def prize(code: str | None) -> Localized:
    return in_every_language(PRIZES.get(code or "", N_("notice_no_prize")))


def promotion(from_label: Localized | None, to_label: Localized | None) -> Localized:
    if not from_label or not to_label:
        return in_every_language(N_("notice_no_promotion"))
    return in_every_language(N_("notice_promotion"), from_grade=from_label, to_grade=to_label)


def source(kind: str, name: str) -> Localized:
    return in_every_language(SOURCES[kind], name=name) if kind in SOURCES else both(name)


def taking_part(as_judge: bool) -> Localized:
    return in_every_language(JUDGE if as_judge else CONTESTANT)


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
    return in_every_language(N_("notice_planned_refresher"), course=course, when=when or "", place=place or "")


def reason(text: str | None) -> Localized:
    """The sentence saying why, or nothing; the reason's own closing full stop is not doubled."""
    text = (text or "").strip().rstrip("。.！!")
    if not text:
        return both("")
    return in_every_language(N_("notice_reason"), reason=text)


def digest_line(values: dict[str, str | Localized]) -> Localized:
    """One certificate of HR's daily digest: who, their team, the type, number and end of validity."""
    return in_every_language(N_("notice_digest_line"), **values)


# -- the texts ----------------------------------------------------------------------------------------
# (kind, audience) -> the catalogue ids of its title (None: a chat message has none) and body. Bodies
# are one paragraph; the e-mail adds the link.

TEXTS: dict[tuple[Kind, Audience], tuple[str | None, str]] = {
    (Kind.credential_expiring, Audience.own): (N_("notice_credential_expiring_own_title"), N_("notice_credential_expiring_own_body")),
    (Kind.credential_expiring, Audience.leader): (N_("notice_credential_expiring_leader_title"), N_("notice_credential_expiring_leader_body")),
    (Kind.credential_expiring, Audience.team): (None, N_("notice_credential_expiring_team_body")),
    (Kind.credential_expired, Audience.own): (N_("notice_credential_expired_own_title"), N_("notice_credential_expired_own_body")),
    (Kind.credential_expired, Audience.leader): (N_("notice_credential_expired_leader_title"), N_("notice_credential_expired_leader_body")),
    (Kind.credential_expired, Audience.team): (None, N_("notice_credential_expired_team_body")),
    (Kind.expiry_digest, Audience.own): (N_("notice_expiry_digest_own_title"), N_("notice_expiry_digest_own_body")),
    (Kind.enrolled_from_waitlist, Audience.own): (N_("notice_enrolled_from_waitlist_own_title"), N_("notice_enrolled_from_waitlist_own_body")),
    (Kind.session_cancelled, Audience.own): (N_("notice_session_cancelled_own_title"), N_("notice_session_cancelled_own_body")),
    (Kind.session_moved, Audience.own): (N_("notice_session_moved_own_title"), N_("notice_session_moved_own_body")),
    (Kind.recertification_planned, Audience.own): (N_("notice_recertification_planned_own_title"), N_("notice_recertification_planned_own_body")),
    (Kind.contest_results, Audience.own): (N_("notice_contest_results_own_title"), N_("notice_contest_results_own_body")),
    (Kind.contest_cancelled, Audience.own): (N_("notice_contest_cancelled_own_title"), N_("notice_contest_cancelled_own_body")),
    (Kind.judge_assigned, Audience.own): (N_("notice_judge_assigned_own_title"), N_("notice_judge_assigned_own_body")),
    (Kind.judge_withdrawn, Audience.own): (N_("notice_judge_withdrawn_own_title"), N_("notice_judge_withdrawn_own_body")),
    (Kind.promotion, Audience.own): (N_("notice_promotion_own_title"), N_("notice_promotion_own_body")),
    (Kind.promotion, Audience.leader): (N_("notice_promotion_leader_title"), N_("notice_promotion_leader_body")),
    (Kind.promotion, Audience.team): (None, N_("notice_promotion_team_body")),
}


def robot_host(url: str | None) -> str | None:
    """What may be shown of a team robot's webhook: its host (the whole address holds the group's key)."""
    return None if url is None else (urlparse(url).hostname or "")
