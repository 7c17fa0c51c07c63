"""The profiles JSON API, authenticated through auth: what a user and an admin may do."""

import asyncio
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.db import libpq_url
from tests.support.accounts import bearer, forget_rate_limits, signed_in
from tests.support.proxy import DatabaseProxy

FAST_HASHING: dict[str, Any] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture(autouse=True)
def fresh_rate_limits(redis_url: str) -> None:
    forget_rate_limits(redis_url)


@pytest.fixture
async def api(app_for: Callable[..., Litestar], redis_url: str) -> Any:
    async with AsyncTestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as client:
        yield client


async def test_my_profile_is_created_empty_and_updated_partially(
    api: AsyncTestClient[Litestar],
) -> None:
    me = await signed_in(api)
    auth = bearer(me["access_token"])
    first = await api.get("/api/v1/profiles/me", headers=auth)
    assert first.status_code == 200
    assert first.json()["display_name"] is None
    assert first.headers["cache-control"] == "no-store"
    changed = await api.patch(
        "/api/v1/profiles/me",
        json={"display_name": "佐藤 花子", "timezone": "Asia/Tokyo"},
        headers=auth,
    )
    assert changed.status_code == 200, changed.text
    cleared = await api.patch("/api/v1/profiles/me", json={"timezone": None}, headers=auth)
    assert cleared.json()["display_name"] == "佐藤 花子"
    assert cleared.json()["timezone"] is None


async def test_a_user_cannot_touch_another_users_profile(api: AsyncTestClient[Litestar]) -> None:
    alice, bob = await signed_in(api), await signed_in(api)
    await api.get("/api/v1/profiles/me", headers=bearer(bob["access_token"]))
    path = f"/api/v1/profiles/{bob['user_id']}"
    read = await api.get(path, headers=bearer(alice["access_token"]))
    write = await api.patch(path, json={"bio": "hacked"}, headers=bearer(alice["access_token"]))
    assert read.status_code == 403
    assert write.status_code == 403
    assert read.headers["content-type"].startswith("application/problem+json")
    mine = await api.get("/api/v1/profiles/me", headers=bearer(bob["access_token"]))
    assert mine.json()["bio"] is None


async def test_an_admin_can_read_and_change_any_profile(
    api: AsyncTestClient[Litestar], database_url: str
) -> None:
    admin = await signed_in(api, role="admin", database_url=database_url)
    user = await signed_in(api)
    await api.get("/api/v1/profiles/me", headers=bearer(user["access_token"]))
    path = f"/api/v1/profiles/{user['user_id']}"
    changed = await api.patch(
        path, json={"display_name": "Checked"}, headers=bearer(admin["access_token"])
    )
    assert changed.status_code == 200, changed.text
    read = await api.get(path, headers=bearer(admin["access_token"]))
    assert read.json()["display_name"] == "Checked"


