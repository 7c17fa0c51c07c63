"""Every kind of forged or stale access token is refused with 401."""

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.facade import AuthService
from aims.auth.keys import KeyRing
from aims.auth.public import Unauthenticated
from aims.auth.services import keyring
from tests.support.accounts import bearer, signed_in


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload = (json.loads(base64.urlsafe_b64decode(p + "==")) for p in token.split(".")[:2])
    return header, payload


def unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    encoded = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    return f"{encoded}.{b64(signature)}"


def hs256_with_public_key(ring: KeyRing, header: dict[str, Any], claims: dict[str, Any]) -> str:
    public = json.dumps(ring.jwks()["keys"][0]).encode()
    forged_header = {**header, "alg": "HS256"}
    signing_input = unsigned(forged_header, claims).rsplit(".", 1)[0]
    signature = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def signed_by_ring(ring: KeyRing, header: dict[str, Any], claims: dict[str, Any]) -> str:
    key = ring.current()
    return jwt.encode(header, claims, ring.jose_key(key), algorithms=[str(key.algorithm)])


def forgeries(token: str, ring: KeyRing) -> dict[str, str]:
    header, claims = parts(token)
    stranger = RSAKey.generate_key(2048)
    now = int(time.time())
    head, payload, signature = token.split(".")
    tampered = {**claims, "roles": ["super_admin"]}
    return {
        "alg none": unsigned({**header, "alg": "none"}, claims),
        "HS256 with the public key": hs256_with_public_key(ring, header, claims),
        "unknown kid": jwt.encode(
            {**header, "kid": "not-a-key"}, claims, stranger, algorithms=["RS256"]
        ),
        "known kid, other key": jwt.encode(header, claims, stranger, algorithms=["RS256"]),
        "wrong audience": signed_by_ring(ring, header, {**claims, "aud": "someone-else"}),
        "wrong issuer": signed_by_ring(ring, header, {**claims, "iss": "https://evil.example"}),
        "expired": signed_by_ring(
            ring, header, {**claims, "exp": now - 120, "iat": now - 1000, "nbf": now - 1000}
        ),
        "not yet valid": signed_by_ring(
            ring, header, {**claims, "nbf": now + 600, "iat": now + 600}
        ),
        "wrong typ": signed_by_ring(ring, {**header, "typ": "JWT"}, claims),
        "tampered payload": f"{head}.{b64(json.dumps(tampered).encode())}.{signature}",
        "truncated": f"{head}.{payload}",
        "garbage": "not.a.token",
    }


async def test_forged_and_stale_tokens_are_refused(
    api: AsyncTestClient[Litestar], service_for: Callable[..., Awaitable[AuthService]]
) -> None:
    account = await signed_in(api)
    ring = await (await service_for()).deps.keys.reload()
    assert (
        await api.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
    ).status_code == 200
    refused = {}
    for name, forged in forgeries(account["access_token"], ring).items():
        response = await api.get("/api/v1/auth/me", headers=bearer(forged))
        refused[name] = response.status_code
    assert refused == dict.fromkeys(refused, 401)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "token abc"])
async def test_other_authorization_headers_are_refused(
    api: AsyncTestClient[Litestar], header: str
) -> None:
    response = await api.get("/api/v1/auth/me", headers={"Authorization": header})
    assert response.status_code == 401


async def test_introspection_reports_active_only_for_valid_tokens(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    account = await signed_in(api)
    admin = bearer((await signed_in(api, role="admin", database_url=database_url))["access_token"])
    active = await api.post(
        "/api/v1/auth/introspect", json={"token": account["access_token"]}, headers=admin
    )
    assert active.status_code == 200
    assert active.json()["active"] is True
    assert active.json()["username"] == account["email"]
    inactive = await api.post(
        "/api/v1/auth/introspect", json={"token": "not.a.token"}, headers=admin
    )
    assert inactive.json() == {"active": False}


async def test_introspection_needs_an_administrators_bearer_token(
    api: AsyncTestClient[Litestar],
) -> None:
    account = await signed_in(api)
    body = {"token": account["access_token"]}
    anonymous = await api.post("/api/v1/auth/introspect", json=body)
    as_user = await api.post(
        "/api/v1/auth/introspect", json=body, headers=bearer(account["access_token"])
    )
    for refused in (anonymous, as_user):
        assert refused.status_code == 401
        assert refused.json()["code"] == "unauthenticated"
        assert "active" not in refused.json()


async def test_a_flood_of_unknown_kids_reloads_the_keys_at_most_once(
    service_for: Callable[..., Awaitable[AuthService]], monkeypatch: pytest.MonkeyPatch
) -> None:
    service = await service_for()
    keys = service.deps.keys
    fake_now = [1_000_000.0]
    monkeypatch.setattr(keyring, "monotonic", lambda: fake_now[0])
    await keys.reload()
    reloads = []
    real_reload = keys.reload

    async def counted_reload() -> KeyRing:
        reloads.append(fake_now[0])
        return await real_reload()

    monkeypatch.setattr(keys, "reload", counted_reload)
    fake_now[0] += 3600  # long after the last load: the first unknown kid may reload
    stranger = RSAKey.generate_key(2048)
    claims = {"sub": "x", "exp": int(time.time()) + 60}

    def unknown_kid_token() -> str:
        header = {"alg": "RS256", "typ": "at+jwt", "kid": b64(secrets.token_bytes(32))}
        return jwt.encode(header, claims, stranger, algorithms=["RS256"])

    async def refused(token: str) -> bool:
        with pytest.raises(Unauthenticated):
            await service.authenticate(token)
        return True

    assert all(await asyncio.gather(*(refused(unknown_kid_token()) for _ in range(60))))
    for _ in range(60):
        await refused(unknown_kid_token())
    assert len(reloads) == 1
    fake_now[0] += keyring.UNKNOWN_KID_RELOAD_GAP_SECONDS
    await refused(unknown_kid_token())
    assert len(reloads) == 2  # a key published since is still found after the gap
