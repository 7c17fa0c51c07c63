"""PostgreSQL down: 503 with a problem document, and recovery without a restart."""

import asyncio
from collections.abc import Callable

import psycopg
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text

from aims.kernel.db import PING_WHEN_IDLE_SECONDS, Database, libpq_url
from aims.kernel.settings import Settings
from tests.support.proxy import DatabaseProxy


async def test_readiness_follows_the_database_down_and_back_up(
    app_for: Callable[..., Litestar], database_proxy: DatabaseProxy
) -> None:
    async with AsyncTestClient(app_for(database_url=database_proxy.url)) as client:
        assert (await client.get("/ready")).status_code == 200
        database_proxy.cut()
        down = await client.get("/ready")
        assert down.status_code == 503
        assert down.json()["checks"]["database"]["status"] == "down"
        assert (await client.get("/health")).status_code == 200, "liveness needs no database"
        database_proxy.start()
        assert (await client.get("/ready")).status_code == 200


async def test_the_app_starts_while_the_database_is_down_and_recovers(
    app_for: Callable[..., Litestar], database_proxy: DatabaseProxy
) -> None:
    database_proxy.cut()
    async with AsyncTestClient(
        app_for(database_url=database_proxy.url, in_process_worker=True)
    ) as client:
        assert (await client.get("/health")).status_code == 200
        assert (await client.get("/ready")).status_code == 503
        database_proxy.start()
        assert (await client.get("/ready")).status_code == 200


async def test_a_connection_that_died_idle_in_the_pool_is_replaced_unnoticed(
    database_url: str,
) -> None:
    db = Database(database_url, Settings(database_url=database_url))
    try:
        async with db.transaction() as session:
            first = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with await psycopg.AsyncConnection.connect(libpq_url(database_url)) as admin:
            await admin.execute("SELECT pg_terminate_backend(%s)", [first])
        await asyncio.sleep(PING_WHEN_IDLE_SECONDS + 0.1)
        async with db.transaction() as session:
            second = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert second != first
    finally:
        await db.dispose()
