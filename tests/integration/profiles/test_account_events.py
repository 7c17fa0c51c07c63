"""Profiles follow accounts: created on UserRegistered, removed on UserDeleted, idempotently."""

from uuid import uuid4

from aims.auth.models import outbox as auth_outbox
from aims.auth.public import UserDeleted, UserRegistered
from aims.kernel.db import Database
from aims.kernel.events import EventBus, Subscription
from aims.kernel.kv import MemoryStore
from aims.profiles import repository
from aims.profiles.cache import ProfileCache
from aims.profiles.handlers import AccountEventHandlers
from aims.profiles.models import inbox


def wired_bus(handlers: AccountEventHandlers) -> EventBus:
    bus = EventBus()
    bus.add_outbox(auth_outbox)
    bus.subscribe(
        Subscription(UserRegistered, "profiles.create", inbox, handlers.on_user_registered)
    )
    bus.subscribe(Subscription(UserDeleted, "profiles.remove", inbox, handlers.on_user_deleted))
    return bus


async def test_registration_creates_a_profile_in_the_sign_up_locale(db: Database) -> None:
    bus = wired_bus(AccountEventHandlers(ProfileCache(MemoryStore())))
    user_id = uuid4()
    async with db.transaction() as session:
        await bus.publish(
            session, auth_outbox, UserRegistered(user_id=user_id, email="a@example.jp", locale="ja")
        )
    await bus.relay_once(db)
    async with db.transaction() as session:
        profile = await repository.get(session, user_id)
    assert profile is not None
    assert profile.locale == "ja"


async def test_the_same_event_twice_changes_nothing(db: Database) -> None:
    handlers = AccountEventHandlers(ProfileCache(MemoryStore()))
    bus = wired_bus(handlers)
    event = UserRegistered(user_id=uuid4(), email="b@example.jp", locale="en")
    for _ in range(2):
        async with db.transaction() as session:
            await bus.publish(session, auth_outbox, event)
        await bus.relay_once(db)
        async with db.transaction() as session:
            await session.execute(auth_outbox.delete().where(auth_outbox.c.id == event.event_id))
            await repository.apply_changes(session, event.user_id, {"locale": "ja"})
    async with db.transaction() as session:
        profile = await repository.get(session, event.user_id)
    assert profile is not None
    assert profile.locale == "ja", "the second delivery must not re-run the handler"


async def test_deleting_the_account_removes_the_profile(db: Database) -> None:
    bus = wired_bus(AccountEventHandlers(ProfileCache(MemoryStore())))
    user_id = uuid4()
    async with db.transaction() as session:
        await bus.publish(
            session, auth_outbox, UserRegistered(user_id=user_id, email="c@example.jp")
        )
        await bus.publish(session, auth_outbox, UserDeleted(user_id=user_id))
    await bus.relay_once(db)
    async with db.transaction() as session:
        assert await repository.get(session, user_id) is None
