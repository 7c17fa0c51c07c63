"""Hypothesis strategies for crafted bearer tokens: arbitrary headers, segments and claims."""

from __future__ import annotations

import base64
import json
import string
from typing import Any

from hypothesis import strategies as st

CLAIM_NAMES = ("iss", "aud", "sub", "exp", "iat", "nbf", "jti", "sid", "roles", "auth_time", "mfa")
HEADER_CHARS = string.ascii_letters + string.digits + "-._~+/=!#$%&'*^`|"


def b64(data: bytes) -> str:
    """Unpadded URL-safe base64, as in a JWS."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=6,
)


def kids(known: list[str]) -> st.SearchStrategy[Any]:
    """Kids of every kind: ours, well-shaped strangers, wrong types, path-like, random."""
    shaped = st.text(string.ascii_letters + string.digits + "-_", min_size=43, max_size=43)
    paths = st.sampled_from(["../../etc/passwd", "/dev/zero", "C:\\keys", "%2e%2e/", "\x00"])
    return st.sampled_from(known or ["-"]) | shaped | paths | json_values


def headers(known_kids: list[str]) -> st.SearchStrategy[Any]:
    """A JOSE header, usually an object with some of alg/kid/typ, sometimes anything at all."""
    algs = st.sampled_from(["none", "None", "HS256", "RS256", "ES256", "Ed25519", "EdDSA"])
    fields = st.fixed_dictionaries(
        {},
        optional={
            "alg": algs | json_values,
            "kid": kids(known_kids),
            "typ": st.sampled_from(["at+jwt", "JWT", "jwt"]) | json_values,
            "crit": json_values,
            "jku": st.just("https://evil.example/jwks"),
        },
    )
    return fields | json_values


def claims() -> st.SearchStrategy[Any]:
    """A claim set with any subset of our claims holding any JSON values, or not an object."""
    return st.fixed_dictionaries({}, optional=dict.fromkeys(CLAIM_NAMES, json_values)) | json_values


def segment(value: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """A base64url segment of the JSON of `value`, or of raw bytes."""
    return value.map(lambda v: b64(json.dumps(v).encode())) | st.binary(max_size=40).map(b64)


def crafted_tokens(known_kids: list[str]) -> st.SearchStrategy[str]:
    """Whole token strings: structured forgeries and free text a header can carry."""
    signature = st.binary(max_size=300).map(b64)
    structured = st.tuples(segment(headers(known_kids)), segment(claims()), signature)
    shapes = structured.map(".".join) | st.lists(segment(json_values), max_size=5).map(".".join)
    return shapes | st.text(HEADER_CHARS + ". ", max_size=200) | st.just("a" * 10_000)
