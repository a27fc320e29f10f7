"""Public verification of a certificate: its printed code and the holder's masked name."""
from __future__ import annotations

import hmac
import random
import re

# No 0/O or 1/I, so a code read off paper is typed back right; 32 symbols × 8 = 40 bits.
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
VERIFICATION_CODE_LENGTH = 8

_TYPING_NOISE = re.compile(r"[\s-]")
_NAME_SEPARATORS = re.compile(r"(\s+|[·•・])")


def new_verification_code(rng: random.Random) -> str:
    """A fresh code. Production passes `secrets.SystemRandom()`; tests pass a seeded Random."""
    return "".join(rng.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_CODE_LENGTH))


def verification_code_matches(expected: str, given: str | None) -> bool:
    """Whether a typed code is the printed one, ignoring case, spaces and dashes.

    Compares in constant time so response timing tells nothing about how much of a guess was right.
    """
    typed = _TYPING_NOISE.sub("", given or "").upper()
    return hmac.compare_digest(typed.encode(), expected.encode())


def mask_name(name: str) -> str:
    """A holder's name as verification shows it: enough to recognise, not enough to learn it.

    A name in one piece keeps its first and last character around one `*` (张三丰 → 张*丰,
    欧阳娜娜 → 欧*娜); two characters or fewer keep only the first (张三 → 张*, 张 → 张*). A name in
    several pieces (spaces, or the middle dot of transliterated names) keeps the first character of
    each piece (Li Wei → L* W*, 阿依古丽·买买提 → 阿*·买*).
    """
    pieces = _NAME_SEPARATORS.split(name.strip())
    if len(pieces) == 1:
        whole = pieces[0]
        if not whole:
            return ""
        return whole[0] + "*" + (whole[-1] if len(whole) > 2 else "")
    # split() with a capturing group alternates piece, separator, piece, …
    return "".join(piece if index % 2 else piece[:1] + "*" * bool(piece) for index, piece in enumerate(pieces))
