"""Sliding windows in the key-value store, and their fallback to process memory."""

from datetime import UTC, datetime, timedelta

from aims.auth.lockout import AccountThrottle, Allowed, Locked, WindowLimit
from aims.auth.services.throttle import Throttle, digest, login_windows
from aims.kernel.kv import MemoryStore, StoreUnavailable

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
THREE_PER_MINUTE = WindowLimit(max_failures=3, window=timedelta(minutes=1))


class DownStore(MemoryStore):
    """A shared store that is unreachable."""

    shared = True

    async def get(self, key: str) -> bytes | None:
        raise StoreUnavailable("down")

    async def set(self, key: str, value: bytes, ttl_seconds: float | None = None) -> None:
        raise StoreUnavailable("down")


async def test_a_window_fills_then_frees_itself() -> None:
    throttle = Throttle(MemoryStore())
    windows = [("k", THREE_PER_MINUTE)]
    for second in range(3):
        assert await throttle.take(windows, T0 + timedelta(seconds=second)) == Allowed()
    refused = await throttle.take(windows, T0 + timedelta(seconds=10))
    assert refused == Locked(T0 + timedelta(minutes=1))
    assert await throttle.check(windows, T0 + timedelta(seconds=61)) == Allowed()


async def test_limits_keep_counting_in_memory_while_the_store_is_down() -> None:
    throttle = Throttle(DownStore())
    windows = [("k", THREE_PER_MINUTE)]
    for _ in range(3):
        await throttle.hit(windows, T0)
    assert isinstance(await throttle.check(windows, T0), Locked)


async def test_an_address_without_account_keeps_a_lock_state() -> None:
    throttle = Throttle(MemoryStore())
    assert await throttle.account_state("nobody@example.com") == AccountThrottle()
    locked = AccountThrottle(lock_count=1, locked_until=T0)
    await throttle.save_account_state("nobody@example.com", locked)
    assert await throttle.account_state("nobody@example.com") == locked


def test_keys_carry_no_address_in_the_clear() -> None:
    keys = " ".join(key for key, _ in login_windows("192.0.2.1", "someone@example.com"))
    assert "someone" not in keys
    assert "192.0.2.1" not in keys
    assert digest("a") != digest("b")
