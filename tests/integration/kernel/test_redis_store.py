import asyncio
import time

import pytest

from aims.kernel.kv import RedisStore, StoreUnavailable
from tests.support.servers import RedisServer


async def test_values_and_counters_live_in_redis(redis_url: str) -> None:
    store = RedisStore(redis_url)
    try:
        await store.set("kernel-test:k", b"v", ttl_seconds=30)
        assert await store.get("kernel-test:k") == b"v"
        assert await store.get_many("kernel-test:k", "kernel-test:none") == [b"v", None]
        assert await store.incr("kernel-test:n", ttl_seconds=30) == 1
        assert await store.incr("kernel-test:n", ttl_seconds=30) == 2
        await store.delete("kernel-test:k", "kernel-test:n")
        assert await store.get("kernel-test:k") is None
    finally:
        await store.close()


async def test_an_outage_fails_fast_and_recovers(own_redis: RedisServer) -> None:
    store = RedisStore(own_redis.url, retry_after_seconds=0.2)
    try:
        await store.set("k", b"before")
        own_redis.stop()
        with pytest.raises(StoreUnavailable):
            await store.get_many("k", "other")
        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await store.get("k")
        assert time.monotonic() - started < 0.05, "an open breaker must not wait for a timeout"
        own_redis.start()
        await asyncio.sleep(0.25)
        await store.set("k", b"after")
        assert await store.get("k") == b"after"
    finally:
        await store.close()
