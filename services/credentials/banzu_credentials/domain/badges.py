"""What a portable badge says (Open Badges 3.0): which achievement a certificate, a skill level or a
contest prize is, in both languages, and the days it is valid. Pure: the issuer and the clock come in."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from banzu_common.badges.open_badges import Achievement, Holder
from banzu_common.skill_ladder import Grade

CERTIFICATE = "certificate"
SKILL_LEVEL = "skill_level"
PRIZE = "prize"
KINDS = (CERTIFICATE, SKILL_LEVEL, PRIZE)
# Open Badges 3.0 AchievementType of each kind (§B.3.1).
ACHIEVEMENT_TYPES = {CERTIFICATE: "Certificate", SKILL_LEVEL: "Competency", PRIZE: "Award"}
# Prizes are named in the badge itself, in both languages, as the results page names them.
PRIZE_NAMES = {"first": ("一等奖", "First prize"), "second": ("二等奖", "Second prize"),
               "third": ("三等奖", "Third prize")}


@dataclass(frozen=True)
class Names:
    zh: str
    en: str

    def both(self) -> str:
        """One name for readers of either language: "中文 / English" (one of them when they agree)."""
        return self.zh if self.zh == self.en else f"{self.zh} / {self.en}"


@dataclass(frozen=True)
class BadgeContent:
    """Everything one badge states about one person, before it is dated and signed."""

    kind: str
    subject_id: str  # the certificate's or the prize's id
    names: Names  # of the achievement
    achievement: Achievement
    holder: Holder
    title: Names  # of this credential (the achievement, with the certificate's number where it has one)
    valid_from: date
    valid_until: date | None  # the last day it is valid; None: no end

    @property
    def status_subject(self) -> str:
        return status_subject(self.kind, self.subject_id)


def status_subject(kind: str, subject_id: str) -> str:
    """Whose bit in the status list: a skill-level certificate is withdrawn as any certificate is."""
    return f"{PRIZE if kind == PRIZE else CERTIFICATE}:{subject_id}"


def credential_id(subject_id: str) -> str:
    """The badge's own id: the same for every download of the same certificate or prize."""
    return f"urn:uuid:{subject_id}" if _is_uuid(subject_id) else f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, subject_id)}"


def certificate_content(base: str, *, credential_id_: str, number: str, type_code: str, type_names: Names,
                      issuer: str, occupation: Names | None, holder: Holder, issued_on: date,
                      expires_on: date | None) -> BadgeContent:
    """A certificate (持证): the achievement is its type; the authority that issued it is its creator."""
    achievement = Achievement(
        id=f"{base}/achievements/certificate/{type_code}", achievement_type=ACHIEVEMENT_TYPES[CERTIFICATE],
        name=type_names.both(), description=f"{type_names.zh}（{issuer}颁发） / {type_names.en}, issued by {issuer}",
        criteria=f"持有{issuer}颁发的有效{type_names.zh}。 / Holds a valid {type_names.en} issued by {issuer}.",
        field_of_study=occupation.both() if occupation else None, human_code=type_code,
        creator=(f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'issuer:' + issuer)}", issuer))
    title = Names(f"{type_names.zh} {number}", f"{type_names.en} {number}")
    return BadgeContent(CERTIFICATE, credential_id_, type_names, achievement, holder, title, issued_on, expires_on)


def skill_level_content(base: str, *, credential_id_: str, number: str, grade: Grade, occupation_code: str,
                      occupation: Names, holder: Holder, issued_on: date, issuer: str) -> BadgeContent:
    """A grade on the configured skill ladder in one occupation, earned by a promotion; no end date."""
    names = Names(f"{occupation.zh} {grade.zh}（{grade.national_level}）", f"{occupation.en} — {grade.en}")
    achievement = Achievement(
        id=f"{base}/achievements/skill-level/{occupation_code}/{grade.code}",
        achievement_type=ACHIEVEMENT_TYPES[SKILL_LEVEL], name=names.both(),
        description=f"职业技能等级：{names.zh} / Vocational skill level: {names.en}",
        criteria=f"经{issuer}晋级为{grade.zh}。 / Promoted to {grade.en} by {issuer}.",
        field_of_study=occupation.both(), human_code=grade.code)
    title = Names(f"{names.zh} {number}", f"{names.en} {number}")
    return BadgeContent(SKILL_LEVEL, credential_id_, names, achievement, holder, title, issued_on, None)


def prize_content(base: str, *, prize_id: str, contest_id: str, contest_name: str, prize: str, rank: int,
                occupation: Names | None, holder: Holder, awarded_on: date) -> BadgeContent:
    """A contest prize (一、二、三等奖): the achievement is that prize of that contest; no end date."""
    prize_zh, prize_en = PRIZE_NAMES[prize]
    names = Names(f"{contest_name} {prize_zh}", f"{contest_name} — {prize_en}")
    achievement = Achievement(
        id=f"{base}/achievements/prize/{contest_id}/{prize}", achievement_type=ACHIEVEMENT_TYPES[PRIZE],
        name=names.both(), description=f"技能竞赛“{contest_name}”{prize_zh} / {prize_en} of the skills contest "
                                       f"“{contest_name}”",
        criteria=f"在“{contest_name}”中获第{rank}名。 / Ranked {rank} in “{contest_name}”.",
        field_of_study=occupation.both() if occupation else None, human_code=prize)
    return BadgeContent(PRIZE, prize_id, names, achievement, holder, names, awarded_on, None)


def start_of(day: date, zone: tzinfo) -> datetime:
    """The first instant of `day` at the site."""
    return datetime.combine(day, time.min, zone)


def end_of(last_day: date, zone: tzinfo) -> datetime:
    """The first instant after `last_day` at the site: a certificate is valid through its expiry day."""
    return start_of(last_day + timedelta(days=1), zone)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
