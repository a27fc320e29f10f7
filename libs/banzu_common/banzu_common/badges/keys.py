"""The installation's Ed25519 signing keys, kept as PEM files in one folder.

`<kid>.pem` holds a private key that may still sign; `<kid>.pub.pem` a retired key's public half,
published so that what it signed stays verifiable. Key ids are `key-1`, `key-2`, … in the order they
were made, and the newest private key signs. Rotating adds a new private key; retiring one keeps only
its public half.
"""
from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PRIVATE_SUFFIX = ".pem"
PUBLIC_SUFFIX = ".pub.pem"


class NoSigningKey(RuntimeError):
    """The key folder holds no private key, so nothing can be signed."""


@dataclass(frozen=True)
class BadgeKey:
    kid: str  # the fragment of the key's id in the DID document: did:web:…#<kid>
    public: Ed25519PublicKey
    private: Ed25519PrivateKey | None = None

    def public_jwk(self) -> dict:
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")}

    def public_pem(self) -> bytes:
        return self.public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[BadgeKey, ...]  # oldest first

    @property
    def signing(self) -> BadgeKey:
        usable = [key for key in self.keys if key.private is not None]
        if not usable:
            raise NoSigningKey("no private badge key is configured")
        return usable[-1]

    def by_kid(self, kid: str) -> BadgeKey | None:
        return next((key for key in self.keys if key.kid == kid), None)


def load_keys(folder: Path) -> KeyRing:
    """Every key in `folder` (none if it does not exist)."""
    keys: dict[str, BadgeKey] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name.endswith(PUBLIC_SUFFIX):
                kid = path.name[: -len(PUBLIC_SUFFIX)]
                public = serialization.load_pem_public_key(path.read_bytes())
                if isinstance(public, Ed25519PublicKey):
                    keys.setdefault(kid, BadgeKey(kid, public))
            elif path.name.endswith(PRIVATE_SUFFIX):
                kid = path.name[: -len(PRIVATE_SUFFIX)]
                private = serialization.load_pem_private_key(path.read_bytes(), password=None)
                if isinstance(private, Ed25519PrivateKey):
                    keys[kid] = BadgeKey(kid, private.public_key(), private)
    return KeyRing(tuple(keys[kid] for kid in sorted(keys, key=_sequence)))


def new_key(folder: Path) -> str:
    """Makes the next signing key in `folder` (mode 600) and returns its key id."""
    ring = load_keys(folder)
    kid = f"key-{max((_sequence(key.kid) for key in ring.keys), default=0) + 1}"
    _write_once(folder, kid + PRIVATE_SUFFIX, _private_pem())
    return kid


def retire_key(folder: Path, kid: str) -> None:
    """Keeps only the public half of `kid`: it verifies what it signed and signs nothing more."""
    ring = load_keys(folder)
    key = ring.by_kid(kid)
    if key is None:
        raise KeyError(kid)
    if key.private is not None:
        _write_once(folder, kid + PUBLIC_SUFFIX, key.public_pem())
        (folder / (kid + PRIVATE_SUFFIX)).unlink()


def keys_made_on_first_use(folder: Path) -> KeyRing:
    """The keys in `folder`, making the first one if it holds none at all (an installation's first
    start); processes starting together all end up with the same first key."""
    ring = load_keys(folder)
    if any(key.private is not None for key in ring.keys):
        return ring
    if not ring.keys:
        _write_once(folder, "key-1" + PRIVATE_SUFFIX, _private_pem())
    return load_keys(folder)


def _sequence(kid: str) -> int:
    number = kid.rpartition("-")[2]
    return int(number) if number.isdigit() else 0


def _private_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                      serialization.NoEncryption())


def _write_once(folder: Path, name: str, content: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, draft = tempfile.mkstemp(prefix=f".{name}.", dir=folder)  # mode 600
    with os.fdopen(descriptor, "wb") as out:
        out.write(content)
    try:
        os.link(draft, folder / name)  # atomic: the first one made wins
    except FileExistsError:
        pass
    finally:
        os.unlink(draft)
