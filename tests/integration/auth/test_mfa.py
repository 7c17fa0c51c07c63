"""TOTP enrolment, sign-in with a code or a recovery code, replay refusal and step-up."""

from collections.abc import Awaitable, Callable

import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from aims.auth.facade import AuthService
from aims.auth.models import mfa
from aims.auth.public import (
    MfaRequired,
    Principal,
    ReauthenticationRequired,
    Unauthenticated,
)
from tests.integration.auth.conftest import CLIENT, FakeClock, signed_up
from tests.support.accounts import PASSWORD, bearer, signed_in

Service = Callable[..., Awaitable[AuthService]]


async def enrolled(service: AuthService, clock: FakeClock) -> tuple[Principal, str, list[str]]:
    """A signed-in user with TOTP confirmed: principal, secret, recovery codes."""
    _, pair = await signed_up(service)
    principal = await service.authenticate(pair.access_token)
    enrolment = await service.begin_mfa(principal, CLIENT)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/")
    assert enrolment.qr_svg.startswith("<svg")
    codes = await service.confirm_mfa(principal, pyotp.TOTP(enrolment.secret).at(clock.now), CLIENT)
    return principal, enrolment.secret, list(codes.codes)


async def test_sign_in_needs_a_fresh_code_once_enrolled(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, codes = await enrolled(service, clock)
    assert len(codes) == 10
    with pytest.raises(MfaRequired):
        await service.login(principal.email, PASSWORD, None, CLIENT)
    used_at_enrolment = pyotp.TOTP(secret).at(clock.now)
    with pytest.raises(Unauthenticated):
        await service.login(principal.email, PASSWORD, used_at_enrolment, CLIENT)
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now)
    pair = await service.login(principal.email, PASSWORD, code, CLIENT)
    assert (await service.authenticate(pair.access_token)).mfa_enabled
    with pytest.raises(Unauthenticated):
        await service.login(principal.email, PASSWORD, code, CLIENT)  # replayed


async def test_a_recovery_code_works_once(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    await service.login(principal.email, PASSWORD, codes[3].upper(), CLIENT)
    with pytest.raises(Unauthenticated):
        await service.login(principal.email, PASSWORD, codes[3], CLIENT)


async def test_sensitive_changes_need_a_recent_sign_in(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, _ = await enrolled(service, clock)
    clock.advance(minutes=6)
    with pytest.raises(ReauthenticationRequired):
        await service.disable_mfa(principal, CLIENT)
    with pytest.raises(ReauthenticationRequired):
        await service.logout_all(principal, CLIENT)
    with pytest.raises(MfaRequired):
        await service.reauthenticate(principal, PASSWORD, None, CLIENT)
    await service.reauthenticate(principal, PASSWORD, pyotp.TOTP(secret).at(clock.now), CLIENT)
    await service.disable_mfa(principal, CLIENT)
    other = await service.login(principal.email, PASSWORD, None, CLIENT)  # no code needed now
    await service.logout_all(principal, CLIENT)
    with pytest.raises(Unauthenticated):
        await service.authenticate(other.access_token)


async def test_enrolment_over_http(api: AsyncTestClient[Litestar]) -> None:
    account = await signed_in(api)
    headers = bearer(account["access_token"])
    begun = await api.post("/api/v1/auth/mfa/totp", headers=headers)
    assert begun.status_code == 200, begun.text
    code = pyotp.TOTP(begun.json()["secret"]).now()
    confirmed = await api.post(
        "/api/v1/auth/mfa/totp/confirm", json={"code": code}, headers=headers
    )
    assert confirmed.status_code == 200
    assert len(confirmed.json()["codes"]) == 10
    login = await api.post(
        "/api/v1/auth/login", json={"email": account["email"], "password": PASSWORD}
    )
    assert login.status_code == 401
    assert login.json()["code"] == "mfa_required"
    me = await api.get("/api/v1/auth/me", headers=headers)
    assert me.json()["mfa_enabled"] is True


async def test_the_totp_seed_is_stored_sealed(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, secret, codes = await enrolled(service, clock)
    async with service.deps.db.transaction() as db:
        row = (await db.execute(select(mfa).where(mfa.c.user_id == principal.user_id))).one()
    assert secret not in row.secret
    assert not any(code in str(row.recovery_code_hashes) for code in codes)


async def test_after_a_secret_key_change_recovery_codes_still_work(
    service_for: Service, clock: FakeClock
) -> None:
    before = await service_for(secret_key="k" * 40)
    principal, secret, codes = await enrolled(before, clock)
    after = await service_for(secret_key="z" * 40)
    clock.advance(seconds=30)
    with pytest.raises(Unauthenticated):
        await after.login(principal.email, PASSWORD, pyotp.TOTP(secret).at(clock.now), CLIENT)
    await after.login(principal.email, PASSWORD, codes[0], CLIENT)
