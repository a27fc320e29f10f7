"""This installation as the issuer of badges: its did:web (from BANZU_PUBLIC_URL), its name, and its
signing keys (the PEM files in BANZU_BADGE_KEYS_DIR, default <BANZU_DATA_DIR>/badge-keys).

Outside production the first key is made on first use, as the demo's token secret is; in production
the keys come from a secret mounted there (docs/credentials.md), and none is made, so that two
replicas never sign with keys of their own.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from banzu_common.badges.did import did_web
from banzu_common.badges.keys import KeyRing, keys_made_on_first_use, load_keys
from banzu_common.badges.open_badges import issuer_profile
from banzu_common.config import in_production
from banzu_common.web import API_PREFIX


def public_url() -> str:
    """Where people and verifiers reach this installation."""
    return (os.environ.get("BANZU_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/")


@dataclass(frozen=True)
class BadgeIssuer:
    public_url: str
    did: str
    name: str
    ring: KeyRing

    @property
    def profile(self) -> dict:
        return issuer_profile(self.did, self.name, self.public_url)

    def status_list_url(self, list_no: int) -> str:
        return f"{self.public_url}{API_PREFIX}/badges/status-lists/{list_no}"


def keys_folder() -> Path:
    configured = os.environ.get("BANZU_BADGE_KEYS_DIR")
    return Path(configured) if configured else Path(os.environ.get("BANZU_DATA_DIR") or "var") / "badge-keys"


_cache: dict[tuple, KeyRing] = {}


def badge_issuer() -> BadgeIssuer:
    """Read again when the key folder changes, so a rotation needs no restart."""
    url = public_url()
    folder = keys_folder()
    ring = _keys(folder)
    name = os.environ.get("BANZU_BADGE_ISSUER_NAME") or f"Banzu · {urlsplit(url).netloc}"
    return BadgeIssuer(url, did_web(url), name, ring)


def _keys(folder: Path) -> KeyRing:
    state = _folder_state(folder)
    if state not in _cache:
        ring = load_keys(folder) if in_production() else keys_made_on_first_use(folder)
        _cache.clear()
        _cache[_folder_state(folder)] = ring
        return ring
    return _cache[state]


def _folder_state(folder: Path) -> tuple:
    if not folder.is_dir():
        return (str(folder),)
    return (str(folder),) + tuple(sorted((entry.name, entry.stat().st_mtime_ns) for entry in os.scandir(folder)))
