"""The Open Badges 3.0 data model of what this project issues: an OpenBadgeCredential (an
AchievementCredential) about one achievement, earned by one person (1EdTech Open Badges 3.0, §B)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .vc_jwt import instant_text

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREDENTIAL_SCHEMA = {"id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                           "ob_v3p0_achievementcredential_schema.json",
                     "type": "1EdTechJsonSchemaValidator2019"}
# Who the holder is, in the words of the achievement subject's IdentityObjects (§B.1.10.2): an
# extension identity type for the employee number, since the standard list has none for employers.
NAME = "name"
EMPLOYEE_NUMBER = "ext:employeeNumber"


@dataclass(frozen=True)
class Achievement:
    id: str  # a URI naming what was achieved (the same for everyone who achieves it)
    achievement_type: str  # §B.3.1 AchievementType, e.g. "Certificate", "Award", "Competency"
    name: str
    description: str
    criteria: str  # how it is earned, in words
    field_of_study: str | None = None
    human_code: str | None = None
    creator: tuple[str, str] | None = None  # (id, name) of whoever defined or awarded it, if not the issuer
    language: str = "zh-CN"

    def as_claims(self) -> dict:
        claims = {"id": self.id, "type": ["Achievement"], "achievementType": self.achievement_type,
                  "name": self.name, "description": self.description, "criteria": {"narrative": self.criteria},
                  "inLanguage": self.language}
        if self.field_of_study:
            claims["fieldOfStudy"] = self.field_of_study
        if self.human_code:
            claims["humanCode"] = self.human_code
        if self.creator:
            claims["creator"] = {"id": self.creator[0], "type": ["Profile"], "name": self.creator[1]}
        return claims


@dataclass(frozen=True)
class Holder:
    employee_no: str
    name: str | None

    def identifiers(self) -> list[dict]:
        """In clear, not hashed: a verifier compares them with the person in front of them."""
        found = [{"type": "IdentityObject", "identityType": EMPLOYEE_NUMBER, "hashed": False,
                  "identityHash": self.employee_no}]
        if self.name:
            found.append({"type": "IdentityObject", "identityType": NAME, "hashed": False,
                          "identityHash": self.name})
        return found


def achievement_credential(*, credential_id: str, name: str, issuer: dict, achievement: Achievement,
                           holder: Holder, valid_from: datetime, valid_until: datetime | None,
                           awarded_on: datetime, status: dict) -> dict:
    """An OpenBadgeCredential; `issuer` is the issuing installation's Profile (id is its DID)."""
    credential = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer,
        "validFrom": instant_text(valid_from),
        "awardedDate": instant_text(awarded_on),
        "credentialSubject": {"type": ["AchievementSubject"], "identifier": holder.identifiers(),
                              "achievement": achievement.as_claims()},
        "credentialStatus": status,
        "credentialSchema": [CREDENTIAL_SCHEMA],
    }
    if valid_until is not None:
        credential["validUntil"] = instant_text(valid_until)
    return credential


def issuer_profile(did: str, name: str, url: str) -> dict:
    return {"id": did, "type": ["Profile"], "name": name, "url": url}


def holder_of(claims: dict) -> Holder | None:
    """The holder a credential names, read back from its identifiers."""
    subject = claims.get("credentialSubject")
    identities = subject.get("identifier") if isinstance(subject, dict) else None
    if not isinstance(identities, list):
        return None
    found = {item.get("identityType"): item.get("identityHash") for item in identities if isinstance(item, dict)}
    if not isinstance(found.get(EMPLOYEE_NUMBER), str):
        return None
    name = found.get(NAME)
    return Holder(found[EMPLOYEE_NUMBER], name if isinstance(name, str) else None)
