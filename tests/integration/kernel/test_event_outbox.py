from collections.abc import AsyncIterator, Iterator
from uuid import UUID, uuid4

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.models import inbox as admin_inbox
from aims.auth.models import outbox as auth_outbox
from aims.kernel import migrations
from aims.kernel.db import Database
from aims.kernel.events import EventBus, Subscription
from aims.kernel.messages import IntegrationEvent
from aims.kernel.settings import Settings
from tests.support.servers import create_database, drop_database


class SomethingHappened(IntegrationEvent, frozen=True, kw_only=True):
    subject: UUID


@pytest.fixture(scope="module")
def own_database(postgres_server: str) -> Iterator[str]:
    """A database of this module's own: the session's outboxes hold other tests' undelivered
    events, which a relay batch would deliver first."""
    url = create_database(postgres_server)
    migrations.upgrade(url)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture
async def db(own_database: str) -> AsyncIterator[Database]:
    database = Database(own_database, Settings(database_url=own_database))
    yield database
    await database.dispose()


def bus_with_handler(seen: list[UUID], *, fail_first: bool = False) -> EventBus:
    bus = EventBus()
    bus.add_outbox(auth_outbox)
    failures = [fail_first]

    async def handle(event: SomethingHappened, session: AsyncSession) -> None:
        if failures[0]:
            failures[0] = False
            raise RuntimeError("transient")
        seen.append(event.subject)

    bus.subscribe(Subscription(SomethingHappened, f"test-{uuid4()}", admin_inbox, handle))
    return bus


async def test_a_committed_event_reaches_its_subscriber_once(db: Database) -> None:
    seen: list[UUID] = []
    bus = bus_with_handler(seen)
    subject = uuid4()
    async with db.transaction() as session:
        await bus.publish(session, auth_outbox, SomethingHappened(subject=subject))
    await bus.relay_once(db)
    await bus.relay_once(db)
    assert seen == [subject]


async def test_redelivery_is_absorbed_by_the_inbox(db: Database) -> None:
    seen: list[UUID] = []
    bus = bus_with_handler(seen)
    event = SomethingHappened(subject=uuid4())
    for _ in range(2):  # as if the relay crashed after delivering, before marking it published
        async with db.transaction() as session:
            await bus.publish(session, auth_outbox, event)
        await bus.relay_once(db)
        async with db.transaction() as session:
            await session.execute(auth_outbox.delete().where(auth_outbox.c.id == event.event_id))
    assert seen == [event.subject]


async def test_a_rolled_back_transaction_publishes_nothing(db: Database) -> None:
    seen: list[UUID] = []
    bus = bus_with_handler(seen)
    event = SomethingHappened(subject=uuid4())

    async def publish_then_fail() -> None:
        async with db.transaction() as session:
            await bus.publish(session, auth_outbox, event)
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        await publish_then_fail()
    await bus.relay_once(db)
    assert seen == []
    async with db.transaction() as session:
        stored = await session.scalar(
            select(auth_outbox.c.id).where(auth_outbox.c.id == event.event_id)
        )
    assert stored is None


async def test_a_failing_handler_is_retried_on_the_next_relay(db: Database) -> None:
    seen: list[UUID] = []
    bus = bus_with_handler(seen, fail_first=True)
    subject = uuid4()
    async with db.transaction() as session:
        await bus.publish(session, auth_outbox, SomethingHappened(subject=subject))
    await bus.relay_once(db)
    assert seen == []
    await bus.relay_once(db)
    assert seen == [subject]
