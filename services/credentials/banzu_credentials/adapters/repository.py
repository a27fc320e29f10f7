"""Loading and saving the domain's credentials and credential types."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from banzu_credentials.adapters.tables import (credential_notices, credential_type_reminders, credential_types,
                                               credentials, occupation_requirements, reviews)
from banzu_credentials.domain import EXPIRED, Credential, CredentialType, Notice, Review, SentNotice

# What a stored `expired` notice keeps in its threshold column (see tables.credential_notices): its
# rank, which the sweep compares with the thresholds of the notices due.
NO_THRESHOLD = Notice(EXPIRED).rank


class CredentialTypeRepository:
    def __init__(self, session: Session):
        self.session = session

    def all(self) -> dict[str, CredentialType]:
        days: dict[str, list[int]] = defaultdict(list)
        for row in self.session.execute(select(credential_type_reminders)):
            days[row.type_code].append(row.days)
        return {row.code: _credential_type(row, days[row.code])
                for row in self.session.execute(select(credential_types).order_by(credential_types.c.code))}

    def get(self, code: str) -> CredentialType | None:
        row = self.session.execute(select(credential_types).where(credential_types.c.code == code)).first()
        if row is None:
            return None
        days = self.session.scalars(select(credential_type_reminders.c.days)
                                    .where(credential_type_reminders.c.type_code == code)).all()
        return _credential_type(row, days)

    def add(self, ctype: CredentialType) -> None:
        self.session.execute(insert(credential_types).values(
            code=ctype.code, name_zh=ctype.name_zh, name_en=ctype.name_en,
            validity_months=ctype.validity_months, review_months=ctype.review_months))
        if ctype.reminder_days:
            self.session.execute(insert(credential_type_reminders),
                                 [{"type_code": ctype.code, "days": d} for d in ctype.reminder_days])


def _credential_type(row, days) -> CredentialType:
    return CredentialType(row.code, row.name_zh, row.name_en, row.validity_months, row.review_months,
                          tuple(sorted(days, reverse=True)))


class CredentialRepository:
    """Credentials with their reviews and sent notices; `save` writes back what the aggregate changed."""

    def __init__(self, session: Session, seen: Callable[[Credential], None]):
        self.session = session
        self._seen = seen  # the unit of work collects the events of every credential it saw
        self._reviews_loaded: dict[str, int] = {}

    def get(self, credential_id: str, for_update: bool = False) -> Credential | None:
        query = select(credentials).where(credentials.c.id == credential_id)
        if for_update:
            query = query.with_for_update()  # serialises renew/revoke/review of one credential
        row = self.session.execute(query).first()
        return None if row is None else self._load([row])[0]

    def grade_of(self, credential_id: str) -> str | None:
        """The grade a skill-level credential attests (none for other types)."""
        return self.session.scalar(select(credentials.c.grade).where(credentials.c.id == credential_id))

    def by_number(self, number: str) -> Credential | None:
        row = self.session.execute(select(credentials).where(credentials.c.number == number)).first()
        return None if row is None else self._load([row])[0]

    def load_rows(self, rows) -> list[Credential]:
        """Credentials from rows of the credentials table, with their reviews and notices."""
        return self._load(list(rows))

    def numbers_taken(self, numbers) -> dict[str, Credential]:
        numbers = list(numbers)
        found = {}
        for start in range(0, len(numbers), 1000):
            rows = self.session.execute(select(credentials)
                                        .where(credentials.c.number.in_(numbers[start:start + 1000])))
            found.update((c.number, c) for c in self._load(list(rows)))
        return found

    def add(self, credential: Credential, grade: str | None = None) -> None:
        self.session.execute(insert(credentials).values(
            id=credential.id, employee_no=credential.employee_no, type_code=credential.type_code,
            number=credential.number, issuer=credential.issuer, issued_on=credential.issued_on,
            expires_on=credential.expires_on, next_review_on=credential.next_review_on,
            verification_code=credential.verification_code, revoked_on=credential.revoked_on,
            revoke_reason=credential.revoke_reason, superseded_by=credential.superseded_by, grade=grade,
            created_at=datetime.now(timezone.utc)))
        self._reviews_loaded[credential.id] = 0
        self._add_reviews(credential)
        self._seen(credential)

    def save(self, credential: Credential) -> None:
        self.session.execute(update(credentials).where(credentials.c.id == credential.id).values(
            next_review_on=credential.next_review_on, revoked_on=credential.revoked_on,
            revoke_reason=credential.revoke_reason, superseded_by=credential.superseded_by))
        self._add_reviews(credential)

    def _add_reviews(self, credential: Credential) -> None:
        new = credential.reviews[self._reviews_loaded.get(credential.id, 0):]
        if new:
            self.session.execute(insert(reviews), [{"credential_id": credential.id, "reviewed_on": r.reviewed_on}
                                                   for r in new])
        self._reviews_loaded[credential.id] = len(credential.reviews)

    def _load(self, rows) -> list[Credential]:
        ids = [row.id for row in rows]
        reviewed: dict[str, list[Review]] = defaultdict(list)
        noticed: dict[str, list[SentNotice]] = defaultdict(list)
        if ids:
            for r in self.session.execute(select(reviews).where(reviews.c.credential_id.in_(ids))
                                          .order_by(reviews.c.id)):
                reviewed[r.credential_id].append(Review(r.reviewed_on))
            for n in self.session.execute(select(credential_notices).where(credential_notices.c.credential_id.in_(ids))
                                          .order_by(credential_notices.c.sent_on, credential_notices.c.threshold.desc())):
                noticed[n.credential_id].append(
                    SentNotice(n.kind, None if n.kind == EXPIRED else n.threshold, n.sent_on))
        loaded = []
        for row in rows:
            credential = Credential(
                id=row.id, employee_no=row.employee_no, type_code=row.type_code, number=row.number,
                issuer=row.issuer, issued_on=row.issued_on, expires_on=row.expires_on,
                next_review_on=row.next_review_on, verification_code=row.verification_code,
                revoked_on=row.revoked_on, revoke_reason=row.revoke_reason, superseded_by=row.superseded_by,
                reviews=reviewed[row.id], notices=noticed[row.id])
            self._reviews_loaded[row.id] = len(credential.reviews)
            self._seen(credential)
            loaded.append(credential)
        return loaded



class RequirementRepository:
    """Which credential types each occupation requires (持证上岗)."""

    def __init__(self, session: Session):
        self.session = session

    def all(self) -> dict[str, list[str]]:
        required: dict[str, list[str]] = defaultdict(list)
        for row in self.session.execute(select(occupation_requirements).order_by(occupation_requirements.c.type_code)):
            required[row.occupation].append(row.type_code)
        return dict(required)

    def of(self, occupation: str) -> list[str]:
        return list(self.session.scalars(select(occupation_requirements.c.type_code)
                                         .where(occupation_requirements.c.occupation == occupation)
                                         .order_by(occupation_requirements.c.type_code)))

    def replace(self, occupation: str, type_codes: list[str]) -> None:
        self.session.execute(delete(occupation_requirements).where(occupation_requirements.c.occupation == occupation))
        if type_codes:
            self.session.execute(insert(occupation_requirements),
                                 [{"occupation": occupation, "type_code": code} for code in type_codes])
