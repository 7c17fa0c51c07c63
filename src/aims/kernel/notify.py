"""PostgreSQL LISTEN/NOTIFY for the whole process: one connection, channels for every context.

A context subscribes a `Feed` to a channel. While the connection is up, the feed is *live*:
it was told `on_live` (after LISTEN, so nothing published in between is missed) and gets
every payload. When the connection drops, every feed hears `on_lost` at once and is live again
only after a reconnect and a fresh `on_live`. A feed that is not live must not trust what it
learnt; it asks the database instead. NOTIFY is transactional, so a payload arrives only once
the transaction that sent it has committed, from any process (the app, a worker, the CLI).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from aims.kernel.db import libpq_url

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0
"""Wait before reconnecting after the connection dropped (or could not be made)."""

HEALTH_CHECK_SECONDS = 5.0
"""A quiet connection is asked `SELECT 1` this often, so a dead one is noticed."""


@dataclass(frozen=True)
class Feed:
    """What one subscriber does with a channel."""

    channel: str
    on_payload: Callable[[str], None]
    on_live: Callable[[], Awaitable[None]]
    on_lost: Callable[[], None]


class Listener:
    """The process's LISTEN connection, reconnecting forever while the app runs."""

    def __init__(self, database_url: str) -> None:
        self._url = libpq_url(database_url)
        self._feeds: list[Feed] = []
        self.live = False
        self.application_name = f"aims-listener-{uuid.uuid4().hex[:12]}"
        """How its connection is named in `pg_stat_activity`."""

    def subscribe(self, feed: Feed) -> None:
        """Deliver the channel's notifications to `feed` (call before `run`)."""
        self._feeds.append(feed)

    async def run(self) -> None:
        """Listen until cancelled."""
        if not self._feeds:
            return
        while True:
            try:
                await self._listen_once()
            except (psycopg.Error, OSError) as exc:
                if self.live:
                    log.warning("notification feed lost", extra={"error": type(exc).__name__})
            finally:
                self._lose()
            await asyncio.sleep(RECONNECT_SECONDS)

    async def _listen_once(self) -> None:
        async with await psycopg.AsyncConnection.connect(
            self._url, autocommit=True, connect_timeout=5, application_name=self.application_name
        ) as connection:
            for channel in {feed.channel for feed in self._feeds}:
                await connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
            for feed in self._feeds:
                await feed.on_live()
            self.live = True
            log.info("notification feed live", extra={"channels": len(self._feeds)})
            while True:
                async for notice in connection.notifies(timeout=HEALTH_CHECK_SECONDS):
                    self._deliver(notice.channel, notice.payload)
                await connection.execute("SELECT 1")

    def _deliver(self, channel: str, payload: str) -> None:
        for feed in self._feeds:
            if feed.channel == channel:
                feed.on_payload(payload)

    def _lose(self) -> None:
        self.live = False
        for feed in self._feeds:
            feed.on_lost()
