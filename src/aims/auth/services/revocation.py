"""Immediate revocation of sessions: a set in this process's memory, fed by the database.

The database (`sessions.revoked_at`) is the truth. A trigger on `auth.sessions` sends
`NOTIFY auth_session_revoked, '<session id>'` in the transaction that revokes (or deletes) a
session, whichever process or tool ran it, so every process learns of it when it commits.
While the notification feed is live, "is this session revoked?" is a set lookup; the set is
loaded in full whenever the feed (re)connects, after LISTEN, so nothing falls in between.
While the feed is down, every check asks the database (never "allow" on an outage). The
process that revokes adds the ids itself right after its commit, so its own next request is
refused even before the notification arrives.

When the database cannot answer either (it is down or this process is cut off from it), the
answer is what this process heard until then plus what every revoking process also wrote to
the shared store (Redis, `auth:revoked:<sid>`, one access-token lifetime), so tokens keep
working through a database outage — a revocation needs a database write, so none is
missed — and a process cut off alone still learns of the others' revocations. Without a
shared store, a database outage then answers 503.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from aims.auth.repository import sessions as session_rows
from aims.kernel.db import Database, is_unreachable_error
from aims.kernel.kv import KeyValueStore, StoreUnavailable
from aims.kernel.messages import utcnow
from aims.kernel.notify import Feed

log = logging.getLogger(__name__)

CHANNEL = "auth_session_revoked"
"""The channel the `auth.sessions` trigger notifies (see the auth migrations)."""

PRUNE_EVERY = 1024
"""Forget ids older than a token's lifetime after this many additions."""

CLOCK_MARGIN = timedelta(minutes=5)
"""Loaded revocations reach this much further back, for clocks that differ between hosts."""


def _key(session_id: UUID) -> str:
    return f"auth:revoked:{session_id.hex}"


class RevocationList:
    """Answers "is this session revoked?" for access tokens still within their lifetime."""

    def __init__(self, db: Database, store: KeyValueStore, ttl: timedelta) -> None:
        self._db = db
        self._store = store
        self._ttl = ttl
        self._revoked: dict[UUID, float] = {}
        self._live = False
        self._added = 0

    @property
    def feed(self) -> Feed:
        """The subscription that keeps this list current (see `kernel.notify`)."""
        return Feed(CHANNEL, self._on_payload, self._reload, self._on_lost)

    async def is_revoked(self, session_id: UUID, now: datetime) -> bool:
        """Whether requests of this session must be refused."""
        if session_id in self._revoked:
            return True
        if self._live:
            return False
        try:
            async with self._db.autocommit() as session:
                return await session_rows.is_session_revoked(session, session_id)
        except Exception as exc:
            if not (is_unreachable_error(exc) and self._store.shared):
                raise
            return await self._revoked_in_store(session_id, exc)

    async def add(self, session_ids: Iterable[UUID]) -> None:
        """Sessions this process has just revoked (call after commit)."""
        for session_id in session_ids:
            self._remember(session_id)
            try:
                await self._store.set(_key(session_id), b"1", self._ttl.total_seconds())
            except StoreUnavailable:
                log.warning("a revocation was not written to the shared store")

    async def _revoked_in_store(self, session_id: UUID, database_error: Exception) -> bool:
        try:
            return await self._store.get(_key(session_id)) is not None
        except StoreUnavailable:
            raise database_error from None

    def _on_payload(self, payload: str) -> None:
        try:
            self._remember(UUID(payload))
        except ValueError:
            log.warning("ignored a malformed revocation notice")

    def _on_lost(self) -> None:
        self._live = False

    async def _reload(self) -> None:
        since = utcnow() - self._ttl - CLOCK_MARGIN
        async with self._db.autocommit() as session:
            revoked = await session_rows.recently_revoked_sessions(session, since)
        self._revoked.update(dict.fromkeys(revoked, time.monotonic()))
        self._live = True
        log.info("revocation list loaded from the database", extra={"sessions": len(revoked)})

    def _remember(self, session_id: UUID) -> None:
        self._revoked[session_id] = time.monotonic()
        self._added += 1
        if self._added % PRUNE_EVERY == 0:
            oldest = time.monotonic() - self._ttl.total_seconds()
            self._revoked = {sid: at for sid, at in self._revoked.items() if at >= oldest}
