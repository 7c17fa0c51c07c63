"""Key-value state with a TTL: Redis when configured, process memory otherwise.

Redis failures raise `StoreUnavailable` at once (a short circuit breaker keeps
an outage from costing a timeout per call), so callers with a database
fallback use it instead of failing; the outage is logged once, and so is the
recovery.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """The shared store cannot be reached right now; use the fallback."""


class KeyValueStore(Protocol):
    """TTL key-value operations every store offers."""

    shared: bool
    """True when other processes see the same data (Redis)."""

    async def get(self, key: str) -> bytes | None: ...
    async def get_many(self, *keys: str) -> list[bytes | None]: ...
    async def set(self, key: str, value: bytes, ttl_seconds: float | None = None) -> None: ...
    async def delete(self, *keys: str) -> None: ...
    async def incr(self, key: str, ttl_seconds: float) -> int: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class MemoryStore:
    """In-process store: valid for one process only."""

    shared = False

    def __init__(self) -> None:
        self._items: dict[str, tuple[bytes, float | None]] = {}

    async def get(self, key: str) -> bytes | None:
        item = self._items.get(key)
        if item is None:
            return None
        value, expires = item
        if expires is not None and expires <= time.monotonic():
            del self._items[key]
            return None
        return value

    async def get_many(self, *keys: str) -> list[bytes | None]:
        return [await self.get(key) for key in keys]

    async def set(self, key: str, value: bytes, ttl_seconds: float | None = None) -> None:
        expires = None if ttl_seconds is None else time.monotonic() + ttl_seconds
        self._items[key] = (value, expires)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._items.pop(key, None)

    async def incr(self, key: str, ttl_seconds: float) -> int:
        current = await self.get(key)
        if current is None:
            await self.set(key, b"1", ttl_seconds)
            return 1
        count = int(current) + 1
        self._items[key] = (str(count).encode(), self._items[key][1])
        return count

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._items.clear()


class RedisStore:
    """Redis-backed store with a circuit breaker for outages."""

    shared = True

    def __init__(self, url: str, retry_after_seconds: float = 5.0) -> None:
        self._redis = aioredis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._retry_after = retry_after_seconds
        self._down_until = 0.0
        self._in_outage = False

    async def get(self, key: str) -> bytes | None:
        return await self._call(lambda: self._get_bytes(key))

    async def get_many(self, *keys: str) -> list[bytes | None]:
        """The values of `keys` in one round trip (None where missing)."""
        return await self._call(lambda: self._get_many_bytes(keys))

    async def _get_bytes(self, key: str) -> bytes | None:
        value = await self._redis.get(key)
        return value.encode() if isinstance(value, str) else value

    async def _get_many_bytes(self, keys: tuple[str, ...]) -> list[bytes | None]:
        values = await self._redis.mget(keys)
        return [value.encode() if isinstance(value, str) else value for value in values]

    async def set(self, key: str, value: bytes, ttl_seconds: float | None = None) -> None:
        px = None if ttl_seconds is None else _millis(ttl_seconds)
        await self._call(lambda: self._redis.set(key, value, px=px))

    async def delete(self, *keys: str) -> None:
        await self._call(lambda: self._redis.delete(*keys))

    async def incr(self, key: str, ttl_seconds: float) -> int:
        async def incr_with_expiry() -> int:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.set(key, 0, px=_millis(ttl_seconds), nx=True)
                pipe.incr(key)
                _, count = await pipe.execute()
            return int(count)

        return await self._call(incr_with_expiry)

    async def ping(self) -> None:
        """Ask Redis directly, even while the breaker is open (readiness, recovery)."""
        self._down_until = 0.0
        await self._call(lambda: self._redis.ping())

    async def close(self) -> None:
        await self._redis.aclose()

    async def _call(self, operation: Callable[[], Awaitable[T]]) -> T:
        if self._in_outage and time.monotonic() < self._down_until:
            raise StoreUnavailable("Redis is unavailable")
        try:
            result = await operation()
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            raise self._outage(exc) from None
        if self._in_outage:
            self._in_outage = False
            log.info("Redis available again")
        return result

    def _outage(self, exc: Exception) -> StoreUnavailable:
        if not self._in_outage:
            log.warning("Redis unavailable; falling back", extra={"error": type(exc).__name__})
        self._in_outage = True
        self._down_until = time.monotonic() + self._retry_after
        return StoreUnavailable(f"Redis is unavailable: {type(exc).__name__}")


def _millis(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def build_store(redis_url: str | None, retry_after_seconds: float) -> KeyValueStore:
    """Redis when a URL is configured, else process memory."""
    if redis_url is None:
        return MemoryStore()
    return RedisStore(redis_url, retry_after_seconds)
