"""PostgreSQL down: 503 with a problem document, and recovery without a restart."""

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

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
