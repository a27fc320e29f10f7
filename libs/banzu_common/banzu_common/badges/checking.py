"""Checking a badge as any verifier can: with the issuer's DID document only (offline), and with its
status list when one is at hand."""
from __future__ import annotations

from datetime import datetime

from . import vc_jwt
from .baking import token_in
from .did import ring_from_document
from .status_list import bit_is_set


def check(content: bytes, did_document: dict, now: datetime, status_list: str | None = None) -> tuple[str, dict]:
    """(outcome, claims): outcome is valid, revoked, expired, not_yet_valid, foreign, tampered or
    unreadable; "valid" without a status list means "valid as far as the signature and dates tell"."""
    token = token_in(content)
    if token is None:
        return vc_jwt.UNREADABLE, {}
    did, ring = ring_from_document(did_document)
    reading = vc_jwt.read(token, did, ring)
    claims = reading.claims or {}
    if reading.outcome != vc_jwt.SIGNED:
        return reading.outcome, claims
    dated = vc_jwt.dates_outcome(claims, now)
    if dated:
        return dated, claims
    if status_list is not None and _revoked(claims, status_list, did, ring):
        return "revoked", claims
    return "valid", claims


def _revoked(claims: dict, status_list: str, did: str, ring) -> bool:
    """Whether the list (itself signed by the issuer, else refused) has the credential's bit set."""
    listing = vc_jwt.read(status_list, did, ring)
    if listing.outcome != vc_jwt.SIGNED or not listing.claims:
        raise ValueError(f"the status list is not signed by {did} ({listing.outcome})")
    entry = claims.get("credentialStatus") or {}
    if listing.claims.get("id") != entry.get("statusListCredential"):
        raise ValueError("the status list is not the one the badge names")
    return bit_is_set(listing.claims["credentialSubject"]["encodedList"], int(entry["statusListIndex"]))
