"""With Redis stopped or absent, sign-in and requests go on and revoked sessions stay revoked."""

import asyncio
from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.auth.conftest import FAST_HASHING
from tests.support.accounts import PASSWORD, bearer, refused_within, signed_in
from tests.support.servers import RedisServer


async def status_of_me(client: AsyncTestClient[Litestar], access_token: str) -> int:
    return (await client.get("/api/v1/auth/me", headers=bearer(access_token))).status_code


async def test_an_outage_never_lets_a_revoked_session_back_in(
    app_for: Callable[..., Litestar], own_redis: RedisServer
) -> None:
    settings = {"redis_url": own_redis.url, "redis_retry_after_seconds": 0.2, **FAST_HASHING}
    async with (
        AsyncTestClient(app_for(**settings)) as first,
        AsyncTestClient(app_for(**settings)) as second,
    ):
        ended = await signed_in(first)
        credentials = {"email": ended["email"], "password": PASSWORD}
        kept = (await first.post("/api/v1/auth/login", json=credentials)).json()
        ended_later = (await first.post("/api/v1/auth/login", json=credentials)).json()
        await first.post("/api/v1/auth/logout", headers=bearer(ended["access_token"]))

        own_redis.stop()
        during = await second.post("/api/v1/auth/login", json=credentials)
        assert during.status_code == 200, during.text
        for client in (first, second):
            assert await status_of_me(client, kept["access_token"]) == 200
            assert await status_of_me(client, during.json()["access_token"]) == 200
            assert await refused_within(client, ended["access_token"], seconds=1.0)
        logout = await second.post(
            "/api/v1/auth/logout", headers=bearer(ended_later["access_token"])
        )
        assert logout.status_code == 204
        for client in (first, second):
            assert await refused_within(client, ended_later["access_token"], seconds=1.0)

        own_redis.start()  # empty: it kept nothing of the revocations
        await asyncio.sleep(0.3)
        for client in (first, second):
            assert await status_of_me(client, kept["access_token"]) == 200
            assert await status_of_me(client, ended["access_token"]) == 401
            assert await status_of_me(client, ended_later["access_token"]) == 401


async def test_without_redis_at_all_a_revocation_reaches_the_other_instance(
    app_for: Callable[..., Litestar],
) -> None:
    async with (
        AsyncTestClient(app_for(**FAST_HASHING)) as first,
        AsyncTestClient(app_for(**FAST_HASHING)) as second,
    ):
        account = await signed_in(first)
        assert await status_of_me(second, account["access_token"]) == 200
        await second.post("/api/v1/auth/logout", headers=bearer(account["access_token"]))
        assert await refused_within(first, account["access_token"], seconds=1.0)
