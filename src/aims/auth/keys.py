"""Signing keys for access tokens and their rotation (next -> current -> retiring -> gone)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from joserfc.jwk import DictKey, ECKey, JWKRegistry, Key, OKPKey, RSAKey

RSA_KEY_BITS = 2048


class SigningAlgorithm(StrEnum):
    """JWS algorithm a key is pinned to; tokens claiming any other are refused."""

    RS256 = "RS256"
    ES256 = "ES256"
    ED25519 = "Ed25519"  # RFC 9864 name for EdDSA over Ed25519


class KeyState(StrEnum):
    """Where a key is in its life: published first, then signing, then verifying only."""

    NEXT = "next"
    CURRENT = "current"
    RETIRING = "retiring"


class NoSigningKeyError(LookupError):
    """Raised when a key ring has no current key to sign with."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SigningKey:
    """One signing key as stored: ``private_jwk`` is a JSON-serialisable private JWK."""

    kid: str
    algorithm: SigningAlgorithm
    state: KeyState
    private_jwk: DictKey = field(repr=False)
    created_at: datetime
    activated_at: datetime | None = None
    retired_at: datetime | None = None


def generate_signing_key(algorithm: SigningAlgorithm, now: datetime) -> SigningKey:
    """A fresh ``next`` key; its kid is the RFC 7638 thumbprint."""
    key = _generate(algorithm)
    return SigningKey(
        kid=key.thumbprint(),
        algorithm=algorithm,
        state=KeyState.NEXT,
        private_jwk=key.as_dict(private=True),
        created_at=now,
    )


def _generate(algorithm: SigningAlgorithm) -> Key:
    match algorithm:
        case SigningAlgorithm.RS256:
            return RSAKey.generate_key(RSA_KEY_BITS)
        case SigningAlgorithm.ES256:
            return ECKey.generate_key("P-256")
        case SigningAlgorithm.ED25519:
            return OKPKey.generate_key("Ed25519")


@dataclass(frozen=True)
class KeyRing:
    """The set of signing keys at one moment; rotation returns a new ring."""

    keys: tuple[SigningKey, ...] = ()
    _imported: dict[str, Key] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len({key.kid for key in self.keys}) != len(self.keys):
            raise ValueError("duplicate kid in key ring")
        states = Counter(key.state for key in self.keys)
        if states[KeyState.CURRENT] > 1 or states[KeyState.NEXT] > 1:
            raise ValueError("a key ring has at most one current and one next key")

    def current(self) -> SigningKey:
        """The key that signs new tokens."""
        found = self._in_state(KeyState.CURRENT)
        if found is None:
            raise NoSigningKeyError("no current signing key; run `aims keys rotate`")
        return found

    def find(self, kid: str) -> SigningKey | None:
        """The published key with this kid, if any."""
        return next((key for key in self.keys if key.kid == kid), None)

    def jose_key(self, signing_key: SigningKey) -> Key:
        """The joserfc key object for a key of this ring (imported once)."""
        if signing_key.kid not in self._imported:
            self._imported[signing_key.kid] = JWKRegistry.import_key(signing_key.private_jwk)
        return self._imported[signing_key.kid]

    def jwks(self) -> dict[str, list[dict[str, Any]]]:
        """Public JWK Set of every published key (next, current and retiring)."""
        return {"keys": [self._public_jwk(key) for key in self.keys]}

    def rotate(
        self, now: datetime, algorithm: SigningAlgorithm = SigningAlgorithm.RS256
    ) -> KeyRing:
        """Next becomes current, current starts retiring, a new next (of ``algorithm``) appears.

        A ring without a next key (e.g. the very first) promotes a new key straight away.
        """
        promoted = self._in_state(KeyState.NEXT) or generate_signing_key(algorithm, now)
        kept = [_retire(key, now) for key in self.keys if key.kid != promoted.kid]
        current = replace(promoted, state=KeyState.CURRENT, activated_at=now)
        return KeyRing((current, generate_signing_key(algorithm, now), *kept))

    def without_expired(self, now: datetime, keep_retired_for: timedelta) -> KeyRing:
        """The ring minus retiring keys whose last possible token has expired."""
        return KeyRing(tuple(key for key in self.keys if not _expired(key, now, keep_retired_for)))

    def needs_rotation(self, now: datetime, max_age: timedelta) -> bool:
        """Whether the current key has signed for ``max_age`` (or there is none)."""
        current = self._in_state(KeyState.CURRENT)
        return (
            current is None or current.activated_at is None or now - current.activated_at >= max_age
        )

    def _in_state(self, state: KeyState) -> SigningKey | None:
        return next((key for key in self.keys if key.state == state), None)

    def _public_jwk(self, key: SigningKey) -> dict[str, Any]:
        public = self.jose_key(key).as_dict(private=False)
        return {**public, "kid": key.kid, "alg": str(key.algorithm), "use": "sig"}


def _retire(key: SigningKey, now: datetime) -> SigningKey:
    if key.state == KeyState.RETIRING:
        return key
    return replace(key, state=KeyState.RETIRING, retired_at=now)


def _expired(key: SigningKey, now: datetime, keep_retired_for: timedelta) -> bool:
    return (
        key.state == KeyState.RETIRING
        and key.retired_at is not None
        and now >= key.retired_at + keep_retired_for
    )
