"""Refresh-token rotation: two tabs inside the grace window, replay after it, lifetimes."""

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from aims.auth.facade import AuthService
from aims.auth.models import audit_events, users
from aims.auth.public import Unauthenticated
from tests.integration.auth.conftest import CLIENT, FakeClock, signed_up
from tests.support.accounts import bearer, signed_in

Service = Callable[..., Awaitable[AuthService]]


async def test_two_tabs_refreshing_at_once_both_succeed_with_the_same_successor(
    api: AsyncTestClient[Litestar],
) -> None:
    account = await signed_in(api)
    body = {"refresh_token": account["refresh_token"]}
    first, second = await asyncio.gather(
        api.post("/api/v1/auth/refresh", json=body), api.post("/api/v1/auth/refresh", json=body)
    )
    assert first.status_code == second.status_code == 200, (first.text, second.text)
    assert first.json()["refresh_token"] == second.json()["refresh_token"]
    for pair in (first.json(), second.json()):
        me = await api.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))
        assert me.status_code == 200
    onward = await api.post(
        "/api/v1/auth/refresh", json={"refresh_token": first.json()["refresh_token"]}
    )
    assert onward.status_code == 200


async def test_replaying_a_consumed_token_after_the_grace_window_revokes_the_family(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    _, pair = await signed_up(service)
    rotated = await service.refresh(pair.refresh_token, CLIENT)
    clock.advance(seconds=11)
    with pytest.raises(Unauthenticated):
        await service.refresh(pair.refresh_token, CLIENT)  # the thief (or the victim) replays
    with pytest.raises(Unauthenticated):
        await service.refresh(rotated.refresh_token, CLIENT)  # the whole family is gone
    with pytest.raises(Unauthenticated):
        await service.authenticate(rotated.access_token)  # and its access tokens at once


async def test_the_reuse_is_audited(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    address, pair = await signed_up(service)
    await service.refresh(pair.refresh_token, CLIENT)
    clock.advance(seconds=11)
    with pytest.raises(Unauthenticated):
        await service.refresh(pair.refresh_token, CLIENT)
    records = await _audit_actions(service, address)
    assert "refresh_reuse" in records


async def _audit_actions(service: AuthService, address: str) -> list[str]:
    async with service.deps.db.transaction() as db:
        user_id = await db.scalar(select(users.c.id).where(users.c.email == address))
        rows = await db.execute(
            select(audit_events.c.action).where(audit_events.c.subject_id == user_id)
        )
        return [row.action for row in rows]


async def test_idle_and_absolute_lifetimes_end_a_session(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    _, pair = await signed_up(service)
    clock.advance(days=7, seconds=1)
    with pytest.raises(Unauthenticated):
        await service.refresh(pair.refresh_token, CLIENT)

    _, pair = await signed_up(service)
    for _ in range(4):  # kept busy: each hop is within the idle lifetime
        clock.advance(days=6, hours=23)
        pair = await service.refresh(pair.refresh_token, CLIENT)
    clock.advance(days=3)
    with pytest.raises(Unauthenticated):
        await service.refresh(pair.refresh_token, CLIENT)  # 30.6 days after sign-in


async def test_an_unknown_refresh_token_is_refused(api: AsyncTestClient[Litestar]) -> None:
    response = await api.post("/api/v1/auth/refresh", json={"refresh_token": "x" * 43})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
