"""The badge formats on their own: did:web from the public address, keys and rotation, the Bitstring
Status List's bit order, baking into SVG and PNG, and reading a token back (signed, tampered,
foreign, unreadable)."""
from __future__ import annotations

import struct
import zlib
from datetime import datetime, timedelta, timezone

import pytest

from banzu_common.badges import vc_jwt
from banzu_common.badges.baking import PNG_KEYWORD, PNG_SIGNATURE, baked_svg, token_in
from banzu_common.badges.checking import check
from banzu_common.badges.did import did_document, did_web, document_path, ring_from_document
from banzu_common.badges.keys import keys_made_on_first_use, load_keys, new_key, retire_key
from banzu_common.badges.status_list import bit_is_set, encoded_list, status_list_credential

NOW = datetime(2026, 12, 7, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("url, did, path", [
    ("https://banzu.example.com", "did:web:banzu.example.com", "/.well-known/did.json"),
    ("http://127.0.0.1:8000/", "did:web:127.0.0.1%3A8000", "/.well-known/did.json"),
    ("https://example.com/plant/banzu", "did:web:example.com:plant:banzu", "/plant/banzu/did.json"),
])
def test_did_web_follows_the_public_address(url, did, path):
    assert did_web(url) == did and document_path(url) == path


def test_keys_rotate_and_retired_ones_stay_published(tmp_path):
    ring = keys_made_on_first_use(tmp_path)
    assert [key.kid for key in ring.keys] == ["key-1"] and ring.signing.kid == "key-1"
    assert keys_made_on_first_use(tmp_path).signing.public_jwk() == ring.signing.public_jwk()  # made once
    assert new_key(tmp_path) == "key-2"
    retire_key(tmp_path, "key-1")
    ring = load_keys(tmp_path)
    assert [(key.kid, key.private is not None) for key in ring.keys] == [("key-1", False), ("key-2", True)]
    document = did_document("did:web:x", ring)
    assert document["assertionMethod"] == ["did:web:x#key-2", "did:web:x#key-1"]
    assert ring_from_document(document)[1].by_kid("key-1").public_jwk() == ring.by_kid("key-1").public_jwk()
    assert (tmp_path / "key-1.pem").exists() is False and (tmp_path / "key-2.pem").stat().st_mode & 0o077 == 0


def test_the_first_bit_is_the_most_significant_of_the_first_byte():
    encoded = encoded_list([0, 9, 131_071])
    assert encoded.startswith("u")
    assert [bit_is_set(encoded, i) for i in (0, 1, 8, 9, 131_070, 131_071)] == [True, False, False, True, False, True]


def credential(did: str, until: datetime | None = None) -> dict:
    document = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:1", "type": ["VerifiableCredential"],
                "issuer": {"id": did, "type": ["Profile"]}, "validFrom": "2026-01-01T00:00:00Z",
                "credentialSubject": {"type": ["AchievementSubject"]},
                "credentialStatus": {"id": "https://x/lists/1#5", "type": "BitstringStatusListEntry",
                                     "statusPurpose": "revocation", "statusListIndex": "5",
                                     "statusListCredential": "https://x/lists/1"}}
    if until:
        document["validUntil"] = vc_jwt.instant_text(until)
    return document


def test_reading_tells_signed_tampered_foreign_and_unreadable(tmp_path):
    ring = keys_made_on_first_use(tmp_path)
    token = vc_jwt.sign(credential("did:web:x"), ring.signing, "did:web:x", NOW)
    assert vc_jwt.read(token, "did:web:x", ring).outcome == vc_jwt.SIGNED
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert vc_jwt.read(f"{header}.{payload}.{flipped}", "did:web:x", ring).outcome == vc_jwt.TAMPERED
    assert vc_jwt.read(token, "did:web:y", ring).outcome == vc_jwt.FOREIGN
    other = keys_made_on_first_use(tmp_path / "other")
    assert vc_jwt.read(vc_jwt.sign(credential("did:web:x"), other.signing, "did:web:x", NOW) .replace("key-1", "key-1"),
                       "did:web:x", load_keys(tmp_path / "none")).outcome == vc_jwt.FOREIGN
    assert vc_jwt.read("not a token", "did:web:x", ring).outcome == vc_jwt.UNREADABLE


def test_baked_images_give_the_token_back(tmp_path):
    ring = keys_made_on_first_use(tmp_path)
    token = vc_jwt.sign(credential("did:web:x"), ring.signing, "did:web:x", NOW)
    svg = baked_svg('<svg xmlns="http://www.w3.org/2000/svg"><title>a</title></svg>', token)
    assert token_in(svg) == token and token_in(token.encode() + b"\n") == token
    text = PNG_KEYWORD + b"\0\1\0\0\0" + zlib.compress(token.encode())
    chunk = struct.pack(">I", len(text)) + b"iTXt" + text + struct.pack(">I", zlib.crc32(b"iTXt" + text))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    assert token_in(PNG_SIGNATURE + chunk + end) == token
    assert token_in(b'<!DOCTYPE svg [<!ENTITY e "x">]><svg>&e;</svg>') is None


def test_checking_offline_with_the_did_document_and_a_status_list(tmp_path):
    ring = keys_made_on_first_use(tmp_path)
    document = did_document("did:web:x", ring)
    valid = vc_jwt.sign(credential("did:web:x"), ring.signing, "did:web:x", NOW).encode()
    expired = vc_jwt.sign(credential("did:web:x", NOW - timedelta(days=1)), ring.signing, "did:web:x", NOW).encode()
    assert check(valid, document, NOW)[0] == "valid"
    assert check(expired, document, NOW)[0] == "expired"
    listing = status_list_credential("did:web:x", "https://x/lists/1", [5], NOW, timedelta(days=1))
    assert check(valid, document, NOW, vc_jwt.sign(listing, ring.signing, "did:web:x", NOW))[0] == "revoked"
    clean = status_list_credential("did:web:x", "https://x/lists/1", [6], NOW, timedelta(days=1))
    assert check(valid, document, NOW, vc_jwt.sign(clean, ring.signing, "did:web:x", NOW))[0] == "valid"
