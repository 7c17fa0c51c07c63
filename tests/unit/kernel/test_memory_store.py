import asyncio

from aims.kernel.kv import MemoryStore


async def test_values_expire_after_their_ttl() -> None:
    store = MemoryStore()
    await store.set("k", b"v", ttl_seconds=0.05)
    assert await store.get("k") == b"v"
    await asyncio.sleep(0.08)
    assert await store.get("k") is None


async def test_counters_start_at_one_and_keep_their_first_expiry() -> None:
    store = MemoryStore()
    assert await store.incr("hits", ttl_seconds=0.05) == 1
    assert await store.incr("hits", ttl_seconds=60) == 2
    await asyncio.sleep(0.08)
    assert await store.incr("hits", ttl_seconds=60) == 1


async def test_delete_removes_every_named_key() -> None:
    store = MemoryStore()
    await store.set("a", b"1")
    await store.set("b", b"2")
    await store.delete("a", "b", "never-set")
    assert await store.get("a") is None
    assert await store.get("b") is None


async def test_many_values_are_read_in_key_order() -> None:
    store = MemoryStore()
    await store.set("a", b"1")
    await store.set("c", b"3")
    assert await store.get_many("c", "b", "a") == [b"3", None, b"1"]
