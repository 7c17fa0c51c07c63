"""Refresh-token generation and the rotation decision."""

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from aims.auth.refresh_tokens import (
    Consumption,
    Expired,
    FamilyRevoked,
    Grace,
    RefreshLifetimes,
    ReuseDetected,
    Rotate,
    StoredRefreshToken,
    decide_refresh,
    hash_refresh_token,
    new_refresh_token,
)

START = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def stored(
    *,
    issued_at: datetime = START,
    consumed_at: datetime | None = None,
    revoked_at: datetime | None = None,
) -> StoredRefreshToken:
    consumed = None if consumed_at is None else Consumption(at=consumed_at, successor_id="rt-2")
    return StoredRefreshToken(
        family_id="session-1",
        issued_at=issued_at,
        family_started_at=START,
        consumed=consumed,
        family_revoked_at=revoked_at,
    )


def test_tokens_are_256_bit_random_and_stored_only_as_sha256() -> None:
    token = new_refresh_token()
    assert len(base64.urlsafe_b64decode(token.value + "=")) == 32
    assert token.token_hash == hashlib.sha256(token.value.encode()).hexdigest()
    assert hash_refresh_token(token.value) == token.token_hash
    assert new_refresh_token().value != token.value


def test_token_value_never_shows_in_repr() -> None:
    token = new_refresh_token()
    assert token.value not in repr(token)


def test_fresh_token_is_rotated() -> None:
    assert decide_refresh(stored(), START + timedelta(hours=1)) == Rotate()


def test_refresh_inside_the_grace_window_returns_the_same_successor() -> None:
    consumed_at = START + timedelta(hours=1)
    decision = decide_refresh(stored(consumed_at=consumed_at), consumed_at + timedelta(seconds=9))
    assert decision == Grace("rt-2")


def test_reuse_after_the_grace_window_revokes_the_family() -> None:
    consumed_at = START + timedelta(hours=1)
    decision = decide_refresh(stored(consumed_at=consumed_at), consumed_at + timedelta(seconds=10))
    assert decision == ReuseDetected("session-1")


def test_token_unused_for_seven_days_has_expired() -> None:
    issued_at = START + timedelta(days=2)
    token = stored(issued_at=issued_at)
    assert decide_refresh(token, issued_at + timedelta(days=7, seconds=-1)) == Rotate()
    assert decide_refresh(token, issued_at + timedelta(days=7)) == Expired()


def test_session_older_than_thirty_days_cannot_refresh_even_if_active() -> None:
    issued_at = START + timedelta(days=29, hours=23)
    token = stored(issued_at=issued_at)
    assert decide_refresh(token, START + timedelta(days=30)) == Expired()


def test_consumed_token_replayed_long_after_is_still_reuse() -> None:
    consumed_at = START + timedelta(hours=1)
    later = consumed_at + timedelta(days=8)
    assert decide_refresh(stored(consumed_at=consumed_at), later) == ReuseDetected("session-1")


def test_revoked_session_refuses_even_inside_the_grace_window() -> None:
    consumed_at = START + timedelta(hours=1)
    token = stored(consumed_at=consumed_at, revoked_at=consumed_at + timedelta(seconds=1))
    assert decide_refresh(token, consumed_at + timedelta(seconds=2)) == FamilyRevoked()


def test_lifetimes_are_parameters() -> None:
    short = RefreshLifetimes(idle=timedelta(hours=1), grace=timedelta(seconds=2))
    assert decide_refresh(stored(), START + timedelta(hours=1), short) == Expired()
    consumed_at = START + timedelta(minutes=5)
    token = stored(consumed_at=consumed_at)
    assert decide_refresh(token, consumed_at + timedelta(seconds=3), short) == ReuseDetected(
        "session-1"
    )


def test_a_successor_is_the_same_for_the_same_token_and_differs_by_family_secret() -> None:
    from aims.auth.refresh_tokens import successor_refresh_token

    first = successor_refresh_token(b"s" * 32, "token-a")
    assert first == successor_refresh_token(b"s" * 32, "token-a")
    assert first.value != successor_refresh_token(b"t" * 32, "token-a").value
    assert first.value != successor_refresh_token(b"s" * 32, "token-b").value
    assert len(first.value) == 43
