"""Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies").

A browser that signed in to an account gets a cookie sealed for it (the account
and a random nonce). Sign-ins that present it are "trusted": their failures
count against that cookie alone, so strangers who lock the account out do not
lock its owner out. A cookie that reaches the failure limit is invalidated and
its client is a stranger again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import msgspec

from aims.auth.lockout import AccountThrottle, is_invalidated_device
from aims.auth.public import DEVICE_COOKIE_SECONDS
from aims.auth.services.base import AuthDeps
from aims.kernel.sealing import SealedBox

DEVICE_LIFETIME = timedelta(seconds=DEVICE_COOKIE_SECONDS)


class DeviceCookie(msgspec.Struct, frozen=True):
    """What a device cookie carries, sealed: the account and the cookie's own id."""

    user: str
    nonce: str


def _box(deps: AuthDeps) -> SealedBox:
    return deps.sealer.box("device", max_age_seconds=DEVICE_COOKIE_SECONDS)


def issue(deps: AuthDeps, user_id: UUID) -> str:
    """A new device cookie value for a client that just signed in to `user_id`."""
    return _box(deps).seal_struct(DeviceCookie(user=user_id.hex, nonce=secrets.token_urlsafe(16)))


@dataclass(frozen=True)
class KnownDevice:
    """A client's valid device cookie for the account: its nonce and its failures so far."""

    nonce: str
    state: AccountThrottle


async def recognised(deps: AuthDeps, cookie: str | None, user_id: UUID) -> KnownDevice | None:
    """The client's valid, not invalidated device cookie of this account, else None."""
    opened = _box(deps).open_struct(cookie, DeviceCookie)
    if opened is None or opened.user != user_id.hex:
        return None
    state = await deps.throttle.device_state(opened.nonce)
    return None if is_invalidated_device(state) else KnownDevice(opened.nonce, state)
