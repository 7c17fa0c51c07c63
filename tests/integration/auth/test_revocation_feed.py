"""Revocations reach every app instance through PostgreSQL's notifications; without them, the
database answers."""

import asyncio
from collections.abc import Callable

import psycopg
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.db import libpq_url
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.main import build_app
from tests.integration.auth.conftest import FAST_HASHING
from tests.support.accounts import PASSWORD, bearer, signed_in


async def until(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def cut_feed(database_url: str, runtime: Runtime) -> None:
    """End the LISTEN connection of one instance, as a network blip or a failover would."""
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (runtime.listener.application_name,),
        )


async def test_a_revocation_while_the_feed_is_down_is_still_refused_and_after_it_returns(
    settings_for: Callable[..., Settings], database_url: str
) -> None:
    first = Runtime.build(settings_for(**FAST_HASHING), database_url)
    second = Runtime.build(settings_for(**FAST_HASHING), database_url)
    async with (
        AsyncTestClient(build_app(first)) as one,
        AsyncTestClient(build_app(second)) as other,
    ):
        await until(lambda: first.listener.live and second.listener.live)
        ended = await signed_in(one)
        credentials = {"email": ended["email"], "password": PASSWORD}
        kept = (await one.post("/api/v1/auth/login", json=credentials)).json()

        cut_feed(database_url, first)
        await until(lambda: not first.listener.live)
        await other.post("/api/v1/auth/logout", headers=bearer(ended["access_token"]))
        refused = await one.get("/api/v1/auth/me", headers=bearer(ended["access_token"]))
        assert refused.status_code == 401, "with the feed down, the database is asked"

        await until(lambda: first.listener.live)
        for token, expected in ((ended["access_token"], 401), (kept["access_token"], 200)):
            answer = await one.get("/api/v1/auth/me", headers=bearer(token))
            assert answer.status_code == expected, "the list is reloaded on reconnect"


async def test_an_account_change_made_elsewhere_shows_in_me_within_a_second(
    app_for: Callable[..., Litestar], database_url: str
) -> None:
    async with AsyncTestClient(app_for(**FAST_HASHING)) as one:
        account = await signed_in(one)
        me = await one.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
        assert me.json()["email_verified"] is False  # now cached in `one`
        with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
            conn.execute(
                "UPDATE auth.users SET email_verified_at = now() WHERE email = %s",
                (account["email"],),
            )
        for _ in range(50):
            me = await one.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
            if me.json()["email_verified"]:
                break
            await asyncio.sleep(0.02)
        assert me.json()["email_verified"] is True
