from collections.abc import AsyncIterator, Callable

import pytest

from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.kv import KeyValueStore, RedisStore
from aims.kernel.settings import Settings
from aims.profiles.cache import ProfileCache
from aims.profiles.facade import Profiles


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, Settings(database_url=database_url))
    yield database
    await database.dispose()


@pytest.fixture
async def profiles_on(db: Database) -> AsyncIterator[Callable[[KeyValueStore], Profiles]]:
    """Profiles facades as separate app instances would have them: one store client each."""
    stores: list[KeyValueStore] = []

    def build(store: KeyValueStore) -> Profiles:
        stores.append(store)
        return Profiles(db, EventBus(), ProfileCache(store))

    yield build
    for store in stores:
        await store.close()


@pytest.fixture
def redis_store(redis_url: str) -> Callable[[], RedisStore]:
    return lambda: RedisStore(redis_url, retry_after_seconds=0.2)
