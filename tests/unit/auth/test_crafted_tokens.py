"""Property: whatever a client sends as a token, the verifier refuses it with its one error."""

import contextlib
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from joserfc import jwt

from aims.auth.keys import KeyRing, SigningAlgorithm
from aims.auth.tokens import InvalidTokenError, TokenCodec, TokenSettings
from tests.support.crafted_tokens import claims, crafted_tokens, headers

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
RING = KeyRing().rotate(T0, SigningAlgorithm.ES256)
CODEC = TokenCodec(TokenSettings(issuer="https://aims.example.jp", audience="aims"), lambda: RING)
OUR_KID = RING.current().kid


def refused_cleanly(token: str) -> None:
    """The codec either accepts the token or raises `InvalidTokenError`; nothing else escapes."""
    with contextlib.suppress(InvalidTokenError):
        CODEC.verify(token, T0)


@settings(max_examples=400, deadline=None)
@given(crafted_tokens([OUR_KID]))
def test_any_crafted_token_is_refused_with_the_one_error(token: str) -> None:
    refused_cleanly(token)


@settings(max_examples=200, deadline=None)
@given(headers([OUR_KID]), claims())
def test_a_token_signed_with_our_key_but_any_header_and_claims_never_crashes(
    header: Any, claim_set: Any
) -> None:
    key = RING.current()
    protected = {"alg": "ES256", "kid": OUR_KID, **(header if isinstance(header, dict) else {})}
    try:
        token = jwt.encode(protected, claim_set, RING.jose_key(key), algorithms=["ES256"])
    except Exception:  # joserfc refuses to sign it at all: nothing to verify
        return
    refused_cleanly(token)


@given(st.integers(min_value=8193, max_value=100_000))
def test_an_oversized_token_is_refused_unread(length: int) -> None:
    refused_cleanly("a" * length)
