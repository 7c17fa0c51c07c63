"""Register → verify → login → /me → refresh → logout, on one app and across two."""

from collections.abc import Callable
from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.auth.conftest import FAST_HASHING, mailed_token
from tests.support.accounts import PASSWORD, bearer, new_email, refused_within, signed_in


async def test_the_whole_round_trip_and_logout_kills_the_token_on_every_instance(
    app_for: Callable[..., Litestar], redis_url: str, mail_dir: Path
) -> None:
    address = new_email()
    first_app = app_for(redis_url=redis_url, **FAST_HASHING)
    second_app = app_for(redis_url=redis_url, **FAST_HASHING)
    async with AsyncTestClient(first_app) as first, AsyncTestClient(second_app) as second:
        registered = await first.post(
            "/api/v1/auth/register", json={"email": address.upper(), "password": PASSWORD}
        )
        assert registered.status_code == 201, registered.text
        token = await mailed_token(mail_dir, address, "Confirm")
        verified = await first.post("/api/v1/auth/email/verify", json={"token": token})
        assert verified.status_code == 204, verified.text

        login = await first.post(
            "/api/v1/auth/login", json={"email": address, "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        pair = login.json()
        assert pair["token_type"] == "Bearer"
        assert pair["expires_in"] == 900

        me = await second.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))
        assert me.status_code == 200, me.text
        assert me.json()["email"] == address
        assert me.json()["email_verified"] is True
        assert me.json()["roles"] == ["user"]

        refreshed = await second.post(
            "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert refreshed.status_code == 200, refreshed.text
        new_pair = refreshed.json()
        assert new_pair["refresh_token"] != pair["refresh_token"]

        # both instances accept the new access token, warming any cache they keep
        for client in (first, second):
            assert (
                await client.get("/api/v1/auth/me", headers=bearer(new_pair["access_token"]))
            ).status_code == 200

        logout = await first.post("/api/v1/auth/logout", headers=bearer(new_pair["access_token"]))
        assert logout.status_code == 204, logout.text
        for access in (pair["access_token"], new_pair["access_token"]):  # at once where revoked
            refused = await first.get("/api/v1/auth/me", headers=bearer(access))
            assert refused.status_code == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")
            assert refused.headers["content-type"].startswith("application/problem+json")
        for access in (pair["access_token"], new_pair["access_token"]):  # within a second elsewhere
            assert await refused_within(second, access, seconds=1.0)
        again = await second.post(
            "/api/v1/auth/refresh", json={"refresh_token": new_pair["refresh_token"]}
        )
        assert again.status_code == 401


async def test_me_without_a_token_is_a_401_problem(api: AsyncTestClient[Litestar]) -> None:
    response = await api.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response.headers["www-authenticate"] == 'Bearer realm="aims"'


async def test_a_client_whose_access_token_expired_logs_out_with_its_refresh_token(
    api: AsyncTestClient[Litestar],
) -> None:
    account = await signed_in(api)
    ended = await api.post("/api/v1/auth/logout", json={"refresh_token": account["refresh_token"]})
    assert ended.status_code == 204
    assert (
        await api.get("/api/v1/auth/me", headers=bearer(account["access_token"]))
    ).status_code == 401
    again = await api.post("/api/v1/auth/refresh", json={"refresh_token": account["refresh_token"]})
    assert again.status_code == 401
    assert (await api.post("/api/v1/auth/logout")).status_code == 401
    unknown = await api.post("/api/v1/auth/logout", json={"refresh_token": "x" * 43})
    assert unknown.status_code == 401
