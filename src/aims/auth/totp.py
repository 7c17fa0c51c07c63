"""TOTP second factor (RFC 6238) with replay protection, and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from argon2.low_level import Type, hash_secret_raw

from aims.auth.passwords import Argon2Parameters

ISSUER = "AIMS"
STEP_SECONDS = 30
DIGITS = 6
ALLOWED_DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i look-alikes
RECOVERY_CODE_GROUP = 5
RECOVERY_CODE_SALT_BYTES = 16
_RECOVERY_LETTERS = frozenset(RECOVERY_CODE_ALPHABET)


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


@dataclass(frozen=True, slots=True)
class SaltedHashing:
    """How an enrolment's recovery codes are stored: argon2id with this salt and cost."""

    salt: bytes
    cost: Argon2Parameters


def new_recovery_code_hashing(cost: Argon2Parameters) -> SaltedHashing:
    """A fresh random salt for one enrolment's codes, hashed at ``cost``."""
    return SaltedHashing(salt=secrets.token_bytes(RECOVERY_CODE_SALT_BYTES), cost=cost)


def hash_recovery_code(code: str, hashing: SaltedHashing | None) -> str:
    """The stored form (hex) of a code's canonical form: the raw argon2id output with the
    enrolment's salt, or SHA-256 for an enrolment from before salting (``hashing`` None).

    CPU-heavy (tens of milliseconds): run it in the hashing pool, never on the event loop.
    """
    canonical = _canonical_recovery_code(code).encode()
    if hashing is None:
        return hashlib.sha256(canonical).hexdigest()
    return hash_secret_raw(
        canonical,
        hashing.salt,
        time_cost=hashing.cost.time_cost,
        memory_cost=hashing.cost.memory_cost_kib,
        parallelism=hashing.cost.parallelism,
        hash_len=hashing.cost.hash_len,
        type=Type.ID,
    ).hex()


def hash_recovery_codes(codes: Sequence[str], hashing: SaltedHashing) -> list[str]:
    """The stored forms of a new enrolment's codes (see `hash_recovery_code`)."""
    return [hash_recovery_code(code, hashing) for code in codes]


def could_be_recovery_code(code: str) -> bool:
    """Whether ``code`` has the shape of a recovery code, so hashing it could find a match."""
    canonical = _canonical_recovery_code(code)
    return len(canonical) == 2 * RECOVERY_CODE_GROUP and set(canonical) <= _RECOVERY_LETTERS


def match_recovery_code(presented_hash: str, stored_hashes: Sequence[str | None]) -> int | None:
    """Index of the unused stored code equal to ``presented_hash``, or None.

    Every slot is compared in constant time. Used codes are stored as None; the
    caller marks the returned index used.
    """
    matched = None
    for index, stored in enumerate(stored_hashes):
        if stored is not None and hmac.compare_digest(stored, presented_hash):
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
