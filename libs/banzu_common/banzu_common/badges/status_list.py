"""W3C Bitstring Status List v1.0: one bit per issued credential, set when it is revoked; published
as a signed BitstringStatusListCredential that any verifier fetches."""
from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable
from datetime import datetime, timedelta

from .open_badges import VC_CONTEXT
from .vc_jwt import instant_text

SIZE_BITS = 131_072  # the specification's minimum: a list this long hides whose bit is whose
PURPOSE = "revocation"
REFRESH_MS = 300_000  # the list's `ttl`: a verifier online fetches it again after five minutes


def encoded_list(set_bits: Iterable[int], size_bits: int = SIZE_BITS) -> str:
    """Multibase base64url (`u`, no padding) of the GZIP-compressed bitstring, the first bit being
    the most significant of the first byte."""
    bitstring = bytearray(size_bits // 8)
    for index in set_bits:
        bitstring[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bitstring), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def bit_is_set(encoded: str, index: int) -> bool:
    packed = base64.urlsafe_b64decode(encoded.removeprefix("u") + "=" * (-len(encoded[1:]) % 4))
    bitstring = gzip.decompress(packed)
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_entry(list_url: str, index: int) -> dict:
    """The credentialStatus of a credential whose bit is `index` in the list at `list_url`."""
    return {"id": f"{list_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": PURPOSE,
            "statusListIndex": str(index), "statusListCredential": list_url}


def status_list_credential(issuer: str, list_url: str, set_bits: Iterable[int], now: datetime,
                           valid_for: timedelta) -> dict:
    """The list as a credential, valid for `valid_for` from `now`: a verifier refuses a copy older
    than that, so an old list cannot bring a revoked credential back."""
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": instant_text(now),
        "validUntil": instant_text(now + valid_for),
        "credentialSubject": {"id": f"{list_url}#list", "type": "BitstringStatusList", "statusPurpose": PURPOSE,
                              "encodedList": encoded_list(set_bits),
                              "ttl": REFRESH_MS},
    }
