"""PostgreSQL down: tokens keep working from Redis and the cached keys; sign-in answers 503."""

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.auth.conftest import FAST_HASHING
from tests.support.accounts import PASSWORD, bearer, signed_in
from tests.support.proxy import DatabaseProxy


async def test_bearer_tokens_outlive_a_database_outage(
    app_for: Callable[..., Litestar],
    database_proxy: DatabaseProxy,
    redis_url: str,
    database_url: str,
) -> None:
    app = app_for(database_url=database_proxy.url, redis_url=redis_url, **FAST_HASHING)
    async with AsyncTestClient(app) as api:
        account = await signed_in(api)
        admin = await signed_in(api, role="admin", database_url=database_url)
        assert (
            await api.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
        ).is_success
        database_proxy.cut()
        check = await api.post(
            "/api/v1/auth/introspect",
            json={"token": account["access_token"]},
            headers=bearer(admin["access_token"]),
        )
        assert check.json().get("active") is True, check.text
        credentials = {"email": account["email"], "password": PASSWORD}
        down = await api.post("/api/v1/auth/login", json=credentials)
        assert down.status_code == 503
        assert down.json()["code"] == "database_unavailable"
        database_proxy.start()
        assert (await api.post("/api/v1/auth/login", json=credentials)).status_code == 200


async def test_a_process_cut_off_from_postgresql_still_refuses_what_others_revoke(
    app_for: Callable[..., Litestar], database_proxy: DatabaseProxy, redis_url: str
) -> None:
    cut_off = app_for(database_url=database_proxy.url, redis_url=redis_url, **FAST_HASHING)
    connected = app_for(redis_url=redis_url, **FAST_HASHING)
    async with AsyncTestClient(cut_off) as alone, AsyncTestClient(connected) as other:
        account = await signed_in(other)
        auth = bearer(account["access_token"])
        assert (await alone.get("/api/v1/auth/me", headers=auth)).is_success
        database_proxy.cut()
        assert (await other.post("/api/v1/auth/logout", headers=auth)).status_code == 204
        refused = await alone.get("/api/v1/auth/me", headers=auth)
        assert refused.status_code == 401, "the revoking process also told the shared store"
