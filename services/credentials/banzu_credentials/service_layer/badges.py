"""Badges (Open Badges 3.0): the signed credential of a certificate or a prize, the status lists that
say which were withdrawn, and what a badge someone brings to be checked says.

A badge's bit is drawn when its first copy is made; revoking or renewing the certificate sets the bit
in the same transaction (so the published list says so as soon as the revocation is answered).
Verifying here reads the badge with this installation's own keys and status table; any other
verifier needs only the DID document and, online, the status list (docs/credentials.md).
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from banzu_common.badges import vc_jwt
from banzu_common.badges.baking import token_in
from banzu_common.badges.keys import NoSigningKey
from banzu_common.badges.open_badges import Holder, achievement_credential, holder_of
from banzu_common.badges.status_list import status_entry, status_list_credential
from banzu_common.errors import Conflict, NotFound, Unavailable
from banzu_common.messaging.contracts import ResultsPublished
from banzu_common.skill_ladder import skill_ladder

from banzu_credentials.adapters import directory
from banzu_credentials.adapters.badge_issuer import BadgeIssuer
from banzu_credentials.adapters.badge_records import Prize
from banzu_credentials.domain.badges import (BadgeContent, Names, certificate_content,
                                             credential_id, end_of, prize_content, skill_level_content, start_of)
from banzu_credentials.service_layer import credentials
from banzu_credentials.service_layer.issued_from_events import SKILL_LEVEL  # the type promotions issue
from banzu_credentials.service_layer.unit_of_work import CredentialsUnitOfWork

STATUS_LIST_VALID_FOR = timedelta(days=1)  # a verifier refuses a list older than this


@dataclass(frozen=True)
class SignedBadge:
    token: str
    file_stem: str  # a name for the downloaded file
    content: BadgeContent


def credential_holder(uow: CredentialsUnitOfWork, credential_id_: str) -> str:
    return credentials.get(uow, credential_id_).employee_no


def prize_holder(uow: CredentialsUnitOfWork, prize_id: str) -> str:
    return _prize(uow, prize_id).employee_no


def credential_badge(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, credential_id_: str, now: datetime,
                     zone: tzinfo) -> SignedBadge:
    """The certificate's badge (a skill-level certificate's names the grade on the ladder). A revoked
    or superseded certificate gets none: 409."""
    credential = credentials.get(uow, credential_id_)
    if credential.revoked_on is not None or credential.superseded_by is not None:
        state = "revoked" if credential.revoked_on is not None else "superseded"
        raise Conflict(f"credential_{state}", f"Certificate {credential.number} is {state}: it gets no badge.",
                       number=credential.number)
    content = _certificate_content(uow, issuer, credential)
    return SignedBadge(_signed(uow, issuer, content, now, zone), credential.number, content)


def prize_badge(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, prize_id: str, now: datetime,
                zone: tzinfo) -> SignedBadge:
    prize = _prize(uow, prize_id)
    content = prize_badge_content(uow, issuer, prize)
    return SignedBadge(_signed(uow, issuer, content, now, zone), f"prize-{prize.contest_id}-{prize.employee_no}",
                       content)


def prize_badge_content(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, prize: Prize) -> BadgeContent:
    return prize_content(issuer.public_url, prize_id=prize.id, contest_id=prize.contest_id,
                       contest_name=prize.contest_name, prize=prize.prize, rank=prize.rank,
                       occupation=_occupation(uow, prize.occupation), holder=_holder(uow, prize.employee_no),
                       awarded_on=prize.awarded_on)


def status_list(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, list_no: int, now: datetime) -> str:
    """The signed list, made afresh: its dates move with every fetch, its bits with every revocation."""
    if not 1 <= list_no <= uow.badge_statuses.list_count():
        raise NotFound(f"There is no status list {list_no}.")
    document = status_list_credential(issuer.did, issuer.status_list_url(list_no),
                                       uow.badge_statuses.revoked_positions(list_no), now, STATUS_LIST_VALID_FOR)
    return vc_jwt.sign(document, _signing_key(issuer), issuer.did, now)


def verification(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, content: bytes, now: datetime) -> dict:
    """What a badge file or pasted JWT is, in one outcome: valid, revoked, expired, not_yet_valid,
    foreign, tampered or unreadable; with what it says of itself when it can be read."""
    token = token_in(content)
    if token is None:
        return _verdict(vc_jwt.UNREADABLE, now)
    reading = vc_jwt.read(token, issuer.did, issuer.ring)
    if reading.outcome == vc_jwt.UNREADABLE:
        return _verdict(vc_jwt.UNREADABLE, now)
    claims = reading.claims or {}
    outcome = reading.outcome
    if outcome == vc_jwt.SIGNED:
        outcome = (vc_jwt.dates_outcome(claims, now) or
                   ("revoked" if _withdrawn(uow, claims) else "valid"))
    return _verdict(outcome, now, claims, reading.kid, _said_by_us(uow, issuer, claims) if
                    reading.outcome == vc_jwt.SIGNED else None)


def record_prizes(uow: CredentialsUnitOfWork, event: ResultsPublished) -> None:
    """The prizes of a contest's published results (each prize once, whatever redelivers the event)."""
    uow.prizes.add_new([Prize(id=str(prize_id(event.contest_id, result.employee_no)), contest_id=event.contest_id,
                              contest_name=event.name, occupation=event.occupation, employee_no=result.employee_no,
                              team_code=result.team_code, rank=result.rank, prize=result.prize,
                              awarded_on=event.published_on)
                        for result in event.results if result.prize])


