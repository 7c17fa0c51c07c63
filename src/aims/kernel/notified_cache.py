"""A per-process cache kept honest by a PostgreSQL notification channel.

A trigger notifies the channel with a key (e.g. a user id) in every transaction that changes
what the cache holds for it; each process drops that key when it hears it. While the feed is
down nothing is served from or kept in the cache (callers go to the source), and when it
comes back the cache starts empty, since changes made in between were not heard. A value
loaded while a change was heard is not kept: it may predate the change.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from aims.kernel.notify import Feed

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class NotifiedCache(Generic[K, V]):
    """Values by key, least recently read dropped first beyond `max_items`."""

    def __init__(
        self,
        channel: str,
        key_of: Callable[[str], K],
        max_items: int,
        on_change: Callable[[K], None] | None = None,
    ) -> None:
        self._channel = channel
        self._key_of = key_of
        self._max_items = max_items
        self._on_change = on_change
        """Also told of every key a notification names (e.g. to drop it from a shared store)."""
        self._values: OrderedDict[K, V] = OrderedDict()
        self._live = False
        self.changes = 0
        """Counts every change heard; pass it to `keep` to refuse a value that raced one."""

    @property
    def feed(self) -> Feed:
        """The subscription that keeps the cache honest (see `kernel.notify`)."""
        return Feed(self._channel, self._on_payload, self._start_live, self._stop)

    def peek(self, key: K) -> V | None:
        """The kept value of `key`, if the feed is live and one is kept."""
        value = self._values.get(key)
        if value is not None:
            self._values.move_to_end(key)
        return value

    def keep(self, key: K, value: V, changes_before: int) -> None:
        """Keep `value`, read when `changes` was `changes_before`, unless a change came since."""
        if self._live and self.changes == changes_before:
            self._values[key] = value
            if len(self._values) > self._max_items:
                self._values.popitem(last=False)

    def forget(self, key: K) -> None:
        """Drop `key` now (this process changed it; the notification follows for the others)."""
        self.changes += 1
        self._values.pop(key, None)

    async def get(self, key: K, load: Callable[[], Awaitable[V]]) -> V:
        """The value of `key`, kept or loaded (and then kept)."""
        kept = self.peek(key)
        if kept is not None:
            return kept
        changes_before = self.changes
        value = await load()
        self.keep(key, value, changes_before)
        return value

    def _on_payload(self, payload: str) -> None:
        try:
            key = self._key_of(payload)
        except ValueError:
            self.changes += 1
            self._values.clear()
            return
        self.forget(key)
        if self._on_change is not None:
            self._on_change(key)

    async def _start_live(self) -> None:
        self.changes += 1
        self._values.clear()
        self._live = True

    def _stop(self) -> None:
        self.changes += 1
        self._live = False
        self._values.clear()
