"""did:web: the installation's identifier, derived from where people reach it, and its DID document."""
from __future__ import annotations

import base64
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from .keys import BadgeKey, KeyRing

MEDIA_TYPE = "application/did+json"
CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/jws-2020/v1"]


def did_web(public_url: str) -> str:
    """`https://banzu.example.com:8443/x` -> `did:web:banzu.example.com%3A8443:x` (W3C did:web: the port's
    colon is percent-encoded, path segments are separated by colons)."""
    parts = urlsplit(public_url)
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did:web", quote(parts.netloc, safe="")] + segments)


def document_path(public_url: str) -> str:
    """Where a verifier fetches the document: /.well-known/did.json, or <path>/did.json under a path."""
    path = urlsplit(public_url).path.rstrip("/")
    return f"{path}/did.json" if path else "/.well-known/did.json"


def key_id(did: str, kid: str) -> str:
    return f"{did}#{kid}"


def did_document(did: str, ring: KeyRing) -> dict:
    """Every key still needed to verify something: retired keys stay listed, so badges they signed
    keep verifying after a rotation. The signing key comes first (what a token naming no key uses)."""
    ordered = sorted(ring.keys, key=lambda key: key is not _signing_or_none(ring))
    methods = [{"id": key_id(did, key.kid), "type": "JsonWebKey2020", "controller": did,
                "publicKeyJwk": key.public_jwk()} for key in ordered]
    ids = [method["id"] for method in methods]
    return {"@context": CONTEXTS, "id": did, "verificationMethod": methods, "assertionMethod": ids}


def _signing_or_none(ring: KeyRing):
    return next((key for key in reversed(ring.keys) if key.private is not None), None)


def ring_from_document(document: dict) -> tuple[str, KeyRing]:
    """(did, public keys) of a DID document, as a verifier holding only the document has them."""
    did = document.get("id")
    if not isinstance(did, str) or not did.startswith("did:"):
        raise ValueError("not a DID document: no `id`")
    keys = []
    for method in document.get("verificationMethod") or []:
        jwk = method.get("publicKeyJwk") if isinstance(method, dict) else None
        method_id = method.get("id", "") if isinstance(method, dict) else ""
        if isinstance(jwk, dict) and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and \
                isinstance(method_id, str) and method_id.startswith(f"{did}#"):
            raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
            keys.append(BadgeKey(method_id.removeprefix(f"{did}#"), Ed25519PublicKey.from_public_bytes(raw)))
    return did, KeyRing(tuple(keys))