def prize_id(contest_id: str, employee_no: str) -> uuid.UUID:
    """The same prize gets the same id, however often its results arrive."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"prize:{contest_id}:{employee_no}")


def prizes_of(uow: CredentialsUnitOfWork, employee_no: str) -> list[Prize]:
    return uow.prizes.of_worker(employee_no)


# -- inside --------------------------------------------------------------------------------------

def _certificate_content(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, credential) -> BadgeContent:
    holder = _holder(uow, credential.employee_no)
    worker = directory.worker(uow.session, credential.employee_no)
    occupation_code = worker.occupation if worker is not None else None
    grade = uow.credentials.grade_of(credential.id) if credential.type_code == SKILL_LEVEL else None
    ladder = skill_ladder()
    if grade and ladder.is_grade(grade) and occupation_code:
        return skill_level_content(issuer.public_url, credential_id_=credential.id, number=credential.number,
                                 grade=ladder.grade(grade), occupation_code=occupation_code,
                                 occupation=_occupation(uow, occupation_code) or Names(occupation_code,
                                                                                        occupation_code),
                                 holder=holder, issued_on=credential.issued_on, issuer=credential.issuer)
    ctype = credentials.credential_type(uow, credential.type_code)
    return certificate_content(issuer.public_url, credential_id_=credential.id, number=credential.number,
                             type_code=ctype.code, type_names=Names(ctype.name_zh, ctype.name_en),
                             issuer=credential.issuer,
                             occupation=_occupation(uow, occupation_code) if occupation_code else None,
                             holder=holder, issued_on=credential.issued_on, expires_on=credential.expires_on)


def _signed(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, content: BadgeContent, now: datetime,
            zone: tzinfo) -> str:
    key = _signing_key(issuer)
    bit = uow.badge_statuses.bit_for(content.status_subject, now)
    document = achievement_credential(
        credential_id=credential_id(content.subject_id), name=content.title.both(), issuer=issuer.profile,
        achievement=content.achievement, holder=content.holder, valid_from=start_of(content.valid_from, zone),
        valid_until=end_of(content.valid_until, zone) if content.valid_until else None,
        awarded_on=start_of(content.valid_from, zone),
        status=status_entry(issuer.status_list_url(bit.list_no), bit.position))
    return vc_jwt.sign(document, key, issuer.did, now)


def _signing_key(issuer: BadgeIssuer):
    try:
        return issuer.ring.signing
    except NoSigningKey as error:
        raise Unavailable("badges_not_configured", "This installation has no badge signing key yet; an "
                          "administrator adds one (docs/credentials.md).") from error


def _withdrawn(uow: CredentialsUnitOfWork, claims: dict) -> bool:
    """Read from the status entry the badge names, as any verifier reads the published list."""
    entry = claims.get("credentialStatus")
    if not isinstance(entry, dict):
        return False
    url, _, position = str(entry.get("id", "")).rpartition("#")
    list_no = url.rsplit("/", 1)[-1]
    if not (list_no.isdigit() and position.isdigit()):
        return False
    return int(position) in set(uow.badge_statuses.revoked_positions(int(list_no)))


def _said_by_us(uow: CredentialsUnitOfWork, issuer: BadgeIssuer, claims: dict) -> tuple[str, Names] | None:
    """(kind, names) of a badge this installation signed, from its own records."""
    subject_id = str(claims.get("id", "")).removeprefix("urn:uuid:")
    credential = uow.credentials.get(subject_id)
    if credential is not None:
        try:
            content = _certificate_content(uow, issuer, credential)
        except NotFound:
            return None
        return content.kind, content.names
    prize = uow.prizes.get(subject_id)
    if prize is not None:
        content = prize_badge_content(uow, issuer, prize)
        return content.kind, content.names
    return None


def _verdict(outcome: str, now: datetime, claims: dict | None = None, kid: str | None = None,
             ours: tuple[str, Names] | None = None) -> dict:
    claims = claims or {}
    achievement = (claims.get("credentialSubject") or {}).get("achievement") if isinstance(
        claims.get("credentialSubject"), dict) else None
    holder = holder_of(claims) if claims else None
    issuer = claims.get("issuer") if isinstance(claims.get("issuer"), dict) else None
    names = ours[1] if ours else None
    name = achievement.get("name") if isinstance(achievement, dict) else None
    return {
        "outcome": outcome, "checked_at": vc_jwt.instant_text(now),
        "kind": ours[0] if ours else None,
        "achievement": None if not isinstance(achievement, dict) else {
            "name_zh": names.zh if names else str(name or ""), "name_en": names.en if names else str(name or ""),
            "achievement_type": str(achievement.get("achievementType") or "")},
        "holder": None if holder is None else {"name": holder.name, "employee_no": holder.employee_no},
        "issuer": None if issuer is None else {"id": str(issuer.get("id") or ""), "name": str(issuer.get("name") or "")},
        "valid_from": claims.get("validFrom") if isinstance(claims.get("validFrom"), str) else None,
        "valid_until": claims.get("validUntil") if isinstance(claims.get("validUntil"), str) else None,
        "key_id": kid,
    }


def _prize(uow: CredentialsUnitOfWork, prize_id_: str) -> Prize:
    prize = uow.prizes.get(prize_id_)
    if prize is None:
        raise NotFound(f"There is no prize {prize_id_!r}.")
    return prize


def _holder(uow: CredentialsUnitOfWork, employee_no: str) -> Holder:
    worker = directory.worker(uow.session, employee_no)
    return Holder(employee_no, worker.name if worker is not None else None)


def _occupation(uow: CredentialsUnitOfWork, code: str) -> Names | None:
    names = directory.occupation_names(uow.session, code)
    return Names(*names) if names else None
