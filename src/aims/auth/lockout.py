"""Brute-force rules: temporary account locks with growing waits, and sliding-window limits."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import msgspec


class Allowed(msgspec.Struct, frozen=True):
    """The attempt may go ahead."""


class Locked(msgspec.Struct, frozen=True):
    """The attempt is refused until ``until`` (answer 429 with Retry-After)."""

    until: datetime

    def retry_after_seconds(self, now: datetime) -> int:
        """Whole seconds to wait, rounded up and at least 1, for the Retry-After header."""
        return max(1, math.ceil((self.until - now).total_seconds()))


ThrottleDecision = Allowed | Locked


class LockoutPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Per-account locking: ``max_failures`` in ``window`` lock for a doubling wait."""

    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    first_lock: timedelta = timedelta(minutes=1)
    longest_lock: timedelta = timedelta(minutes=15)
    escalation_reset: timedelta = timedelta(hours=12)

    def lock_length(self, earlier_locks: int) -> timedelta:
        """How long the lock after ``earlier_locks`` consecutive locks lasts."""
        doublings = min(earlier_locks, 32)  # beyond any sane cap; keeps timedelta in range
        return min(self.first_lock * (1 << doublings), self.longest_lock)


class AccountThrottle(msgspec.Struct, frozen=True, kw_only=True):
    """Stored per account: recent failures, consecutive locks, current lock end.

    A successful sign-in or an admin unlock replaces it with ``AccountThrottle()``.
    """

    failures: tuple[datetime, ...] = ()
    lock_count: int = 0
    locked_until: datetime | None = None


def check_account(state: AccountThrottle, now: datetime) -> ThrottleDecision:
    """Whether the account may attempt a sign-in now."""
    if state.locked_until is not None and now < state.locked_until:
        return Locked(state.locked_until)
    return Allowed()


def record_account_failure(
    state: AccountThrottle, now: datetime, policy: LockoutPolicy | None = None
) -> AccountThrottle:
    """The account's state after one more failed attempt at ``now``; may start a lock."""
    rules = policy or LockoutPolicy()
    failures = (*_within(state.failures, now, rules.window), now)
    if len(failures) < rules.max_failures:
        return msgspec.structs.replace(state, failures=failures)
    earlier_locks = state.lock_count
    if state.locked_until is not None and now - state.locked_until >= rules.escalation_reset:
        earlier_locks = 0
    return AccountThrottle(
        failures=(),
        lock_count=earlier_locks + 1,
        locked_until=now + rules.lock_length(earlier_locks),
    )


def is_invalidated_device(state: AccountThrottle) -> bool:
    """A device cookie that ever reached the failure limit no longer counts as one."""
    return state.lock_count > 0


class WindowLimit(msgspec.Struct, frozen=True, kw_only=True):
    """At most ``max_failures`` failures within any sliding ``window``."""

    max_failures: int
    window: timedelta


PER_IP_AND_ACCOUNT = WindowLimit(max_failures=10, window=timedelta(minutes=15))
PER_IP = WindowLimit(max_failures=100, window=timedelta(minutes=15))


def check_window(
    failures: Sequence[datetime], now: datetime, limit: WindowLimit
) -> ThrottleDecision:
    """Whether one more attempt fits in the window, given the key's failure times."""
    recent = sorted(_within(failures, now, limit.window))
    if len(recent) < limit.max_failures:
        return Allowed()
    return Locked(recent[-limit.max_failures] + limit.window)


def strictest(decisions: Iterable[ThrottleDecision]) -> ThrottleDecision:
    """The decision that waits longest, ``Allowed`` when nothing is locked."""
    locks = [decision for decision in decisions if isinstance(decision, Locked)]
    return max(locks, key=lambda lock: lock.until, default=Allowed())


def _within(failures: Iterable[datetime], now: datetime, window: timedelta) -> tuple[datetime, ...]:
    return tuple(failure for failure in failures if now - window < failure <= now)
