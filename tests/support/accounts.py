"""Accounts for tests of other contexts: signed up and signed in through the real auth API."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import psycopg
import redis
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.db import libpq_url

PASSWORD = "correct horse battery staple"


def new_email() -> str:
    """A unique address for one test."""
    return f"user-{uuid.uuid4().hex[:10]}@example.com"


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of an access token."""
    return {"Authorization": f"Bearer {token}"}


async def signed_in(
    client: AsyncTestClient[Litestar],
    *,
    role: str = "user",
    database_url: str | None = None,
) -> dict[str, Any]:
    """A new account, given `role` (set in the auth schema before signing in), signed in."""
    address = new_email()
    registered = await client.post(
        "/api/v1/auth/register", json={"email": address, "password": PASSWORD}
    )
    assert registered.status_code == 201, registered.text
    if role != "user":
        assert database_url is not None, "promoting an account needs the database URL"
        with psycopg.connect(libpq_url(database_url)) as conn:
            conn.execute("UPDATE auth.users SET role = %s WHERE email = %s", (role, address))
    login = await client.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    assert login.status_code == 200, login.text
    me = await client.get("/api/v1/auth/me", headers=bearer(login.json()["access_token"]))
    return {"email": address, "user_id": me.json()["id"], **login.json()}


def live_access_token(base_url: str, email: str, *, admin_in: str | None = None) -> str:
    """Sign `email` up and in on a running server; made an administrator first when the
    database URL `admin_in` is given."""
    credentials = {"email": email, "password": PASSWORD}
    with httpx.Client(base_url=base_url) as client:
        client.post("/api/v1/auth/register", json=credentials)
        if admin_in is not None:
            with psycopg.connect(libpq_url(admin_in)) as conn:
                conn.execute("UPDATE auth.users SET role = 'admin' WHERE email = %s", (email,))
        signed_in = client.post("/api/v1/auth/login", json=credentials)
    assert signed_in.status_code == 200, signed_in.text
    return str(signed_in.json()["access_token"])


async def refused_within(
    client: AsyncTestClient[Litestar], access_token: str, seconds: float
) -> bool:
    """Whether `client`'s app refuses the token (401 on /me) within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        answer = await client.get("/api/v1/auth/me", headers=bearer(access_token))
        if answer.status_code == 401:
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.02)


def forget_rate_limits(redis_url: str) -> None:
    """Empty auth's rate-limit windows (keyed by client IP, which every test client shares)."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("auth:*"):
        if not key.startswith(b"auth:revoked:"):
            client.delete(key)
    client.close()
