"""A per-process cache that trusts only what its notification feed lets it keep."""

import asyncio

from aims.kernel.notified_cache import NotifiedCache


def live_cache() -> NotifiedCache[str, int]:
    cache: NotifiedCache[str, int] = NotifiedCache("channel", str, max_items=2)
    asyncio.run(cache.feed.on_live())
    return cache


def test_nothing_is_kept_before_the_feed_is_live() -> None:
    cache: NotifiedCache[str, int] = NotifiedCache("channel", str, max_items=2)
    cache.keep("a", 1, cache.changes)
    assert cache.peek("a") is None


def test_a_notification_drops_the_key_in_every_process_that_hears_it() -> None:
    cache = live_cache()
    cache.keep("a", 1, cache.changes)
    assert cache.peek("a") == 1
    cache.feed.on_payload("a")
    assert cache.peek("a") is None


def test_a_value_read_while_a_change_was_heard_is_not_kept() -> None:
    cache = live_cache()
    before = cache.changes
    cache.feed.on_payload("a")  # the change lands while the caller reads the database
    cache.keep("a", 1, before)
    assert cache.peek("a") is None


def test_losing_the_feed_forgets_everything_and_keeps_nothing_until_it_is_back() -> None:
    cache = live_cache()
    cache.keep("a", 1, cache.changes)
    cache.feed.on_lost()
    assert cache.peek("a") is None
    cache.keep("b", 2, cache.changes)
    assert cache.peek("b") is None


def test_the_least_recently_read_goes_first() -> None:
    cache = live_cache()
    for key, value in (("a", 1), ("b", 2)):
        cache.keep(key, value, cache.changes)
    assert cache.peek("a") == 1
    cache.keep("c", 3, cache.changes)
    assert (cache.peek("a"), cache.peek("b"), cache.peek("c")) == (1, None, 3)


def test_whoever_asked_is_told_of_each_key_a_notification_names() -> None:
    told: list[str] = []
    cache: NotifiedCache[str, int] = NotifiedCache("channel", str, 2, on_change=told.append)
    cache.feed.on_payload("a")
    cache.forget("b")  # this process's own change: the caller handles the store itself
    assert told == ["a"]
