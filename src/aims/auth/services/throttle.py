"""Sliding-window limits kept in the key-value store.

Each key holds the recent attempt times as JSON. When Redis is unavailable
the windows continue in this process's memory (limits then count per process
until Redis returns): a brute-force limit never switches itself off.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import msgspec

from aims.auth.lockout import (
    PER_IP,
    PER_IP_AND_ACCOUNT,
    AccountThrottle,
    Allowed,
    ThrottleDecision,
    WindowLimit,
    check_window,
    strictest,
)
from aims.kernel.kv import KeyValueStore, MemoryStore, StoreUnavailable

REGISTER_PER_IP = WindowLimit(max_failures=10, window=timedelta(hours=1))
FORGOT_PER_IP = WindowLimit(max_failures=10, window=timedelta(minutes=15))
FORGOT_PER_ACCOUNT = WindowLimit(max_failures=3, window=timedelta(minutes=15))
RESEND_PER_ACCOUNT = WindowLimit(max_failures=3, window=timedelta(minutes=15))
ACCOUNT_STATE_TTL = timedelta(hours=12)

Window = tuple[str, WindowLimit]


def digest(value: str) -> str:
    """A short stable key part for an e-mail or IP, so keys carry no personal data."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def login_windows(ip: str | None, email: str) -> list[Window]:
    """The per-IP and per-(IP, account) failure windows of a sign-in."""
    address = digest(ip or "unknown")
    return [
        (f"auth:fail:ip:{address}", PER_IP),
        (f"auth:fail:ipacct:{address}:{digest(email)}", PER_IP_AND_ACCOUNT),
    ]


class Throttle:
    """Counts attempts per key within sliding windows."""

    def __init__(self, store: KeyValueStore) -> None:
        self._store = store
        self._local = MemoryStore()

    async def check(self, windows: list[Window], now: datetime) -> ThrottleDecision:
        """Whether one more attempt fits in every window."""
        decisions: list[ThrottleDecision] = [Allowed()]
        for (_, limit), times in zip(windows, await self._times(windows), strict=True):
            decisions.append(check_window(times, now, limit))
        return strictest(decisions)

    async def hit(self, windows: list[Window], now: datetime) -> None:
        """Count one attempt in each window."""
        for (key, limit), times in zip(windows, await self._times(windows), strict=True):
            recent = [t for t in times if now - limit.window < t]
            payload = msgspec.json.encode([t.timestamp() for t in (*recent, now)])
            await self._put(key, payload, limit.window.total_seconds())

    async def take(self, windows: list[Window], now: datetime) -> ThrottleDecision:
        """Check, and count the attempt when it is allowed (rate limits)."""
        decision = await self.check(windows, now)
        if isinstance(decision, Allowed):
            await self.hit(windows, now)
        return decision

    async def account_state(self, email: str) -> AccountThrottle:
        """Lock state of an address with no account (it locks like a real one)."""
        return await self._state(f"auth:acct:{digest(email)}")

    async def save_account_state(self, email: str, state: AccountThrottle) -> None:
        """Keep the lock state of an address with no account."""
        await self._save_state(f"auth:acct:{digest(email)}", state, ACCOUNT_STATE_TTL)

    async def device_state(self, nonce: str) -> AccountThrottle:
        """Failures of one device cookie (its own count, apart from the account's)."""
        return await self._state(f"auth:device:{digest(nonce)}")

    async def save_device_state(self, nonce: str, state: AccountThrottle, ttl: timedelta) -> None:
        """Keep a device cookie's failures for as long as the cookie could be presented."""
        await self._save_state(f"auth:device:{digest(nonce)}", state, ttl)

    async def _state(self, key: str) -> AccountThrottle:
        [raw] = await self._get(key)
        return AccountThrottle() if raw is None else msgspec.json.decode(raw, type=AccountThrottle)

    async def _save_state(self, key: str, state: AccountThrottle, ttl: timedelta) -> None:
        await self._put(key, msgspec.json.encode(state), ttl.total_seconds())

    async def _times(self, windows: list[Window]) -> list[list[datetime]]:
        """The recorded attempt times of each window, read in one round trip."""
        return [_stamps(raw) for raw in await self._get(*(key for key, _ in windows))]

    async def _get(self, *keys: str) -> list[bytes | None]:
        try:
            return await self._store.get_many(*keys)
        except StoreUnavailable:
            return await self._local.get_many(*keys)

    async def _put(self, key: str, value: bytes, ttl_seconds: float) -> None:
        try:
            await self._store.set(key, value, ttl_seconds)
        except StoreUnavailable:
            await self._local.set(key, value, ttl_seconds)


def _stamps(raw: bytes | None) -> list[datetime]:
    stamps: list[float] = [] if raw is None else msgspec.json.decode(raw, type=list[float])
    return [datetime.fromtimestamp(stamp, UTC) for stamp in stamps]
