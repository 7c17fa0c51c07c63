"""Brute force: accounts lock after five failures, the lock expires, an admin can lift it."""

import contextlib
import secrets
from collections.abc import Awaitable, Callable
from uuid import UUID

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.domain import Role
from aims.auth.facade import AuthService
from aims.auth.public import ClientInfo, Principal, SignedIn, TooManyAttempts, Unauthenticated
from aims.auth.services import admin
from tests.integration.auth.conftest import CLIENT, FakeClock, sign_in, signed_up
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
        await sign_in(service, address, PASSWORD, CLIENT)
    assert 50 <= locked.value.retry_after <= 60
    clock.advance(seconds=61)
    await sign_in(service, address, PASSWORD, CLIENT)  # the lock is over, success resets it
    await _lock(service, address)
    clock.advance(seconds=61)
    await sign_in(service, address, PASSWORD, CLIENT)


async def test_a_second_lock_in_a_row_lasts_twice_as_long(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    await _lock(service, address)
    clock.advance(seconds=61)
    await _lock(service, address)
    with pytest.raises(TooManyAttempts) as locked:
        await sign_in(service, address, PASSWORD, CLIENT)
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
        await sign_in(service, address, PASSWORD, CLIENT)
    unlocked = await service.unlock(admin_principal, user_id, CLIENT)
    assert unlocked.locked_until is None
    await sign_in(service, address, PASSWORD, CLIENT)


async def test_per_ip_and_account_window_stops_guessing_from_one_address(
    service_for: Service,
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    attacker = ClientInfo(ip="198.51.100.7")
    for _ in range(10):
        with contextlib.suppress(Unauthenticated, TooManyAttempts):
            await sign_in(service, address, "wrong password here", attacker)
        await admin.unlock(service.deps, None, await _user_id(service, address), None)
    with pytest.raises(TooManyAttempts):
        await sign_in(service, address, PASSWORD, attacker)
    await sign_in(service, address, PASSWORD, CLIENT)  # the owner elsewhere is not locked out


async def _lock(service: AuthService, address: str) -> None:
    """Five failures from a fresh address (so only the account rule, not the IP windows, bites)."""
    guesser = ClientInfo(ip=f"198.51.100.{secrets.randbelow(250) + 1}")
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await sign_in(service, address, "wrong password here", guesser)


async def _signed_in_again(service: AuthService, principal: Principal) -> Principal:
    pair = await sign_in(service, principal.email, PASSWORD, CLIENT)
    return await service.authenticate(pair.access_token)


async def _user_id(service: AuthService, address: str) -> UUID:
    pair = await sign_in(service, address, PASSWORD, ClientInfo(ip="203.0.113.1"))
    return (await service.authenticate(pair.access_token)).user_id


async def device_of(service: AuthService, address: str, client: ClientInfo = CLIENT) -> ClientInfo:
    """The owner's browser after a sign-in: it now carries the device cookie it was given."""
    outcome = await service.login(address, PASSWORD, client)
    assert isinstance(outcome, SignedIn)
    return msgspec.structs.replace(client, device=outcome.device_cookie)


async def test_strangers_locking_the_account_do_not_lock_out_a_known_browser(
    service_for: Service,
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    browser = await device_of(service, address)
    await _lock(service, address)
    with pytest.raises(TooManyAttempts):
        await sign_in(service, address, PASSWORD, ClientInfo(ip="192.0.2.99"))  # a new browser
    assert isinstance(await service.login(address, PASSWORD, browser), SignedIn)


async def test_failures_through_a_device_cookie_lock_only_that_device(
    service_for: Service,
) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    stolen = await device_of(service, address, ClientInfo(ip="192.0.2.30", user_agent="owner"))
    for _ in range(5):
        with pytest.raises(Unauthenticated):
            await service.login(address, "wrong password here", stolen)
    await sign_in(service, address, PASSWORD, ClientInfo(ip="192.0.2.31"))  # the account is open
    await _lock(service, address)
    with pytest.raises(TooManyAttempts):  # the worn-out cookie is a stranger's now
        await service.login(address, PASSWORD, stolen)


async def test_a_device_cookie_counts_only_for_its_own_account(service_for: Service) -> None:
    service = await service_for()
    address, _ = await signed_up(service)
    other, _ = await signed_up(service)
    browser = await device_of(service, other)
    forged = msgspec.structs.replace(browser, device=(browser.device or "")[:-4] + "AAAA")
    await _lock(service, address)
    for client in (browser, forged):
        with pytest.raises(TooManyAttempts):
            await service.login(address, PASSWORD, client)


async def test_over_http_the_browser_that_signed_in_before_keeps_signing_in(
    api: AsyncTestClient[Litestar],
) -> None:
    address = new_email()
    await api.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    right = {"email": address, "password": PASSWORD}
    first = await api.post("/api/v1/auth/login", json=right)
    cookie = first.cookies["aims_device"]
    assert "httponly" in first.headers["set-cookie"].lower()
    api.cookies.clear()
    wrong = {"email": address, "password": "not the password at all"}
    statuses = [(await api.post("/api/v1/auth/login", json=wrong)).status_code for _ in range(5)]
    assert statuses == [401] * 5
    assert (await api.post("/api/v1/auth/login", json=right)).status_code == 429
    api.cookies.set("aims_device", cookie)
    assert (await api.post("/api/v1/auth/login", json=right)).status_code == 200
