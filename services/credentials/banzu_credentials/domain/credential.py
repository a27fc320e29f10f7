"""The credential aggregate: one certificate held by one worker."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from banzu_common.dates import add_months
from banzu_common.errors import Conflict, Invalid
from banzu_common.field_errors import FieldErrors
from banzu_common.rules import REQUIRED, IN_THE_FUTURE, TOO_FAR, Rule, at_most_characters, not_after, not_before
from banzu_common.text_rules import control_character_error

from .credential_types import CredentialType
from .events import CredentialEvent, CredentialIssued, CredentialRenewed, CredentialRevoked
from .status import CredentialStatus, days_left, status_on
from .verification import verification_code_matches

MAX_EMPLOYEE_NO_LENGTH = 64
MAX_ISSUER_LENGTH = 200
MAX_REASON_LENGTH = 500
# The number is a path segment of the public verification URL, so no slashes, '?', '#' or spaces.
NUMBER_PATTERN = re.compile(r"[^\s/\\?#\x00-\x1f\x7f-\x9f]{1,64}")


@dataclass
class Review:
    reviewed_on: date


@dataclass
class SentNotice:
    """A reminder the expiry sweep already sent: kind "expiring" (with threshold) or "expired"."""

    kind: str
    threshold: int | None
    on: date


def issue_errors(
    errors: FieldErrors, *, employee_no: str, number: str, issuer: str, issued_on: date | None,
    expires_on: date | None
) -> FieldErrors:
    """Adds the field errors of a credential to issue (strings already stripped) to `errors`."""
    if not employee_no:
        errors.add_unless_reported("employee_no", REQUIRED)
    elif len(employee_no) > MAX_EMPLOYEE_NO_LENGTH:
        errors.add_unless_reported("employee_no", at_most_characters(MAX_EMPLOYEE_NO_LENGTH))
    elif message := control_character_error(employee_no):
        errors.add_unless_reported("employee_no", message)
    if not number:
        errors.add_unless_reported("number", REQUIRED)
    elif not NUMBER_PATTERN.fullmatch(number):
        errors.add_unless_reported("number", Rule("credential_number_format",
                                                  "must be 1–64 characters without spaces, slashes, '?' or '#'"))
    if not issuer:
        errors.add_unless_reported("issuer", REQUIRED)
    elif len(issuer) > MAX_ISSUER_LENGTH:
        errors.add_unless_reported("issuer", at_most_characters(MAX_ISSUER_LENGTH))
    elif message := control_character_error(issuer):
        errors.add_unless_reported("issuer", message)
    if issued_on is None:
        errors.add_unless_reported("issued_on", REQUIRED)
    elif expires_on is not None and expires_on < issued_on:
        errors.add_unless_reported("expires_on", not_before("issued_on"))
    return errors


def last_review_errors(
    errors: FieldErrors, ctype: CredentialType, *, issued_on: date | None, expires_on: date | None,
    last_reviewed_on: date | None, today: date | None
) -> FieldErrors:
    """Adds the errors of `last_reviewed_on`, the last periodic review of a certificate being recorded:
    it happened (not after today), to this certificate (not before issued_on, not after expires_on),
    and only types with a periodic review have one."""
    if last_reviewed_on is None:
        return errors
    if not ctype.has_review:
        errors.add("last_reviewed_on", Rule("no_periodic_review", "must be empty: this type of credential has "
                                                                   "no periodic review"))
    elif today is not None and last_reviewed_on > today:
        errors.add("last_reviewed_on", IN_THE_FUTURE)
    elif issued_on is not None and last_reviewed_on < issued_on:
        errors.add("last_reviewed_on", not_before("issued_on"))
    elif expires_on is not None and last_reviewed_on > expires_on:
        errors.add("last_reviewed_on", not_after("expires_on"))
    return errors


def expiry_and_review(
    ctype: CredentialType, issued_on: date, expires_on: date | None, last_reviewed_on: date | None = None
) -> tuple[date | None, date | None]:
    """(expires_on, next_review_on) of a credential issued on `issued_on`: a given expiry wins over
    the type's validity; the next review is one interval after the last review, else after the issue.
    Raises OverflowError for dates beyond year 9999."""
    if expires_on is None and ctype.validity_months is not None:
        expires_on = add_months(issued_on, ctype.validity_months)
    next_review_on = add_months(last_reviewed_on or issued_on, ctype.review_months) if ctype.has_review else None
    return expires_on, next_review_on


@dataclass(eq=False)
class Credential:
    """Create with `Credential.issue` or `renew`, which validate and record events.

    `number` uniqueness is the repository's to check. `events` collects domain events for the
    service layer and is not stored.
    """

    id: str
    employee_no: str
    type_code: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None
    next_review_on: date | None
    verification_code: str
    revoked_on: date | None = None
    revoke_reason: str | None = None
    superseded_by: str | None = None
    reviews: list[Review] = field(default_factory=list)
    notices: list[SentNotice] = field(default_factory=list)
    events: list[CredentialEvent] = field(default_factory=list, repr=False)

    @classmethod
    def issue(
        cls,
        *,
        credential_id: str,
        ctype: CredentialType,
        employee_no: str,
        number: str,
        issuer: str,
        issued_on: date,
        verification_code: str,
        expires_on: date | None = None,
        last_reviewed_on: date | None = None,
        today: date | None = None,
    ) -> Credential:
        """A new credential; raises Invalid naming every bad field. Records CredentialIssued.

        A certificate recorded after it was issued may come with the date of its last periodic review
        (`last_reviewed_on`, which needs `today` to be checked against): it is kept as a review, and
        the next review counts from it."""
        if last_reviewed_on is not None and today is None:
            raise ValueError("a last review date is checked against today: pass today")
        return cls._issue(
            FieldErrors(),
            credential_id=credential_id,
            ctype=ctype,
            employee_no=employee_no,
            number=number,
            issuer=issuer,
            issued_on=issued_on,
            expires_on=expires_on,
            verification_code=verification_code,
            last_reviewed_on=last_reviewed_on,
            today=today,
        )

    @classmethod
    def _issue(
        cls,
        errors: FieldErrors,
        *,
        credential_id: str,
        ctype: CredentialType,
        employee_no: str,
        number: str,
        issuer: str,
        issued_on: date,
        expires_on: date | None,
        verification_code: str,
        last_reviewed_on: date | None = None,
        today: date | None = None,
    ) -> Credential:
        # `errors` are what the caller found wrong already, reported together with these fields'.
        employee_no, number, issuer = employee_no.strip(), number.strip(), issuer.strip()
        issue_errors(errors, employee_no=employee_no, number=number, issuer=issuer, issued_on=issued_on,
                     expires_on=expires_on)
        next_review_on = None
        if "issued_on" not in errors:
            try:
                expires_on, next_review_on = expiry_and_review(ctype, issued_on, expires_on)
            except OverflowError:
                errors.add("issued_on", TOO_FAR)
        # Checked against the expiry the type's validity gives when none is given.
        last_review_errors(errors, ctype, issued_on=issued_on, expires_on=expires_on,
                           last_reviewed_on=last_reviewed_on, today=today)
        errors.raise_if_any()
        if last_reviewed_on is not None:
            _, next_review_on = expiry_and_review(ctype, issued_on, expires_on, last_reviewed_on)
        credential = cls(
            id=credential_id,
            employee_no=employee_no,
            type_code=ctype.code,
            number=number,
            issuer=issuer,
            issued_on=issued_on,
            expires_on=expires_on,
            next_review_on=next_review_on,
            verification_code=verification_code,
            reviews=[] if last_reviewed_on is None else [Review(last_reviewed_on)],
        )
        credential.events.append(
            CredentialIssued(credential_id, employee_no, ctype.code, number, issued_on, expires_on)
        )
        return credential

    @property
    def revoked(self) -> bool:
        return self.revoked_on is not None

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None

    @property
    def last_reviewed_on(self) -> date | None:
        """The latest periodic review recorded (the one the next review counts from), if any."""
        return max((r.reviewed_on for r in self.reviews), default=None)

    def days_left(self, on: date) -> int | None:
        return days_left(self.expires_on, on)

    def status_on(self, on: date, ctype: CredentialType) -> CredentialStatus:
        self._check_type(ctype)
        return status_on(
            on,
            expires_on=self.expires_on,
            next_review_on=self.next_review_on,
            reminder_days=ctype.reminder_days,
            revoked=self.revoked,
            superseded=self.superseded,
        )

    def verify(self, code: str | None) -> bool:
        return verification_code_matches(self.verification_code, code)

    def renew(
        self,
        *,
        new_id: str,
        ctype: CredentialType,
        number: str,
        issued_on: date,
        verification_code: str,
        expires_on: date | None = None,
        issuer: str | None = None,
    ) -> Credential:
        """A new credential of the same holder and type that supersedes this one.

        The new one keeps this issuer unless another is given, and records CredentialIssued then
        CredentialRenewed (a renewal is an issue plus a supersession). Refused with Conflict
        "revoked" or "already_superseded"; Invalid when issued before this one.
        """
        self._check_type(ctype)
        self._refuse_unless_current("renewed")
        errors = FieldErrors()
        if issued_on < self.issued_on:
            errors.add("issued_on", Rule("before_renewed", "must not be before the renewed credential's issue date"))
        renewal = Credential._issue(
            errors,
            credential_id=new_id,
            ctype=ctype,
            employee_no=self.employee_no,
            number=number,
            issuer=self.issuer if issuer is None else issuer,
            issued_on=issued_on,
            expires_on=expires_on,
            verification_code=verification_code,
        )
        self.superseded_by = new_id
        renewal.events.append(
            CredentialRenewed(self.id, new_id, self.employee_no, self.type_code, renewal.expires_on)
        )
        return renewal

    def revoke(self, reason: str, on: date) -> None:
        """Withdraw the credential as of `on` (today). Records CredentialRevoked."""
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise Invalid({"reason": [REQUIRED]})
        if len(reason) > MAX_REASON_LENGTH:
            raise Invalid({"reason": [at_most_characters(MAX_REASON_LENGTH)]})
        if message := control_character_error(reason):
            raise Invalid({"reason": [message]})
        if self.revoked:
            raise Conflict("already_revoked", "The credential is already revoked.", credential_id=self.id)
        self.revoked_on = on
        self.revoke_reason = reason
        self.events.append(CredentialRevoked(self.id, self.employee_no, self.type_code, reason))

    def record_review(self, reviewed_on: date, ctype: CredentialType) -> None:
        """Record a periodic review and move next_review_on on.

        The next review is due one interval after the latest review recorded (not after the
        previous due date): a review attests the credential as of the day it happened, so a late
        review does not leave it due again at once, and an early one restarts the cycle. Recording
        an older review than the latest therefore does not move the due date back.
        """
        self._check_type(ctype)
        self._refuse_unless_current("reviewed")
        if not ctype.has_review:
            raise Conflict(
                "no_periodic_review",
                f"Credentials of type {ctype.code} have no periodic review.",
                credential_id=self.id,
            )
        if reviewed_on < self.issued_on:
            raise Invalid({"reviewed_on": [not_before("issued_on")]})
        if self.expires_on is not None and reviewed_on > self.expires_on:
            raise Invalid({"reviewed_on": [not_after("expires_on")]})
        latest = max([reviewed_on, *(r.reviewed_on for r in self.reviews)])
        try:
            self.next_review_on = add_months(latest, ctype.review_months)
        except OverflowError:
            raise Invalid({"reviewed_on": [TOO_FAR]}) from None
        self.reviews.append(Review(reviewed_on))

    def _refuse_unless_current(self, action: str) -> None:
        if self.revoked:
            raise Conflict("revoked", f"A revoked credential cannot be {action}.", credential_id=self.id)
        if self.superseded:
            raise Conflict(
                "already_superseded",
                f"A superseded credential cannot be {action}; act on the credential that replaced it.",
                credential_id=self.id,
                superseded_by=self.superseded_by,
            )

    def _check_type(self, ctype: CredentialType) -> None:
        # A caller passing the wrong type would silently get wrong dates and statuses.
        if ctype.code != self.type_code:
            raise ValueError(f"credential {self.id} is of type {self.type_code}, not {ctype.code}")