async def test_anonymous_requests_are_401(api: AsyncTestClient[Litestar]) -> None:
    assert (await api.get("/api/v1/profiles/me")).status_code == 401
    assert (await api.patch("/api/v1/profiles/me", json={"bio": "x"})).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"display_name": "x" * 101}, "display_name"),
        ({"bio": "y" * 2001}, "bio"),
        ({"address": "z" * 501}, "address"),
        ({"phone": "call me maybe"}, "phone"),
        ({"locale": "fr"}, "locale"),
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"first_name": 42}, "first_name"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
async def test_bad_fields_are_422_naming_the_field_and_nothing_is_written(
    api: AsyncTestClient[Litestar], body: dict[str, Any], field: str
) -> None:
    me = await signed_in(api)
    auth = bearer(me["access_token"])
    refused = await api.patch(
        "/api/v1/profiles/me", json={"last_name": "Kept?", **body}, headers=auth
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert field in {error["field"] for error in refused.json()["errors"]}
    assert (await api.get("/api/v1/profiles/me", headers=auth)).json()["last_name"] is None


async def test_markup_is_stored_as_given(api: AsyncTestClient[Litestar]) -> None:
    me = await signed_in(api)
    auth = bearer(me["access_token"])
    payload = "<script>alert('x')</script>"
    await api.patch("/api/v1/profiles/me", json={"bio": payload}, headers=auth)
    assert (await api.get("/api/v1/profiles/me", headers=auth)).json()["bio"] == payload


async def test_with_postgresql_down_a_cached_profile_is_served_marked_stale(
    app_for: Callable[..., Litestar], redis_url: str, database_proxy: DatabaseProxy
) -> None:
    async with AsyncTestClient(
        app_for(redis_url=redis_url, database_url=database_proxy.url, **FAST_HASHING)
    ) as api:
        me = await signed_in(api)
        auth = bearer(me["access_token"])
        await api.patch("/api/v1/profiles/me", json={"display_name": "Cached"}, headers=auth)
        await api.get("/api/v1/profiles/me", headers=auth)
        database_proxy.cut()
        refused = await api.patch(
            "/api/v1/profiles/me", json={"display_name": "Lost?"}, headers=auth
        )
        assert refused.status_code == 503
        assert refused.headers["content-type"].startswith("application/problem+json")
        served = await api.get("/api/v1/profiles/me", headers=auth)
        assert served.status_code == 200
        assert served.json()["display_name"] == "Cached"
        assert served.headers["x-aims-stale"] == "true"
        database_proxy.start()
        assert (await api.get("/api/v1/profiles/me", headers=auth)).json()[
            "display_name"
        ] == "Cached"


async def test_cache_hits_and_misses_are_counted_for_prometheus(
    api: AsyncTestClient[Litestar],
) -> None:
    def count(metrics: str, result: str) -> float:
        line = next(
            (
                row
                for row in metrics.splitlines()
                if row.startswith(f'aims_profile_cache_lookups_total{{result="{result}"}}')
            ),
            None,
        )
        return float(line.split()[-1]) if line else 0.0

    me = await signed_in(api)
    auth = bearer(me["access_token"])
    before = (await api.get("/metrics")).text
    await api.get("/api/v1/profiles/me", headers=auth)
    await api.get("/api/v1/profiles/me", headers=auth)
    after = (await api.get("/metrics")).text
    assert count(after, "miss") == count(before, "miss") + 1
    assert count(after, "hit") == count(before, "hit") + 1


async def bio_within(client: AsyncTestClient[Litestar], auth: dict[str, str], bio: str) -> bool:
    """Whether the profile read through `client` shows `bio` within a second."""
    for _ in range(50):
        if (await client.get("/api/v1/profiles/me", headers=auth)).json()["bio"] == bio:
            return True
        await asyncio.sleep(0.02)
    return False


@pytest.mark.parametrize("with_redis", [True, False])
async def test_a_profile_changed_through_another_instance_is_seen_within_a_second(
    app_for: Callable[..., Litestar], redis_url: str, with_redis: bool
) -> None:
    shared = {"redis_url": redis_url} if with_redis else {}
    async with (
        AsyncTestClient(app_for(**shared, **FAST_HASHING)) as one,
        AsyncTestClient(app_for(**shared, **FAST_HASHING)) as other,
    ):
        me = await signed_in(one)
        auth = bearer(me["access_token"])
        await one.get("/api/v1/profiles/me", headers=auth)  # now kept in `one`'s memory
        await other.patch("/api/v1/profiles/me", json={"bio": "changed"}, headers=auth)
        assert await bio_within(one, auth, "changed")


@pytest.mark.parametrize("with_redis", [True, False])
async def test_a_profile_changed_in_the_database_by_hand_is_seen_within_a_second(
    app_for: Callable[..., Litestar], database_url: str, redis_url: str, with_redis: bool
) -> None:
    shared = {"redis_url": redis_url} if with_redis else {}
    async with AsyncTestClient(app_for(**shared, **FAST_HASHING)) as api:
        me = await signed_in(api)
        auth = bearer(me["access_token"])
        await api.get("/api/v1/profiles/me", headers=auth)
        with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
            conn.execute(
                "UPDATE profiles.profiles SET bio = 'by hand' WHERE user_id = %s",
                (me["user_id"],),
            )
        assert await bio_within(api, auth, "by hand")
