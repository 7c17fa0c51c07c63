"""Sealing: values a server hands out or stores and must read back, encrypted and authenticated.

One AES-256-GCM scheme for every purpose. Each purpose gets its own key, derived
from the application secret with HKDF-SHA-256, and is also bound as associated
data, so a value sealed for one purpose never opens for another. A box may have
a maximum age: the seal time travels inside the ciphertext. Sealed values are
text: `v2.` followed by URL-safe base64 of nonce, ciphertext and tag.

`v1.` values (AES-256-GCM, key = SHA-256 of `aims:<purpose>:<secret>`, no
time) were written by earlier versions for TOTP seeds and still open.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
import time
from collections.abc import Callable
from functools import cache
from typing import TypeVar

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

CURRENT_PREFIX = "v2."
LEGACY_PREFIX = "v1."
NONCE_BYTES = 12
MAX_SEALED_LENGTH = 8192  # nothing we seal comes near; longer input is refused unread
_TIME = struct.Struct(">Q")

T = TypeVar("T", bound=msgspec.Struct)


class SealError(ValueError):
    """The value is not one this box sealed, was altered, or is too old."""


class SealedBox:
    """Seals and opens values for one purpose (see the module docstring)."""

    def __init__(
        self,
        secret: str,
        purpose: str,
        max_age_seconds: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._aead = AESGCM(_derived_key(secret, purpose))
        self._legacy = AESGCM(hashlib.sha256(f"aims:{purpose}:{secret}".encode()).digest())
        self._purpose = purpose.encode()
        self._max_age = max_age_seconds
        self._clock = clock

    def seal(self, plaintext: bytes) -> str:
        """The sealed text of `plaintext`, stamped with the current time."""
        nonce = os.urandom(NONCE_BYTES)
        stamped = _TIME.pack(int(self._clock())) + plaintext
        return CURRENT_PREFIX + _b64(nonce + self._aead.encrypt(nonce, stamped, self._purpose))

    def open(self, sealed: str) -> bytes:
        """The plaintext; `SealError` when forged, altered, of another purpose or too old."""
        if len(sealed) > MAX_SEALED_LENGTH:
            raise SealError("too long to be a sealed value")
        if sealed.startswith(LEGACY_PREFIX):
            return self._decrypt(self._legacy, sealed.removeprefix(LEGACY_PREFIX))
        if not sealed.startswith(CURRENT_PREFIX):
            raise SealError("not a sealed value")
        stamped = self._decrypt(self._aead, sealed.removeprefix(CURRENT_PREFIX))
        if len(stamped) < _TIME.size:
            raise SealError("not a sealed value")
        (sealed_at,) = _TIME.unpack_from(stamped)
        if self._max_age is not None and not 0 <= self._clock() - sealed_at <= self._max_age:
            raise SealError("sealed too long ago")
        return stamped[_TIME.size :]

    def seal_text(self, plaintext: str) -> str:
        """`seal` for text."""
        return self.seal(plaintext.encode())

    def open_text(self, sealed: str) -> str:
        """`open` for text."""
        try:
            return self.open(sealed).decode()
        except UnicodeDecodeError:
            raise SealError("not a sealed value") from None

    def seal_struct(self, value: msgspec.Struct) -> str:
        """`seal` for a msgspec struct (JSON inside)."""
        return self.seal(msgspec.json.encode(value))

    def open_struct(self, sealed: str | None, kind: type[T]) -> T | None:
        """The sealed struct, or None when missing, forged, too old or of another shape."""
        if not sealed:
            return None
        try:
            return msgspec.json.decode(self.open(sealed), type=kind)
        except (SealError, msgspec.DecodeError):
            return None

    def _decrypt(self, aead: AESGCM, encoded: str) -> bytes:
        try:
            raw = base64.urlsafe_b64decode(encoded.encode("ascii"))
            return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], self._purpose)
        except (InvalidTag, ValueError, binascii.Error, UnicodeEncodeError):
            raise SealError("sealed with another key or altered") from None


class Sealer:
    """Purpose-bound boxes under one application secret."""

    def __init__(self, secret: str) -> None:
        self._secret = secret
        self._boxes: dict[tuple[str, float | None], SealedBox] = {}

    def box(self, purpose: str, max_age_seconds: float | None = None) -> SealedBox:
        """The box of `purpose` (values older than `max_age_seconds` do not open), made once:
        its ciphers are kept, as every request with a sealed cookie uses them."""
        key = (purpose, max_age_seconds)
        if key not in self._boxes:
            self._boxes[key] = SealedBox(self._secret, purpose, max_age_seconds)
        return self._boxes[key]


@cache
def _derived_key(secret: str, purpose: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"aims:{purpose}".encode())
    return hkdf.derive(secret.encode())


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()
