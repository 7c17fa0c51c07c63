"""The signing-key ring: stored in the database, cached in each process, rotated under a lock."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from aims.auth.keys import KeyRing, KeyState, SigningAlgorithm
from aims.auth.repository import keys as key_rows
from aims.kernel.db import Database

RELOAD_EVERY_SECONDS = 60.0
RETRY_AFTER_FAILURE_SECONDS = 5.0
UNKNOWN_KID_RELOAD_GAP_SECONDS = 1.0

log = logging.getLogger(__name__)


class KeyRingCache:
    """This process's copy of the key ring, reloaded every minute or on an unknown kid."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock
        self._ring = KeyRing()
        self._loaded_at = float("-inf")

    def __call__(self) -> KeyRing:
        """The cached ring (what the token codec signs and verifies with)."""
        return self._ring

    async def reload(self) -> KeyRing:
        """Read the ring from the database now."""
        async with self._db.transaction() as session:
            self._ring = await key_rows.load_ring(session)
        self._loaded_at = time.monotonic()
        return self._ring

    def can_sign(self) -> bool:
        """Whether the cached ring has a current key."""
        return any(key.state == KeyState.CURRENT for key in self._ring.keys)

    async def fresh(self) -> KeyRing:
        """The ring, reloaded when older than a minute; the cached one while the database is out."""
        if time.monotonic() - self._loaded_at < RELOAD_EVERY_SECONDS:
            return self._ring
        try:
            return await self.reload()
        except (SQLAlchemyError, OSError) as exc:
            if not self._ring.keys:
                raise
            log.warning("key ring reload failed; using the cached ring", extra={"error": repr(exc)})
            self._loaded_at = time.monotonic() - RELOAD_EVERY_SECONDS + RETRY_AFTER_FAILURE_SECONDS
            return self._ring

    async def reload_for_unknown_kid(self) -> bool:
        """Reload because a token named a key we do not know; False when we just did."""
        if time.monotonic() - self._loaded_at < UNKNOWN_KID_RELOAD_GAP_SECONDS:
            return False
        await self.reload()
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
