"""Signing-key generation, rotation and JWKS publication."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from aims.auth.keys import (
    KeyRing,
    KeyState,
    NoSigningKeyError,
    SigningAlgorithm,
    SigningKey,
    generate_signing_key,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
KEEP = timedelta(minutes=16)
FAST = SigningAlgorithm.ES256


def states(ring: KeyRing) -> dict[str, KeyState]:
    return {key.kid: key.state for key in ring.keys}


def test_first_rotation_creates_a_signing_key_and_a_published_next_key() -> None:
    ring = KeyRing().rotate(T0)
    assert sorted(states(ring).values()) == [KeyState.CURRENT, KeyState.NEXT]
    assert ring.current().algorithm is SigningAlgorithm.RS256
    assert ring.current().activated_at == T0
    assert {jwk["kid"] for jwk in ring.jwks()["keys"]} == set(states(ring))


def test_rotation_promotes_next_and_retires_current() -> None:
    first = KeyRing().rotate(T0, FAST)
    old_current_kid, old_next_kid = first.current().kid, _next_kid(first)
    second = first.rotate(T0 + DAY, FAST)
    assert second.current().kid == old_next_kid
    assert second.current().activated_at == T0 + DAY
    retired = second.find(old_current_kid)
    assert retired is not None
    assert (retired.state, retired.retired_at) == (KeyState.RETIRING, T0 + DAY)
    assert _next_kid(second) not in (old_current_kid, old_next_kid)
    assert len(second.jwks()["keys"]) == 3


def test_new_algorithm_is_published_one_rotation_before_it_signs() -> None:
    ring = KeyRing().rotate(T0, SigningAlgorithm.ES256).rotate(T0 + DAY, SigningAlgorithm.ED25519)
    assert ring.current().algorithm is SigningAlgorithm.ES256
    next_key = ring.find(_next_kid(ring))
    assert next_key is not None
    assert next_key.algorithm is SigningAlgorithm.ED25519
    assert ring.rotate(T0 + 2 * DAY).current().algorithm is SigningAlgorithm.ED25519


def test_jwks_publishes_public_keys_only_with_pinned_algorithms() -> None:
    ring = KeyRing().rotate(T0, SigningAlgorithm.ED25519).rotate(T0 + DAY, FAST)
    published = ring.jwks()["keys"]
    assert all("d" not in jwk for jwk in published)
    assert {(jwk["kty"], jwk["alg"]) for jwk in published} == {("OKP", "Ed25519"), ("EC", "ES256")}
    assert all(jwk["use"] == "sig" for jwk in published)


def test_retiring_key_stays_published_until_its_tokens_have_expired() -> None:
    ring = KeyRing().rotate(T0, FAST).rotate(T0 + DAY, FAST)
    retiring_kid = next(kid for kid, state in states(ring).items() if state is KeyState.RETIRING)
    assert retiring_kid in states(
        ring.without_expired(T0 + DAY + KEEP - timedelta(seconds=1), KEEP)
    )
    pruned = ring.without_expired(T0 + DAY + KEEP, KEEP)
    assert retiring_kid not in states(pruned)
    assert sorted(states(pruned).values()) == [KeyState.CURRENT, KeyState.NEXT]


def test_current_and_next_keys_are_never_pruned() -> None:
    ring = KeyRing().rotate(T0, FAST)
    assert ring.without_expired(T0 + 1000 * DAY, KEEP) == ring


def test_rotation_is_due_when_the_current_key_is_old_or_missing() -> None:
    ring = KeyRing().rotate(T0, FAST)
    assert not ring.needs_rotation(T0 + 29 * DAY, 30 * DAY)
    assert ring.needs_rotation(T0 + 30 * DAY, 30 * DAY)
    assert KeyRing().needs_rotation(T0, 30 * DAY)


def test_empty_ring_cannot_sign() -> None:
    with pytest.raises(NoSigningKeyError):
        KeyRing().current()


def test_ring_with_two_current_keys_is_refused() -> None:
    one = replace(generate_signing_key(FAST, T0), state=KeyState.CURRENT)
    two = replace(generate_signing_key(FAST, T0), state=KeyState.CURRENT)
    with pytest.raises(ValueError, match="at most one current"):
        KeyRing((one, two))
    with pytest.raises(ValueError, match="duplicate kid"):
        KeyRing((one, one))


def test_private_key_material_never_shows_in_repr() -> None:
    key = generate_signing_key(SigningAlgorithm.ED25519, T0)
    ring = KeyRing((key,))
    assert "'d'" not in repr(key)
    assert str(key.private_jwk["d"]) not in repr(ring)


def test_stored_key_survives_a_json_round_trip() -> None:
    key = generate_signing_key(FAST, T0)
    restored = SigningKey(
        kid=key.kid,
        algorithm=SigningAlgorithm(str(key.algorithm)),
        state=KeyState(str(key.state)),
        private_jwk=json.loads(json.dumps(key.private_jwk)),
        created_at=key.created_at,
    )
    assert KeyRing((restored,)).jwks() == KeyRing((key,)).jwks()


def _next_kid(ring: KeyRing) -> str:
    return next(kid for kid, state in states(ring).items() if state is KeyState.NEXT)
