"""Key bytes: base64 form, fingerprints, and the private key files (0600 where the OS allows).

A fingerprint is what people compare over the phone: SHA-256 of the raw 32-byte key, its
first 16 bytes as 8 groups of 4 upper-case hex digits («3F2A 91C0 …»).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from nacl.signing import VerifyKey

from app.core.files import write_atomically

KEY_BYTES = 32


def encode_key(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def decode_key(text: object) -> bytes | None:
    """The raw 32 bytes of a base64 key, or None if `text` is not one."""
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def fingerprint(public_key_b64: str | None) -> str:
    """«3F2A 91C0 5B7E …»: 8 groups of 4 hex digits of SHA-256 of the raw key; "" for no key."""
    raw = decode_key(public_key_b64)
    if raw is None:
        return ""
    digest = hashlib.sha256(raw).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def receiving_key_of(signing_key_b64: str) -> str:
    """A school's X25519 receiving key, derived from its Ed25519 signing key."""
    return encode_key(bytes(VerifyKey(decode_key(signing_key_b64)).to_curve25519_public_key()))


def write_private(path: Path, raw: bytes) -> None:
    """Atomically, readable by the owner only where the OS allows (0600)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, encode_key(raw) + "\n", private=True)


def read_private(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return decode_key(text)
