"""Verifiable credentials secured as JWTs (W3C VC-JOSE-COSE; Open Badges 3.0 §8.2.4, "VC-JWT"): the
credential is the JWT's payload, signed with EdDSA by a key the issuer's DID document names (`kid`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

import jwt

from .did import key_id
from .keys import BadgeKey, KeyRing

MEDIA_TYPE = "application/vc+jwt"
ALGORITHM = "EdDSA"
COMPACT_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")

# What reading a token found, before its dates and status are looked at.
SIGNED = "signed"  # by one of the ring's keys, content unchanged
TAMPERED = "tampered"  # names this issuer and one of its keys, but the signature does not match the content
FOREIGN = "foreign"  # issued by someone else, or naming a key this issuer never published
UNREADABLE = "unreadable"  # not a verifiable credential at all


@dataclass(frozen=True)
class Reading:
    outcome: str
    claims: dict | None = None
    kid: str | None = None  # the key id the token names


def sign(credential: dict, key: BadgeKey, did: str, now: datetime | None = None) -> str:
    """The credential as a compact JWT, with the registered claims VC-JWT maps from it (iss, jti, sub,
    nbf, exp)."""
    if key.private is None:
        raise ValueError(f"{key.kid} is retired and signs nothing")
    claims = dict(credential)
    claims["iss"] = _issuer_id(credential)
    claims["jti"] = credential["id"]
    subject_id = credential.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    claims["nbf"] = _timestamp(credential["validFrom"])
    if credential.get("validUntil"):
        claims["exp"] = _timestamp(credential["validUntil"])
    claims["iat"] = int((now or datetime.now(timezone.utc)).timestamp())
    return jwt.encode(claims, key.private, algorithm=ALGORITHM, headers={"kid": key_id(did, key.kid), "typ": "vc+jwt"})


def read(token: str, did: str, ring: KeyRing) -> Reading:
    """What `token` is to an issuer whose identifier is `did` and whose keys are `ring`."""
    token = token.strip()
    if not COMPACT_JWT.fullmatch(token):
        return Reading(UNREADABLE)
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except (jwt.InvalidTokenError, ValueError, UnicodeDecodeError):
        return Reading(UNREADABLE)
    if not isinstance(claims, dict) or "credentialSubject" not in claims:
        return Reading(UNREADABLE)
    kid = header.get("kid") if isinstance(header.get("kid"), str) else None
    if _issuer_id(claims) != did or claims.get("iss", did) != did:
        return Reading(FOREIGN, claims, kid)
    key = ring.by_kid(kid.removeprefix(f"{did}#")) if kid and kid.startswith(f"{did}#") else None
    if key is None:
        return Reading(FOREIGN, claims, kid)
    if header.get("alg") != ALGORITHM:
        return Reading(TAMPERED, claims, kid)
    try:
        verified = jwt.decode(token, key.public, algorithms=[ALGORITHM],
                              options={"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                                       "verify_aud": False})
    except jwt.InvalidSignatureError:
        return Reading(TAMPERED, claims, kid)
    except (jwt.InvalidTokenError, ValueError):
        return Reading(UNREADABLE)
    return Reading(SIGNED, verified, kid)


def dates_outcome(claims: dict, now: datetime) -> str | None:
    """"expired" past validUntil, "not_yet_valid" before validFrom, else None."""
    try:
        if claims.get("validUntil") and now >= _instant(claims["validUntil"]):
            return "expired"
        if claims.get("validFrom") and now < _instant(claims["validFrom"]):
            return "not_yet_valid"
    except (TypeError, ValueError):
        return UNREADABLE
    return None


def instant_text(moment: datetime) -> str:
    """An instant as VC dates write it: UTC, seconds, `Z`."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _timestamp(text: str) -> int:
    return int(_instant(text).timestamp())


def _issuer_id(credential: dict) -> str | None:
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer
