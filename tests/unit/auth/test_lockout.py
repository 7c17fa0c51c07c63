"""Brute-force locking rules."""

from datetime import UTC, datetime, timedelta

from aims.auth.lockout import (
    PER_IP,
    PER_IP_AND_ACCOUNT,
    AccountThrottle,
    Allowed,
    Locked,
    LockoutPolicy,
    WindowLimit,
    check_account,
    check_window,
    is_invalidated_device,
    record_account_failure,
    strictest,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def fail_times(state: AccountThrottle, times: list[datetime]) -> AccountThrottle:
    for moment in times:
        assert check_account(state, moment) == Allowed()
        state = record_account_failure(state, moment)
    return state


def burst(start: datetime, count: int = 5) -> list[datetime]:
    return [start + timedelta(seconds=10 * n) for n in range(count)]


def test_four_wrong_passwords_leave_the_account_open() -> None:
    state = fail_times(AccountThrottle(), burst(T0, 4))
    assert check_account(state, T0 + MINUTE) == Allowed()


def test_fifth_failure_locks_so_the_sixth_attempt_waits_a_minute() -> None:
    state = fail_times(AccountThrottle(), burst(T0))
    last = T0 + timedelta(seconds=40)
    assert check_account(state, last + timedelta(seconds=1)) == Locked(last + MINUTE)
    assert check_account(state, last + MINUTE) == Allowed()


def test_each_following_lock_doubles_up_to_fifteen_minutes() -> None:
    state, now, lengths = AccountThrottle(), T0, []
    for _ in range(6):
        state = fail_times(state, burst(now))
        last_failure = now + timedelta(seconds=40)
        lock = check_account(state, last_failure)
        assert isinstance(lock, Locked)
        lengths.append(lock.until - last_failure)
        now = lock.until
    assert lengths == [MINUTE * n for n in (1, 2, 4, 8, 15, 15)]


def test_a_long_series_of_locks_stays_at_the_cap() -> None:
    assert LockoutPolicy().lock_length(10_000) == timedelta(minutes=15)


def test_failures_spread_over_more_than_fifteen_minutes_never_lock() -> None:
    spread = [T0 + timedelta(minutes=4 * n) for n in range(20)]
    state = fail_times(AccountThrottle(), spread)
    assert state.lock_count == 0
    assert len(state.failures) == 4


def test_escalation_is_forgotten_after_a_quiet_half_day() -> None:
    state = fail_times(AccountThrottle(), burst(T0))
    state = fail_times(state, burst(T0 + timedelta(minutes=2)))
    assert state.lock_count == 2
    later = T0 + timedelta(hours=13)
    state = fail_times(state, burst(later))
    assert check_account(state, later + timedelta(seconds=40)) == Locked(
        later + timedelta(seconds=40) + MINUTE
    )


def test_success_or_admin_unlock_is_a_fresh_state() -> None:
    state = fail_times(AccountThrottle(), burst(T0))
    assert isinstance(check_account(state, T0 + timedelta(seconds=41)), Locked)
    assert check_account(AccountThrottle(), T0 + timedelta(seconds=41)) == Allowed()


def test_policy_numbers_are_parameters() -> None:
    policy = LockoutPolicy(max_failures=2, first_lock=timedelta(seconds=30))
    state = record_account_failure(AccountThrottle(), T0, policy)
    state = record_account_failure(state, T0, policy)
    assert check_account(state, T0) == Locked(T0 + timedelta(seconds=30))


def test_retry_after_rounds_up_to_whole_seconds() -> None:
    lock = Locked(T0 + timedelta(seconds=59, milliseconds=1))
    assert lock.retry_after_seconds(T0) == 60
    assert lock.retry_after_seconds(T0 + timedelta(seconds=59, milliseconds=1)) == 1


def test_window_limit_blocks_until_the_oldest_counted_failure_leaves() -> None:
    limit = WindowLimit(max_failures=3, window=timedelta(minutes=15))
    failures = [T0, T0 + MINUTE, T0 + 2 * MINUTE]
    assert check_window(failures[:2], T0 + 3 * MINUTE, limit) == Allowed()
    assert check_window(failures, T0 + 3 * MINUTE, limit) == Locked(T0 + timedelta(minutes=15))
    assert check_window(failures, T0 + timedelta(minutes=15), limit) == Allowed()


def test_window_limit_ignores_failures_older_than_the_window() -> None:
    old = [T0 - timedelta(minutes=16)] * 50
    assert check_window(old, T0, PER_IP_AND_ACCOUNT) == Allowed()


def test_default_ip_limits_are_looser_than_the_account_lock() -> None:
    assert PER_IP_AND_ACCOUNT.max_failures > LockoutPolicy().max_failures
    assert PER_IP.max_failures > PER_IP_AND_ACCOUNT.max_failures
    hundred = [T0 + timedelta(seconds=n) for n in range(100)]
    assert isinstance(check_window(hundred, T0 + 2 * MINUTE, PER_IP), Locked)
    assert check_window(hundred[:99], T0 + 2 * MINUTE, PER_IP) == Allowed()


def test_strictest_decision_waits_longest() -> None:
    short, long = Locked(T0 + MINUTE), Locked(T0 + 5 * MINUTE)
    assert strictest([Allowed(), short, long, Allowed()]) == long
    assert strictest([Allowed(), Allowed()]) == Allowed()


def test_a_device_cookie_is_invalidated_by_its_fifth_failure_for_good() -> None:
    state = AccountThrottle()
    for minute in range(4):
        state = record_account_failure(state, T0 + timedelta(minutes=minute))
        assert not is_invalidated_device(state)
    state = record_account_failure(state, T0 + timedelta(minutes=4))
    assert is_invalidated_device(state)
