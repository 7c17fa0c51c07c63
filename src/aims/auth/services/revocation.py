"""Immediate revocation of sessions: a list in the key-value store, the database behind it.

The database (`sessions.revoked_at`) is the truth; the store holds revoked
session ids for one access-token lifetime so a request costs one key lookup.
When the store is unavailable the database answers (never "allow" on an
outage); after an outage, or when the store lost its data (a marker key is
checked every 30 s), the list is refilled from the database. A store that
other processes do not share (no Redis) cannot see their revocations, so then
every check asks the database.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from aims.auth.repository import sessions as session_rows
from aims.kernel.db import Database
from aims.kernel.kv import KeyValueStore, StoreUnavailable

log = logging.getLogger(__name__)

MARKER_KEY = "auth:revoked:filled"
MARKER_CHECK_SECONDS = 30.0


def _key(session_id: UUID) -> str:
    return f"auth:revoked:{session_id.hex}"


class RevocationList:
    """Answers "is this session revoked?" for access tokens still within their lifetime."""

    def __init__(self, store: KeyValueStore, db: Database, ttl: timedelta) -> None:
        self._store = store
        self._db = db
        self._ttl = ttl
        self._needs_refill = False  # set by an outage; a missing marker (lost data) also refills
        self._marker_checked_at = float("-inf")

    async def is_revoked(self, session_id: UUID, now: datetime) -> bool:
        """Whether requests of this session must be refused."""
        if not self._store.shared:
            return await self._revoked_in_database(session_id)
        try:
            await self._refill_if_needed(now)
            return await self._store.get(_key(session_id)) is not None
        except StoreUnavailable:
            self._needs_refill = True
            return await self._revoked_in_database(session_id)

    async def add(self, session_ids: Iterable[UUID]) -> None:
        """Publish sessions the database has just marked revoked (call after commit)."""
        try:
            for session_id in session_ids:
                await self._store.set(_key(session_id), b"1", self._ttl.total_seconds())
        except StoreUnavailable:
            self._needs_refill = True

    async def _revoked_in_database(self, session_id: UUID) -> bool:
        async with self._db.autocommit() as session:
            return await session_rows.is_session_revoked(session, session_id)

    async def _refill_if_needed(self, now: datetime) -> None:
        if (
            not self._needs_refill
            and time.monotonic() - self._marker_checked_at < MARKER_CHECK_SECONDS
        ):
            return
        self._marker_checked_at = time.monotonic()
        if not self._needs_refill and await self._store.get(MARKER_KEY) is not None:
            return
        async with self._db.autocommit() as session:
            revoked = await session_rows.recently_revoked_sessions(session, now - self._ttl)
        for session_id in revoked:
            await self._store.set(_key(session_id), b"1", self._ttl.total_seconds())
        await self._store.set(MARKER_KEY, b"1")
        self._needs_refill = False
        log.info("revocation list refilled from the database", extra={"sessions": len(revoked)})
