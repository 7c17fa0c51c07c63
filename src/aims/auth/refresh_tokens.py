"""Opaque refresh tokens: generation, hashing and the rotation decision."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import msgspec

DEFAULT_GRACE = timedelta(seconds=10)
DEFAULT_IDLE_LIFETIME = timedelta(days=7)
DEFAULT_ABSOLUTE_LIFETIME = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class NewRefreshToken:
    """A freshly generated token: the value for the client, the hash for storage."""

    value: str = field(repr=False)
    token_hash: str


def new_refresh_token() -> NewRefreshToken:
    """A 256-bit random token and its storage hash."""
    value = secrets.token_urlsafe(32)
    return NewRefreshToken(value=value, token_hash=hash_refresh_token(value))


def successor_refresh_token(family_secret: bytes, value: str) -> NewRefreshToken:
    """The token that replaces ``value`` in its family.

    Derived with the family's secret (kept server-side), so a retry inside the
    grace window can be answered with the very same successor although only
    hashes are stored; without the secret it cannot be predicted.
    """
    digest = hmac.new(family_secret, value.encode(), hashlib.sha256).digest()
    successor = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return NewRefreshToken(value=successor, token_hash=hash_refresh_token(successor))


def hash_refresh_token(value: str) -> str:
    """SHA-256 (hex) of a token, the only form in which it is stored or looked up."""
    return hashlib.sha256(value.encode()).hexdigest()


class Consumption(msgspec.Struct, frozen=True, kw_only=True):
    """When a token was used and which token replaced it."""

    at: datetime
    successor_id: str


class StoredRefreshToken(msgspec.Struct, frozen=True, kw_only=True):
    """What the store knows about one refresh token of a family (one family per session)."""

    family_id: str
    issued_at: datetime
    family_started_at: datetime
    consumed: Consumption | None = None
    family_revoked_at: datetime | None = None


class RefreshLifetimes(msgspec.Struct, frozen=True, kw_only=True):
    """How long refresh tokens live and how long a consumed one may still be replayed."""

    idle: timedelta = DEFAULT_IDLE_LIFETIME
    absolute: timedelta = DEFAULT_ABSOLUTE_LIFETIME
    grace: timedelta = DEFAULT_GRACE


class Rotate(msgspec.Struct, frozen=True):
    """Fresh token: consume it and issue a successor in the same family."""


class Grace(msgspec.Struct, frozen=True):
    """Consumed moments ago (e.g. a second tab): answer with the same successor again."""

    successor_id: str


class ReuseDetected(msgspec.Struct, frozen=True):
    """A consumed token came back after the grace window: revoke the family and audit."""

    family_id: str


class Expired(msgspec.Struct, frozen=True):
    """Idle or absolute lifetime is over: refuse, the user signs in again."""


class FamilyRevoked(msgspec.Struct, frozen=True):
    """The session was ended (logout, password change, ...): refuse."""


RefreshDecision = Rotate | Grace | ReuseDetected | Expired | FamilyRevoked


def decide_refresh(
    token: StoredRefreshToken, now: datetime, lifetimes: RefreshLifetimes | None = None
) -> RefreshDecision:
    """What to do with a presented refresh token found in the store."""
    limits = lifetimes or RefreshLifetimes()
    if token.family_revoked_at is not None:
        return FamilyRevoked()
    if now >= token.family_started_at + limits.absolute:
        return Expired()
    if token.consumed is not None:
        if now < token.consumed.at + limits.grace:
            return Grace(token.consumed.successor_id)
        return ReuseDetected(token.family_id)
    if now >= token.issued_at + limits.idle:
        return Expired()
    return Rotate()
