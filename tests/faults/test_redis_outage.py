"""Redis stopped and started again under traffic on `aims run --workers 2` (two processes
sharing it): every request is answered as usual from PostgreSQL (SPEC §7), a sign-out during
the outage reaches every process, and no process serves a stale profile afterwards."""

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest

from tests.faults.conftest import OwnPostgres, running_app
from tests.support.accounts import PASSWORD, bearer, new_email
from tests.support.servers import RedisServer

pytestmark = pytest.mark.slow

PHASE_SECONDS = 2.0
USERS = 4
ROUNDS_AFTER_SIGN_OUT = 20


async def signed_in(client: httpx.AsyncClient) -> dict[str, Any]:
    credentials = {"email": new_email(), "password": PASSWORD}
    assert (await client.post("/api/v1/auth/register", json=credentials)).status_code == 201
    login = await client.post("/api/v1/auth/login", json=credentials)
    assert login.status_code == 200, login.text
    tokens: dict[str, Any] = login.json()
    return tokens


async def keep_busy(
    client: httpx.AsyncClient, user: dict[str, Any], statuses: Counter[int], stopped: asyncio.Event
) -> str:
    """Read and write `user`'s account and profile until `stopped`; the last name written."""
    headers = bearer(user["access_token"])
    name = ""
    rounds = 0
    while not stopped.is_set():
        rounds += 1
        name = f"name {rounds}"
        for answer in (
            await client.get("/api/v1/auth/me", headers=headers),
            await client.get("/api/v1/profiles/me", headers=headers),
            await client.patch("/api/v1/profiles/me", json={"display_name": name}, headers=headers),
        ):
            statuses[answer.status_code] += 1
    return name


async def refused_everywhere(client: httpx.AsyncClient, token: str) -> bool:
    """Whether every process refuses `token` (the balancer spreads the requests over them)."""
    answers = [
        (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code
        for _ in range(ROUNDS_AFTER_SIGN_OUT)
    ]
    return set(answers) == {401}


def test_redis_stopped_and_restarted_under_traffic_changes_nothing_users_see(
    own_postgres: OwnPostgres, own_redis: RedisServer
) -> None:
    redis = {"AIMS_REDIS_URL": own_redis.url, "AIMS_REDIS_RETRY_AFTER_SECONDS": "0.5"}
    with running_app(own_postgres, "--no-worker", "--workers", "2", **redis) as (_, sync):
        asyncio.run(outage_under_traffic(str(sync.base_url), own_redis))


async def outage_under_traffic(base: str, redis: RedisServer) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        users = [await signed_in(client) for _ in range(USERS)]
        leaving = await signed_in(client)
        statuses: Counter[int] = Counter()
        stopped = asyncio.Event()
        traffic = [asyncio.create_task(keep_busy(client, u, statuses, stopped)) for u in users]

        await asyncio.sleep(PHASE_SECONDS)
        await asyncio.to_thread(redis.stop)
        await asyncio.sleep(PHASE_SECONDS)
        signed_out = await client.post(
            "/api/v1/auth/logout", headers=bearer(leaving["access_token"])
        )
        assert signed_out.status_code == 204
        assert await refused_everywhere(client, leaving["access_token"])
        await asyncio.to_thread(redis.start)
        await asyncio.sleep(PHASE_SECONDS)
        stopped.set()
        last_names = await asyncio.gather(*traffic)

        assert set(statuses) == {200}, statuses
        assert statuses[200] > 3 * USERS * 3, "traffic went on through the outage"
        for user, name in zip(users, last_names, strict=True):
            for _ in range(ROUNDS_AFTER_SIGN_OUT // 4):
                profile = await client.get(
                    "/api/v1/profiles/me", headers=bearer(user["access_token"])
                )
                assert profile.json()["display_name"] == name
        assert await refused_everywhere(client, leaving["access_token"])
