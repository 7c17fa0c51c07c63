"""TOTP second factor (RFC 6238) with replay protection, and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime

import pyotp
import segno

ISSUER = "AIMS"
STEP_SECONDS = 30
DIGITS = 6
ALLOWED_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i look-alikes
RECOVERY_CODE_GROUP = 5


def new_totp_secret() -> str:
    """A random 160-bit base32 secret; store it so it can be read back (encrypted at rest)."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, account_name: str, issuer: str = ISSUER) -> str:
    """The ``otpauth://`` URI an authenticator app scans."""
    return _totp(secret).provisioning_uri(name=account_name, issuer_name=issuer)


def qr_code_svg(uri: str, scale: int = 4) -> str:
    """The URI as an inline ``<svg>`` QR code for the enrolment page."""
    return segno.make(uri, error="m", micro=False).svg_inline(scale=scale)


def time_step(now: datetime) -> int:
    """The RFC 6238 time step containing the aware datetime ``now``."""
    return int(now.timestamp()) // STEP_SECONDS


def verify_totp(secret: str, code: str, now: datetime, last_used_step: int | None) -> int | None:
    """The step a code matches (±1 step), or None; steps up to ``last_used_step`` are refused.

    Store the returned step as the new ``last_used_step`` so the same code cannot be
    replayed, nor an older one still inside the drift window.
    """
    candidate = "".join(code.split())
    if len(candidate) != DIGITS or not candidate.isascii() or not candidate.isdigit():
        return None
    totp = _totp(secret)
    current = time_step(now)
    for step in range(current - ALLOWED_DRIFT_STEPS, current + ALLOWED_DRIFT_STEPS + 1):
        if last_used_step is not None and step <= last_used_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), candidate):
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """Fresh single-use codes like ``k7m2p-x9qrt``, to show the user once."""
    return [_new_recovery_code() for _ in range(count)]


def hash_recovery_code(code: str) -> str:
    """SHA-256 (hex) of a code's canonical form; codes are random, so no salt is needed."""
    return hashlib.sha256(_canonical_recovery_code(code).encode()).hexdigest()


def match_recovery_code(code: str, stored_hashes: Sequence[str | None]) -> int | None:
    """Index of the unused stored code that ``code`` matches, or None.

    Used codes are stored as None; the caller marks the returned index used.
    """
    presented = hash_recovery_code(code)
    matched = None
    for index, stored in enumerate(stored_hashes):
        if stored is not None and hmac.compare_digest(stored, presented):
            matched = index
    return matched


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)


def _new_recovery_code() -> str:
    letters = "".join(
        secrets.choice(RECOVERY_CODE_ALPHABET) for _ in range(2 * RECOVERY_CODE_GROUP)
    )
    return f"{letters[:RECOVERY_CODE_GROUP]}-{letters[RECOVERY_CODE_GROUP:]}"


def _canonical_recovery_code(code: str) -> str:
    return "".join(char for char in code.lower() if char.isalnum())
