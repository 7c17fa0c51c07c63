"""In-process integration events: a transactional outbox per context schema,
a relay that delivers them at least once, and an inbox per subscriber so each
handler runs once per event even when delivery repeats."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import msgspec
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
    select,
    update,
)
from sqlalchemy import event as sa_event
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.kernel.db import Database
from aims.kernel.messages import IntegrationEvent, utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
BATCH_SIZE = 100

Handler = Callable[[Any, AsyncSession], Awaitable[None]]


def outbox_table(metadata: MetaData) -> Table:
    """The outbox of the context whose schema `metadata` holds."""
    return Table(
        "outbox",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("payload", JSONB, nullable=False),
        Column("occurred_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text),
        Index(None, "occurred_at", postgresql_where="published_at IS NULL"),
    )


def inbox_table(metadata: MetaData) -> Table:
    """The inbox of processed (event, handler) pairs of one context."""
    return Table(
        "inbox",
        metadata,
        Column("event_id", Uuid, nullable=False),
        Column("handler", String(200), nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        PrimaryKeyConstraint("event_id", "handler"),
    )


@dataclass(frozen=True)
class Subscription:
    """One handler of one event type, recording what it processed in `inbox`."""

    event_type: type[IntegrationEvent]
    name: str
    inbox: Table
    handler: Handler


@dataclass
class EventBus:
    """Routes events from the outboxes to subscribers, in this process."""

    outboxes: list[Table] = field(default_factory=list)
    subscriptions: dict[str, list[Subscription]] = field(default_factory=dict)
    _wake: asyncio.Event = field(default_factory=asyncio.Event)

    def add_outbox(self, table: Table) -> None:
        """Relay the events written to `table`."""
        self.outboxes.append(table)

    def subscribe(self, subscription: Subscription) -> None:
        """Deliver every event of the subscription's type to its handler."""
        key = subscription.event_type.event_type()
        self.subscriptions.setdefault(key, []).append(subscription)

    async def publish(self, session: AsyncSession, outbox: Table, event: IntegrationEvent) -> None:
        """Write `event` in the caller's transaction; it is relayed after commit."""
        await session.execute(
            outbox.insert().values(
                id=event.event_id,
                event_type=event.event_type(),
                payload=msgspec.to_builtins(event),
                occurred_at=event.occurred_at,
            )
        )
        _notify_after_commit(session, self._wake)

    async def relay_once(self, db: Database) -> int:
        """Deliver pending events of every outbox; returns how many were published."""
        published = 0
        for outbox in self.outboxes:
            published += await self._relay_outbox(db, outbox)
        return published

    async def run_relay(self, db: Database, poll_seconds: float = 2.0) -> None:
        """Relay forever: right after a commit that published, else every `poll_seconds`."""
        while True:
            try:
                await self.relay_once(db)
            except Exception:
                log.exception("event relay failed; retrying")
            self._wake.clear()
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation that
            # arrives as the event is set, and shutdown would wait for the relay forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(poll_seconds):
                    await self._wake.wait()

    async def _relay_outbox(self, db: Database, outbox: Table) -> int:
        async with db.transaction() as session:
            rows = (
                (
                    await session.execute(
                        select(outbox)
                        .where(outbox.c.published_at.is_(None), outbox.c.attempts < MAX_ATTEMPTS)
                        .order_by(outbox.c.occurred_at)
                        .limit(BATCH_SIZE)
                        .with_for_update(skip_locked=True)
                    )
                )
                .mappings()
                .all()
            )
            published = 0
            for row in rows:
                error = await self._deliver(db, row["event_type"], row["payload"])
                values: dict[str, Any] = (
                    {"published_at": utcnow()}
                    if error is None
                    else {"attempts": outbox.c.attempts + 1, "last_error": error}
                )
                await session.execute(
                    update(outbox).where(outbox.c.id == row["id"]).values(**values)
                )
                published += error is None
            return published

    async def _deliver(self, db: Database, event_type: str, payload: Any) -> str | None:
        for subscription in self.subscriptions.get(event_type, []):
            try:
                event = msgspec.convert(payload, subscription.event_type)
                await _handle_once(db, subscription, event)
            except Exception as exc:
                log.exception("event handler failed", extra={"handler": subscription.name})
                return f"{subscription.name}: {type(exc).__name__}: {exc}"
        return None


async def _handle_once(db: Database, subscription: Subscription, event: IntegrationEvent) -> None:
    async with db.transaction() as session:
        claimed = await session.execute(
            insert(subscription.inbox)
            .values(event_id=event.event_id, handler=subscription.name)
            .on_conflict_do_nothing()
            .returning(subscription.inbox.c.event_id)
        )
        if claimed.first() is not None:
            await subscription.handler(event, session)


def _notify_after_commit(session: AsyncSession, wake: asyncio.Event) -> None:
    def on_commit(_session: object) -> None:
        wake.set()

    sa_event.listen(session.sync_session, "after_commit", on_commit, once=True)
