"""Small state a page hands to its next step, sealed (encrypted, authenticated, short-lived)."""

from __future__ import annotations

import base64
import hashlib
from typing import TypeVar

import msgspec
from cryptography.fernet import Fernet, InvalidToken

PENDING_COOKIE = "aims_signin"
PENDING_SECONDS = 600

T = TypeVar("T", bound=msgspec.Struct)


class PendingSignIn(msgspec.Struct, frozen=True, kw_only=True):
    """Credentials already proven right, waiting for a TOTP or recovery code."""

    email: str
    password: str
    next: str


class Sealer:
    """Seals msgspec structs with Fernet, under a key derived from the application secret."""

    def __init__(self, secret: str) -> None:
        key = hashlib.sha256(b"aims.web.sealed\x00" + secret.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, value: msgspec.Struct) -> str:
        """An opaque string carrying `value`."""
        return self._fernet.encrypt(msgspec.json.encode(value)).decode()

    def open(self, sealed: str | None, kind: type[T]) -> T | None:
        """The sealed value, or None when missing, forged or older than ten minutes."""
        if not sealed:
            return None
        try:
            plain = self._fernet.decrypt(sealed.encode(), ttl=PENDING_SECONDS)
            return msgspec.json.decode(plain, type=kind)
        except (InvalidToken, msgspec.ValidationError):
            return None
