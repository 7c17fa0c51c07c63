"""TOTP: enrolment, the MFA challenge step of sign-in, recovery codes, replay refusal, step-up."""

import base64
import hashlib
import os
from collections.abc import Awaitable, Callable

import pyotp
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update

from aims.auth.facade import AuthService
from aims.auth.models import mfa, mfa_challenges, users
from aims.auth.public import (
    ClientInfo,
    MfaChallengeInvalid,
    MfaRequired,
    ReauthenticationRequired,
    SignedIn,
    TooManyAttempts,
    Unauthenticated,
)
from tests.integration.auth.conftest import (
    CLIENT,
    FakeClock,
    challenged,
    enrolled,
    sign_in,
)
from tests.support.accounts import PASSWORD, bearer, signed_in

Service = Callable[..., Awaitable[AuthService]]


async def test_the_password_step_gives_a_challenge_and_the_code_finishes(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, codes = await enrolled(service, clock)
    assert len(codes) == 10
    challenge = await challenged(service, principal.email)
    used_at_enrolment = pyotp.TOTP(secret).at(clock.now)
    with pytest.raises(Unauthenticated):
        await service.login_mfa(challenge, used_at_enrolment, CLIENT)  # a used step is refused
    clock.advance(seconds=30)
    code = pyotp.TOTP(secret).at(clock.now)
    done = await service.login_mfa(challenge, code, CLIENT)
    assert isinstance(done, SignedIn)
    assert (await service.authenticate(done.tokens.access_token)).mfa_enabled
    with pytest.raises(MfaChallengeInvalid):
        await service.login_mfa(challenge, code, CLIENT)  # single use
    with pytest.raises(Unauthenticated):
        await service.login_mfa(await challenged(service, principal.email), code, CLIENT)  # replay


async def test_a_recovery_code_works_once(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, _, codes = await enrolled(service, clock)
    await service.login_mfa(await challenged(service, principal.email), codes[3].upper(), CLIENT)
    with pytest.raises(Unauthenticated):
        await service.login_mfa(await challenged(service, principal.email), codes[3], CLIENT)


async def test_a_challenge_expires_after_five_minutes(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, _ = await enrolled(service, clock)
    challenge = await challenged(service, principal.email)
    clock.advance(minutes=5, seconds=1)
    with pytest.raises(MfaChallengeInvalid):
        await service.login_mfa(challenge, pyotp.TOTP(secret).at(clock.now), CLIENT)


async def test_a_challenge_is_bound_to_its_client(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, secret, _ = await enrolled(service, clock)
    challenge = await challenged(service, principal.email)
    clock.advance(seconds=30)
    elsewhere = ClientInfo(ip="203.0.113.200", user_agent="another browser")
    with pytest.raises(MfaChallengeInvalid):
        await service.login_mfa(challenge, pyotp.TOTP(secret).at(clock.now), elsewhere)
    await service.login_mfa(challenge, pyotp.TOTP(secret).at(clock.now), CLIENT)


async def test_five_wrong_codes_kill_the_challenge(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, secret, _ = await enrolled(service, clock)
    challenge = await challenged(service, principal.email)
    for _ in range(5):
        with pytest.raises(Unauthenticated) as wrong:
            await service.login_mfa(challenge, "000000", CLIENT)
        assert not isinstance(wrong.value, MfaChallengeInvalid)
    clock.advance(seconds=30)
    with pytest.raises(MfaChallengeInvalid):
        await service.login_mfa(challenge, pyotp.TOTP(secret).at(clock.now), CLIENT)


async def test_wrong_codes_count_toward_the_account_lock(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, secret, _ = await enrolled(service, clock)
    for _ in range(4):
        with pytest.raises(Unauthenticated):
            await service.login_mfa(await challenged(service, principal.email), "000000", CLIENT)
    with pytest.raises(Unauthenticated):
        await service.login(principal.email, "not the password", CLIENT)  # the fifth failure
    with pytest.raises(TooManyAttempts):
        await service.login(principal.email, PASSWORD, CLIENT)
    clock.advance(seconds=61)
    challenge = await challenged(service, principal.email)
    await service.login_mfa(challenge, pyotp.TOTP(secret).at(clock.now), CLIENT)


async def test_the_challenge_is_stored_only_as_its_hash(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for()
    principal, _, _ = await enrolled(service, clock)
    challenge = await challenged(service, principal.email)
    async with service.deps.db.transaction() as db:
        rows = (
            await db.execute(
                select(mfa_challenges).where(mfa_challenges.c.user_id == principal.user_id)
            )
        ).all()
    assert [row.token_hash for row in rows] == [hashlib.sha256(challenge.encode()).hexdigest()]
    assert PASSWORD not in str(rows)


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
    other = await sign_in(service, principal.email)  # no code needed now
    await service.logout_all(principal, CLIENT)
    with pytest.raises(Unauthenticated):
        await service.authenticate(other.access_token)


async def test_the_two_steps_over_http(api: AsyncTestClient[Litestar]) -> None:
    account = await signed_in(api)
    headers = bearer(account["access_token"])
    begun = await api.post("/api/v1/auth/mfa/totp", headers=headers)
    assert begun.status_code == 200, begun.text
    totp = pyotp.TOTP(begun.json()["secret"])
    confirmed = await api.post(
        "/api/v1/auth/mfa/totp/confirm", json={"code": totp.now()}, headers=headers
    )
    assert confirmed.status_code == 200
    assert len(confirmed.json()["codes"]) == 10
    api.cookies.clear()
    credentials = {"email": account["email"], "password": PASSWORD}
    login = await api.post("/api/v1/auth/login", json=credentials)
    assert login.status_code == 401
    assert login.headers["content-type"] == "application/problem+json"
    assert login.headers["cache-control"] == "no-store"
    assert login.json()["code"] == "mfa_required"
    assert "access_token" not in login.json()
    challenge = login.json()["mfa_challenge"]
    old = await api.post("/api/v1/auth/login", json={**credentials, "otp": totp.now()})
    assert old.status_code == 422, "a code no longer travels with the password"
    assert old.json()["errors"][0]["field"] == "otp"
    code = confirmed.json()["codes"][0]
    done = await api.post("/api/v1/auth/login/mfa", json={"mfa_challenge": challenge, "code": code})
    assert done.status_code == 200, done.text
    assert done.headers["cache-control"] == "no-store"
    assert done.headers["pragma"] == "no-cache"
    assert "aims_device=" in done.headers["set-cookie"]
    me = await api.get("/api/v1/auth/me", headers=bearer(done.json()["access_token"]))
    assert me.json()["mfa_enabled"] is True
    again = await api.post(
        "/api/v1/auth/login/mfa", json={"mfa_challenge": challenge, "code": code}
    )
    assert again.status_code == 401
    assert again.json()["code"] == "mfa_challenge_invalid"


async def test_token_responses_are_never_cached(api: AsyncTestClient[Litestar]) -> None:
    account = await signed_in(api)
    login = await api.post(
        "/api/v1/auth/login", json={"email": account["email"], "password": PASSWORD}
    )
    refreshed = await api.post(
        "/api/v1/auth/refresh", json={"refresh_token": login.json()["refresh_token"]}
    )
    for response in (login, refreshed):
        assert response.status_code == 200
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["pragma"] == "no-cache"


async def test_the_totp_seed_is_stored_sealed(service_for: Service, clock: FakeClock) -> None:
    service = await service_for()
    principal, secret, codes = await enrolled(service, clock)
    async with service.deps.db.transaction() as db:
        row = (await db.execute(select(mfa).where(mfa.c.user_id == principal.user_id))).one()
    assert secret not in row.secret
    assert not any(code in str(row.recovery_code_hashes) for code in codes)


async def test_a_seed_sealed_by_the_earlier_secret_box_still_signs_in(
    service_for: Service, clock: FakeClock
) -> None:
    service = await service_for(secret_key="k" * 40)
    principal, secret, _ = await enrolled(service, clock)
    key = hashlib.sha256(f"aims:totp:{'k' * 40}".encode()).digest()
    nonce = os.urandom(12)
    legacy = (
        "v1."
        + base64.urlsafe_b64encode(
            nonce + AESGCM(key).encrypt(nonce, secret.encode(), b"totp")
        ).decode()
    )
    async with service.deps.db.transaction() as db:
        await db.execute(
            update(mfa).where(mfa.c.user_id == principal.user_id).values(secret=legacy)
        )
    clock.advance(seconds=30)
    await sign_in(service, principal.email, code=pyotp.TOTP(secret).at(clock.now))


async def test_after_a_secret_key_change_recovery_codes_still_work(
    service_for: Service, clock: FakeClock
) -> None:
    before = await service_for(secret_key="k" * 40)
    principal, secret, codes = await enrolled(before, clock)
    after = await service_for(secret_key="z" * 40)
    clock.advance(seconds=30)
    with pytest.raises(Unauthenticated):
        await sign_in(after, principal.email, code=pyotp.TOTP(secret).at(clock.now))
    await sign_in(after, principal.email, code=codes[0])


async def test_the_password_step_of_an_enrolled_account_rehashes_too(
    service_for: Service, clock: FakeClock
) -> None:
    principal, _, _ = await enrolled(await service_for(), clock)
    stronger = await service_for(argon2_memory_kib=2048, argon2_time_cost=2)
    await challenged(stronger, principal.email)
    async with stronger.deps.db.transaction() as db:
        stored = await db.scalar(
            select(users.c.password_hash).where(users.c.id == principal.user_id)
        )
    assert stored is not None
    assert "m=2048,t=2" in stored
