"""The signing-key ring: stored in the database, cached in each process, rotated under a lock."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from time import monotonic

from sqlalchemy.exc import SQLAlchemyError

from aims.auth.keys import KeyRing, KeyState, SigningAlgorithm
from aims.auth.repository import keys as key_rows
from aims.kernel.db import Database

RELOAD_EVERY_SECONDS = 60.0
RETRY_AFTER_FAILURE_SECONDS = 5.0
UNKNOWN_KID_RELOAD_GAP_SECONDS = 5.0

log = logging.getLogger(__name__)


class KeyRingCache:
    """This process's copy of the key ring, reloaded every minute or on an unknown kid."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock
        self._ring = KeyRing()
        self._loaded_at = float("-inf")
        self._unknown_kid_reload_at = float("-inf")
        self._reloading = asyncio.Lock()  # one reload at a time; waiters use its result

    def __call__(self) -> KeyRing:
        """The cached ring (what the token codec signs and verifies with)."""
        return self._ring

    async def reload(self) -> KeyRing:
        """Read the ring from the database now."""
        async with self._db.transaction() as session:
            self._ring = await key_rows.load_ring(session)
        self._loaded_at = monotonic()
        return self._ring

    def can_sign(self) -> bool:
        """Whether the cached ring has a current key."""
        return any(key.state == KeyState.CURRENT for key in self._ring.keys)

    async def fresh(self) -> KeyRing:
        """The ring, reloaded when older than a minute; the cached one while the database is out."""
        if monotonic() - self._loaded_at < RELOAD_EVERY_SECONDS:
            return self._ring
        async with self._reloading:
            if monotonic() - self._loaded_at < RELOAD_EVERY_SECONDS:
                return self._ring  # another request reloaded it meanwhile
            return await self._reload_or_cached()

    async def _reload_or_cached(self) -> KeyRing:
        try:
            return await self.reload()
        except (SQLAlchemyError, OSError) as exc:
            if not self._ring.keys:
                raise
            log.warning("key ring reload failed; using the cached ring", extra={"error": repr(exc)})
            self._loaded_at = monotonic() - RELOAD_EVERY_SECONDS + RETRY_AFTER_FAILURE_SECONDS
            return self._ring

    async def reload_for_unknown_kid(self) -> bool:
        """Reload because a token named a key we do not know; True when the ring may now have it.

        At most one such reload runs at a time and at most one per gap, however many
        tokens with unknown kids arrive: callers that waited on a reload retry with
        its result, the rest are answered from the cached ring.
        """
        asked_at = monotonic()
        async with self._reloading:
            if self._loaded_at >= asked_at:
                return True  # reloaded while this caller waited
            now = monotonic()
            if now - max(self._loaded_at, self._unknown_kid_reload_at) < (
                UNKNOWN_KID_RELOAD_GAP_SECONDS
            ):
                return False
            self._unknown_kid_reload_at = now
            try:
                await self.reload()
            except (SQLAlchemyError, OSError) as exc:
                log.warning("key ring reload failed", extra={"error": type(exc).__name__})
                return False
            return True

    async def rotate(
        self,
        algorithm: SigningAlgorithm,
        keep_retired_for: timedelta,
        *,
        max_age: timedelta | None = None,
    ) -> KeyRing:
        """Rotate now (or only when the current key is older than `max_age`); drop expired keys.

        With no key at all (first start) a current and a next key are created.
        """
        now = self._clock()
        async with self._db.transaction() as session:
            await key_rows.lock_keys(session)
            stored = await key_rows.load_ring(session)
            ring = stored.without_expired(now, keep_retired_for)
            if max_age is None or ring.needs_rotation(now, max_age):
                ring = ring.rotate(now, algorithm)
            if ring != stored:
                await key_rows.save_ring(session, ring)
        return await self.reload()
