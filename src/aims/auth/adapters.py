"""Outside-world helpers of auth: sealing secrets that must be read back (TOTP seeds)."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SEALED_PREFIX = "v1."


class SecretBox:
    """AES-256-GCM with a key derived from the application secret, bound to one purpose."""

    def __init__(self, application_secret: str, purpose: str) -> None:
        key = hashlib.sha256(f"aims:{purpose}:{application_secret}".encode()).digest()
        self._aead = AESGCM(key)
        self._purpose = purpose.encode()

    def seal(self, plaintext: str) -> str:
        """The encrypted form to store."""
        nonce = os.urandom(12)
        sealed = nonce + self._aead.encrypt(nonce, plaintext.encode(), self._purpose)
        return SEALED_PREFIX + base64.urlsafe_b64encode(sealed).decode()

    def open(self, stored: str) -> str:
        """The plaintext of a sealed value; raises ValueError when it was not sealed by this key."""
        if not stored.startswith(SEALED_PREFIX):
            raise ValueError("not a sealed value")
        raw = base64.urlsafe_b64decode(stored.removeprefix(SEALED_PREFIX))
        try:
            return self._aead.decrypt(raw[:12], raw[12:], self._purpose).decode()
        except InvalidTag:
            raise ValueError("sealed with another key") from None
