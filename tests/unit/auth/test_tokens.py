"""Access-token issuing and the refusals a forger or a stale client meets."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

from aims.auth.domain import Role
from aims.auth.keys import KeyRing, SigningAlgorithm
from aims.auth.tokens import (
    AccessClaims,
    InvalidTokenError,
    TokenCodec,
    TokenRejection,
    TokenSettings,
)

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
SETTINGS = TokenSettings(issuer="https://aims.example.jp", audience="aims-api")


@pytest.fixture(scope="module")
def rsa_ring() -> KeyRing:
    return KeyRing().rotate(T0)


@pytest.fixture
def codec(rsa_ring: KeyRing) -> TokenCodec:
    return TokenCodec(SETTINGS, lambda: rsa_ring)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segments(token: str) -> list[dict[str, Any]]:
    return [json.loads(base64.urlsafe_b64decode(part + "==")) for part in token.split(".")[:2]]


def sign_with_ring_key(ring: KeyRing, header: dict[str, Any], claims: dict[str, Any]) -> str:
    key = ring.current()
    return jwt.encode(header, claims, ring.jose_key(key), algorithms=[str(key.algorithm)])


def good_claims(codec: TokenCodec) -> dict[str, Any]:
    _, claims = segments(codec.issue("user-1", "session-1", [Role.USER], T0).token)
    return claims


def rejection(codec: TokenCodec, token: str, now: datetime = T0) -> TokenRejection:
    with pytest.raises(InvalidTokenError) as caught:
        codec.verify(token, now)
    assert str(caught.value) == "invalid access token", "the message must not say why"
    return caught.value.reason


def test_issued_token_has_the_specified_header_and_claims(
    codec: TokenCodec, rsa_ring: KeyRing
) -> None:
    issued = codec.issue("user-1", "session-1", [Role.ADMIN, Role.USER, Role.ADMIN], T0)
    header, claims = segments(issued.token)
    assert header == {"alg": "RS256", "kid": rsa_ring.current().kid, "typ": "at+jwt"}
    assert set(claims) == {"iss", "aud", "sub", "exp", "iat", "nbf", "jti", "sid", "roles"}
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["roles"] == ["user", "admin"]
    assert (claims["jti"], issued.expires_at) == (issued.jti, T0 + timedelta(minutes=15))
    assert issued.token not in repr(issued)


def test_valid_token_verifies_to_its_claims(codec: TokenCodec) -> None:
    issued = codec.issue("user-1", "session-1", [Role.SUPER_ADMIN], T0)
    claims = codec.verify(issued.token, T0 + timedelta(minutes=14))
    assert claims == AccessClaims(
        iss=SETTINGS.issuer,
        aud=SETTINGS.audience,
        sub="user-1",
        exp=int((T0 + timedelta(minutes=15)).timestamp()),
        iat=int(T0.timestamp()),
        nbf=int(T0.timestamp()),
        jti=issued.jti,
        sid="session-1",
        roles=(Role.SUPER_ADMIN,),
    )


@pytest.mark.parametrize("algorithm", [SigningAlgorithm.ES256, SigningAlgorithm.ED25519])
def test_other_selectable_algorithms_sign_and_verify(algorithm: SigningAlgorithm) -> None:
    ring = KeyRing().rotate(T0, algorithm)
    codec = TokenCodec(SETTINGS, lambda: ring)
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    assert segments(token)[0]["alg"] == str(algorithm)
    assert codec.verify(token, T0).sub == "user-1"


def test_token_expires_after_fifteen_minutes_plus_one_minute_leeway(codec: TokenCodec) -> None:
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    codec.verify(token, T0 + timedelta(minutes=16, seconds=-1))
    assert rejection(codec, token, T0 + timedelta(minutes=16)) is TokenRejection.EXPIRED


def test_token_from_the_future_is_refused_beyond_the_leeway(codec: TokenCodec) -> None:
    codec.verify(codec.issue("u", "s", [Role.USER], T0 + timedelta(seconds=60)).token, T0)
    early = codec.issue("u", "s", [Role.USER], T0 + timedelta(seconds=61)).token
    assert rejection(codec, early) is TokenRejection.NOT_YET_VALID


def test_wrong_audience_or_issuer_is_refused(rsa_ring: KeyRing) -> None:
    issuer = TokenCodec(SETTINGS, lambda: rsa_ring)
    token = issuer.issue("user-1", "session-1", [Role.USER], T0).token
    other_api = TokenSettings(issuer=SETTINGS.issuer, audience="another-api")
    other_idp = TokenSettings(issuer="https://evil.example", audience=SETTINGS.audience)
    assert (
        rejection(TokenCodec(other_api, lambda: rsa_ring), token) is TokenRejection.WRONG_AUDIENCE
    )
    assert rejection(TokenCodec(other_idp, lambda: rsa_ring), token) is TokenRejection.WRONG_ISSUER


def test_alg_none_is_refused(codec: TokenCodec, rsa_ring: KeyRing) -> None:
    header = {"alg": "none", "kid": rsa_ring.current().kid, "typ": "at+jwt"}
    unsigned = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(good_claims(codec)).encode())}."
    assert rejection(codec, unsigned) is TokenRejection.ALGORITHM_NOT_ALLOWED


def test_hs256_signed_with_the_rsa_public_key_as_secret_is_refused(
    codec: TokenCodec, rsa_ring: KeyRing
) -> None:
    rsa_key = rsa_ring.jose_key(rsa_ring.current())
    assert isinstance(rsa_key, RSAKey)
    public_pem = rsa_key.as_pem(private=False)
    header = {"alg": "HS256", "kid": rsa_ring.current().kid, "typ": "at+jwt"}
    signing_input = (
        f"{b64(json.dumps(header).encode())}.{b64(json.dumps(good_claims(codec)).encode())}"
    )
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    assert rejection(codec, f"{signing_input}.{b64(mac)}") is TokenRejection.ALGORITHM_NOT_ALLOWED


def test_token_signed_by_a_foreign_key_under_our_kid_is_refused(
    codec: TokenCodec, rsa_ring: KeyRing
) -> None:
    header = {"alg": "RS256", "kid": rsa_ring.current().kid, "typ": "at+jwt"}
    forged = jwt.encode(header, good_claims(codec), RSAKey.generate_key(2048))
    assert rejection(codec, forged) is TokenRejection.BAD_SIGNATURE


def test_unknown_or_missing_kid_is_refused(codec: TokenCodec, rsa_ring: KeyRing) -> None:
    other = KeyRing().rotate(T0, SigningAlgorithm.ES256)
    stranger = TokenCodec(SETTINGS, lambda: other).issue("u", "s", [Role.USER], T0).token
    assert rejection(codec, stranger) is TokenRejection.UNKNOWN_KEY  # worth a key reload
    no_kid = sign_with_ring_key(rsa_ring, {"alg": "RS256", "typ": "at+jwt"}, good_claims(codec))
    assert rejection(codec, no_kid) is TokenRejection.MALFORMED


@pytest.mark.parametrize("kid", [7, None, ["a"], {"k": 1}, "../../etc/passwd", "x" * 44, ""])
def test_a_kid_that_cannot_be_ours_is_malformed_not_unknown(
    codec: TokenCodec, rsa_ring: KeyRing, kid: object
) -> None:
    header = {"alg": "RS256", "kid": kid, "typ": "at+jwt"}
    segments = (json.dumps(header).encode(), json.dumps(good_claims(codec)).encode(), b"sig")
    token = ".".join(b64(segment) for segment in segments)
    assert rejection(codec, token) is TokenRejection.MALFORMED  # so it never reloads the keys


def test_tampered_payload_is_refused(codec: TokenCodec) -> None:
    header, _, signature = codec.issue("u", "s", [Role.USER], T0).token.split(".")
    claims = good_claims(codec) | {"roles": ["super_admin"]}
    tampered = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    assert rejection(codec, tampered) is TokenRejection.BAD_SIGNATURE


def test_tampered_signature_is_refused(codec: TokenCodec) -> None:
    token = codec.issue("u", "s", [Role.USER], T0).token
    head, _, signature = token.rpartition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    assert rejection(codec, f"{head}.{flipped}") is TokenRejection.BAD_SIGNATURE


def test_plain_jwt_type_is_refused_even_when_validly_signed(
    codec: TokenCodec, rsa_ring: KeyRing
) -> None:
    header = {"alg": "RS256", "kid": rsa_ring.current().kid, "typ": "JWT"}
    token = sign_with_ring_key(rsa_ring, header, good_claims(codec))
    assert rejection(codec, token) is TokenRejection.WRONG_TYPE


@pytest.mark.parametrize(
    "change",
    [
        {"sid": None},
        {"roles": None},
        {"exp": None},
        {"roles": ["root"]},
        {"exp": "tomorrow"},
        {"aud": ["aims-api", "other"]},
    ],
)
def test_missing_or_malformed_claims_are_refused(
    codec: TokenCodec, rsa_ring: KeyRing, change: dict[str, Any]
) -> None:
    claims = {
        name: value for name, value in (good_claims(codec) | change).items() if value is not None
    }
    header = {"alg": "RS256", "kid": rsa_ring.current().kid, "typ": "at+jwt"}
    token = sign_with_ring_key(rsa_ring, header, claims)
    assert rejection(codec, token) is TokenRejection.INVALID_CLAIMS


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "....", "ü.ü.ü", "eyJhbGciOi.x.y"])
def test_garbage_is_refused_as_malformed(codec: TokenCodec, garbage: str) -> None:
    assert rejection(codec, garbage) is TokenRejection.MALFORMED


def test_tokens_of_a_retired_key_verify_until_the_key_is_dropped() -> None:
    ring = KeyRing().rotate(T0, SigningAlgorithm.ES256)
    codec = TokenCodec(SETTINGS, lambda: ring)
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    rotated = ring.rotate(T0 + timedelta(minutes=5), SigningAlgorithm.ES256)
    after_rotation = TokenCodec(SETTINGS, lambda: rotated)
    assert after_rotation.verify(token, T0 + timedelta(minutes=6)).sub == "user-1"
    assert (
        after_rotation.issue("u", "s", [Role.USER], T0).token.split(".")[0] != token.split(".")[0]
    )
    pruned = rotated.without_expired(T0 + timedelta(minutes=21), SETTINGS.keep_retired_keys_for)
    assert rejection(TokenCodec(SETTINGS, lambda: pruned), token) is TokenRejection.UNKNOWN_KEY


def test_codec_follows_the_latest_key_ring() -> None:
    rings = [KeyRing().rotate(T0, SigningAlgorithm.ES256)]
    codec = TokenCodec(SETTINGS, lambda: rings[-1])
    first_kid = segments(codec.issue("u", "s", [Role.USER], T0).token)[0]["kid"]
    rings.append(rings[-1].rotate(T0 + timedelta(days=1), SigningAlgorithm.ES256))
    assert segments(codec.issue("u", "s", [Role.USER], T0).token)[0]["kid"] != first_kid


def test_a_token_is_verified_once_and_refused_once_it_expires(
    codec: TokenCodec, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    first = codec.verify(token, T0)
    decodes: list[str] = []
    real_decode = jwt.decode
    monkeypatch.setattr(
        jwt, "decode", lambda *args, **kwargs: decodes.append("x") or real_decode(*args, **kwargs)
    )
    assert codec.verify(token, T0 + timedelta(minutes=1)) == first
    assert decodes == [], "a token verified before needs no second signature check"
    assert rejection(codec, token, T0 + timedelta(minutes=20)) == TokenRejection.EXPIRED


def test_a_forged_twin_of_a_verified_token_is_still_checked(codec: TokenCodec) -> None:
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    codec.verify(token, T0)
    header, payload, signature = token.split(".")
    forged = ".".join(
        [header, payload, signature[:-4] + ("AAAA" if signature[-4:] != "AAAA" else "BBBB")]
    )
    assert rejection(codec, forged) == TokenRejection.BAD_SIGNATURE


def test_a_remembered_token_is_refused_once_its_key_leaves_the_ring() -> None:
    rings = [KeyRing().rotate(T0, SigningAlgorithm.ES256)]
    codec = TokenCodec(SETTINGS, lambda: rings[-1])
    token = codec.issue("user-1", "session-1", [Role.USER], T0).token
    assert codec.verify(token, T0).sub == "user-1"  # now remembered as verified
    rotated = rings[-1].rotate(T0 + timedelta(minutes=5), SigningAlgorithm.ES256)
    rings.append(rotated.without_expired(T0 + timedelta(days=30), SETTINGS.keep_retired_keys_for))
    assert rejection(codec, token) is TokenRejection.UNKNOWN_KEY
