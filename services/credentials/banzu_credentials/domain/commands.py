"""Commands the service layer handles, as far as the domain shapes them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class IssueCredential:
    employee_no: str
    type_code: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None = None
    last_reviewed_on: date | None = None  # a certificate recorded after its last periodic review
