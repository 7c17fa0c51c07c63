"""Brute force: accounts lock after five failures, the lock expires, an admin can lift it."""

import contextlib
import secrets
from collections.abc import Awaitable, Callable
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.domain import Role
from aims.auth.facade import AuthService
from aims.auth.public import ClientInfo, Principal, TooManyAttempts, Unauthenticated
from aims.auth.services import admin
from tests.integration.auth.conftest import CLIENT, FakeClock, signed_up
from tests.support.accounts import PASSWORD, new_email

Service = Callable[..., Awaitable[AuthService]]


async def test_six_wrong_passwords_lock_the_account_even_for_the_right_one(
    api: AsyncTestClient[Litestar],
) -> None:
    address = new_email()
    await api.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    wrong = {"email": address, "password": "not the password at all"}
    statuses = [(await api.post("/api/v1/auth/login", json=wrong)).status_code for _ in range(6)]
    assert statuses == [401, 401, 401, 401, 401, 429]
    right = await api.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    assert right.status_code == 429
    assert 1 <= int(right.headers["retry-after"]) <= 60
    assert right.json()["code"] == "too_many_attempts"


async def test_an_unknown_address_locks_just_like_a_real_one(
    api: AsyncTestClient[Litestar],
) -> None:
    wrong = {"email": new_email(), "password": "not the password at all"}
    statuses = [(await api.post("/api/v1/auth/login", json=wrong)).status_code for _ in range(6)]
    assert statuses == [401, 401, 401, 401, 401, 429]


async def test_the_lock_expires_and_grows_on_repeat(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    await _lock(service, address)
    with pytest.raises(TooManyAttempts) as locked:
        await service.login(address, PASSWORD, None, CLIENT)
    assert 50 <= locked.value.retry_after <= 60
    clock.advance(seconds=61)
    await service.login(address, PASSWORD, None, CLIENT)  # the lock is over, success resets it
    await _lock(service, address)
    clock.advance(seconds=61)
    await service.login(address, PASSWORD, None, CLIENT)


async def test_a_second_lock_in_a_row_lasts_twice_as_long(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    await _lock(service, address)
    clock.advance(seconds=61)
    await _lock(service, address)
    with pytest.raises(TooManyAttempts) as locked:
        await service.login(address, PASSWORD, None, CLIENT)
    assert 100 <= locked.value.retry_after <= 120


async def test_an_admin_can_unlock(service_for: Service) -> None:
    service = await service_for()
    address, pair = await signed_up(service)
    _, admin_pair = await signed_up(service)
    admin_principal = await service.authenticate(admin_pair.access_token)
    await admin.set_role(service.deps, None, admin_principal.user_id, Role.ADMIN, None)
    admin_principal = await _signed_in_again(service, admin_principal)
    user_id = (await service.authenticate(pair.access_token)).user_id
    await _lock(service, address)
    assert (await service.get_user(admin_principal, user_id)).locked_until is not None
    with pytest.raises(TooManyAttempts):
        await service.login(address, PASSWORD, None, CLIENT)
    unlocked = await service.unlock(admin_principal, user_id, CLIENT)
    assert unlocked.locked_until is None
    await service.login(address, PASSWORD, None, CLIENT)


async def test_per_ip_and_account_window_stops_guessing_from_one_address(
    service_for: Service,
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    attacker = ClientInfo(ip="198.51.100.7")
    for _ in range(10):
        with contextlib.suppress(Unauthenticated, TooManyAttempts):
            await service.login(address, "wrong password here", None, attacker)
        await admin.unlock(service.deps, None, await _user_id(service, address), None)
    with pytest.raises(TooManyAttempts):
        await service.login(address, PASSWORD, None, attacker)
    await service.login(address, PASSWORD, None, CLIENT)  # the owner elsewhere is not locked out


async def _lock(service: AuthService, address: str) -> None:
    """Five failures from a fresh address (so only the account rule, not the IP windows, bites)."""
    guesser = ClientInfo(ip=f"198.51.100.{secrets.randbelow(250) + 1}")
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await service.login(address, "wrong password here", None, guesser)


async def _signed_in_again(service: AuthService, principal: Principal) -> Principal:
    pair = await service.login(principal.email, PASSWORD, None, CLIENT)
    return await service.authenticate(pair.access_token)


async def _user_id(service: AuthService, address: str) -> UUID:
    pair = await service.login(address, PASSWORD, None, ClientInfo(ip="203.0.113.1"))
    return (await service.authenticate(pair.access_token)).user_id
