"""`banzu-admin verify-badge`: a badge checked offline with only the issuer's DID document, then with
its status list; exit 0 only for a valid badge."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from banzu_common.badges import vc_jwt
from banzu_common.badges.did import did_document
from banzu_common.badges.keys import keys_made_on_first_use
from banzu_common.badges.status_list import status_entry, status_list_credential

from banzu_gateway.entrypoints import admin_cli

DID = "did:web:banzu.example.com"
LIST = "https://banzu.example.com/api/v1/badges/status-lists/1"


def badge(ring) -> str:
    now = datetime.now(timezone.utc)
    return vc_jwt.sign({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:7d2b1c9e-0000-4000-8000-000000000001", "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": DID, "type": ["Profile"], "name": "Harbour"}, "validFrom": vc_jwt.instant_text(now),
        "credentialSubject": {"type": ["AchievementSubject"], "identifier": [
            {"type": "IdentityObject", "identityType": "ext:employeeNumber", "hashed": False, "identityHash": "E1"}],
            "achievement": {"id": "https://x/a", "type": ["Achievement"], "name": "电工作业证", "description": "d",
                            "criteria": {"narrative": "n"}}},
        "credentialStatus": status_entry(LIST, 42)}, ring.signing, DID, now)


def test_verify_badge_offline_then_with_the_status_list(tmp_path, capsys):
    ring = keys_made_on_first_use(tmp_path / "keys")
    (tmp_path / "did.json").write_text(json.dumps(did_document(DID, ring)))
    (tmp_path / "badge.jwt").write_text(badge(ring))
    args = ["verify-badge", str(tmp_path / "badge.jwt"), "--did-document", str(tmp_path / "did.json")]
    assert admin_cli.main(args) == 0
    said = capsys.readouterr().out
    assert "VALID" in said and "电工作业证" in said and "signature and dates only" in said
    revoked = status_list_credential(DID, LIST, [42], datetime.now(timezone.utc), timedelta(days=1))
    (tmp_path / "list.jwt").write_text(vc_jwt.sign(revoked, ring.signing, DID))
    assert admin_cli.main(args + ["--status-list", str(tmp_path / "list.jwt")]) == 1
    assert "REVOKED" in capsys.readouterr().out
    other = keys_made_on_first_use(tmp_path / "other")  # another issuer's document
    (tmp_path / "other.json").write_text(json.dumps(did_document("did:web:other.example.com", other)))
    assert admin_cli.main(["verify-badge", str(tmp_path / "badge.jwt"), "--did-document",
                           str(tmp_path / "other.json")]) == 1
    assert "NOT ISSUED BY THIS ISSUER" in capsys.readouterr().out
