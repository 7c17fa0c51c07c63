"""Cache-aside over PostgreSQL: never stale after a write, never an error when Redis is down."""

import asyncio
from collections.abc import Callable
from uuid import uuid4

import pytest

from aims.kernel.kv import KeyValueStore, RedisStore
from aims.profiles.cache import cache_key
from aims.profiles.facade import Profiles
from aims.profiles.public import InvalidProfile, ProfileChanges, ProfileNotFound
from tests.support.servers import RedisServer


async def test_first_access_creates_an_empty_profile(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    profiles = profiles_on(redis_store())
    user_id = uuid4()
    read = await profiles.get(user_id)
    assert read.profile.user_id == user_id
    assert read.profile.display_name is None
    assert not read.stale


async def test_a_change_is_seen_at_once_by_another_instance(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    first, second = profiles_on(redis_store()), profiles_on(redis_store())
    user_id = uuid4()
    await second.get(user_id)  # now cached
    await first.update(user_id, ProfileChanges(display_name="山田 太郎"))
    assert (await second.get(user_id)).profile.display_name == "山田 太郎"


async def test_reads_fill_the_cache_with_a_300_second_ttl(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    store = redis_store()
    profiles = profiles_on(store)
    user_id = uuid4()
    await profiles.get(user_id)
    ttl = await store._redis.ttl(cache_key(user_id))
    assert 290 <= ttl <= 300


async def test_redis_outage_falls_back_to_postgresql_and_recovers(
    profiles_on: Callable[[KeyValueStore], Profiles], own_redis: RedisServer
) -> None:
    store = RedisStore(own_redis.url, retry_after_seconds=0.2)
    profiles = profiles_on(store)
    user_id = uuid4()
    await profiles.update(user_id, ProfileChanges(first_name="Hanako"))
    await profiles.get(user_id)

    own_redis.stop()
    await profiles.update(user_id, ProfileChanges(last_name="Sato"))
    during = (await profiles.get(user_id)).profile
    assert (during.first_name, during.last_name) == ("Hanako", "Sato")

    own_redis.start()
    await asyncio.sleep(0.3)
    assert (await profiles.get(user_id)).profile.last_name == "Sato"
    assert await store.get(cache_key(user_id)) is not None, "the cache fills again"


async def test_an_invalidation_missed_during_an_outage_is_done_on_recovery(
    profiles_on: Callable[[KeyValueStore], Profiles], own_redis: RedisServer
) -> None:
    store = RedisStore(own_redis.url, retry_after_seconds=0.2)
    profiles = profiles_on(store)
    user_id = uuid4()
    await profiles.update(user_id, ProfileChanges(bio="before"))
    await profiles.get(user_id)  # cached "before"
    # Redis unreachable (not restarted: the old entry survives), then back.
    own_redis.process.send_signal(19)  # SIGSTOP
    try:
        await profiles.update(user_id, ProfileChanges(bio="after"))
    finally:
        own_redis.process.send_signal(18)  # SIGCONT
    await asyncio.sleep(0.3)
    assert (await profiles.get(user_id)).profile.bio == "after"


async def test_bad_fields_are_refused_by_name_and_nothing_is_written(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    profiles = profiles_on(redis_store())
    user_id = uuid4()
    await profiles.update(user_id, ProfileChanges(display_name="kept"))
    with pytest.raises(InvalidProfile) as refused:
        await profiles.update(
            user_id, ProfileChanges(display_name="changed", phone="not a phone", timezone="Nowhere")
        )
    assert {error["field"] for error in refused.value.errors} == {"phone", "timezone"}
    assert (await profiles.get(user_id)).profile.display_name == "kept"


async def test_finding_a_profile_that_does_not_exist_is_not_found(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    with pytest.raises(ProfileNotFound):
        await profiles_on(redis_store()).find(uuid4())


async def test_search_matches_names_and_treats_wildcards_literally(
    profiles_on: Callable[[KeyValueStore], Profiles], redis_store: Callable[[], RedisStore]
) -> None:
    profiles = profiles_on(redis_store())
    marker = uuid4().hex[:8]
    match, percent = uuid4(), uuid4()
    await profiles.update(match, ProfileChanges(last_name=f"Tanaka-{marker}"))
    await profiles.update(percent, ProfileChanges(display_name=f"100% {marker}"))
    assert [p.user_id for p in await profiles.search_by_name(f"tanaka-{marker}")] == [match]
    assert [p.user_id for p in await profiles.search_by_name(f"% {marker}")] == [percent]
    assert await profiles.search_by_name(f"_{marker}") == []
