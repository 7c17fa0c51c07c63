"""Helpers for auth tests: fast-hashing apps, fresh throttles, reading the development mail."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from email.message import Message
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.facade import AuthService, build_deps
from aims.auth.public import ClientInfo, MfaChallenge, Principal, TokenPair
from aims.auth.services import maintenance
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from tests.support.accounts import PASSWORD, forget_rate_limits, new_email
from tests.support.mail import text_of, wait_for_mail

FAST_HASHING: dict[str, Any] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture(autouse=True)
def fresh_throttles(redis_url: str) -> None:
    """Every test starts with empty rate-limit windows (they are per client IP)."""
    forget_rate_limits(redis_url)


@pytest.fixture
def mail_dir(settings_for: Callable[..., Any]) -> Path:
    """Where the apps of this test write their mail."""
    return Path(settings_for().data_path) / "mail"


@pytest.fixture
async def api(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of an app on the test database and Redis, hashing with small parameters."""
    async with AsyncTestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as client:
        yield client


async def read_mail(directory: Path, to: str, subject: str) -> Message:
    """The newest matching message, once the job worker has sent it."""
    return await asyncio.to_thread(wait_for_mail, directory, to, subject)


async def mailed_token(directory: Path, to: str, subject: str) -> str:
    """The token in the newest matching message (from its link, in any language)."""
    found = re.search(r"[?&]token=([^\s&]+)", text_of(await read_mail(directory, to, subject)))
    assert found
    return unquote(found.group(1))


class FakeClock:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move time forward by a `timedelta(**delta)`."""
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    """A movable clock for services built with `service_for`."""
    return FakeClock()


@pytest.fixture
async def service_for(
    settings_for: Callable[..., Settings], redis_url: str, clock: FakeClock
) -> AsyncIterator[Callable[..., Awaitable[AuthService]]]:
    """Build the auth facade directly (no HTTP) on the test database and Redis, with `clock`."""
    runtimes: list[Runtime] = []

    async def build(**overrides: Any) -> AuthService:
        settings = settings_for(**{"redis_url": redis_url, **FAST_HASHING, **overrides})
        runtime = Runtime.build(settings, settings.database_url)
        runtimes.append(runtime)
        service = AuthService(build_deps(runtime, clock))
        await maintenance.ensure_keys(service.deps)
        return service

    yield build
    for runtime in runtimes:
        await runtime.store.close()
        await runtime.db.dispose()


CLIENT = ClientInfo(ip="192.0.2.10", user_agent="pytest")


async def signed_up(service: AuthService, address: str | None = None) -> tuple[str, TokenPair]:
    """A new account through the facade, signed in."""
    address = address or new_email()
    await service.register(address, PASSWORD, CLIENT)
    return address, await sign_in(service, address)


async def sign_in(
    service: AuthService,
    email: str,
    password: str = PASSWORD,
    client: ClientInfo = CLIENT,
    code: str | None = None,
) -> TokenPair:
    """Sign in through the facade (with `code`, both steps); the token pair."""
    outcome = await service.login(email, password, client)
    if isinstance(outcome, MfaChallenge):
        assert code is not None, "the account has two-step verification"
        outcome = await service.login_mfa(outcome.challenge, code, client)
    return outcome.tokens


async def enrolled(service: AuthService, clock: FakeClock) -> tuple[Principal, str, list[str]]:
    """A signed-in user with TOTP confirmed: principal, secret, recovery codes."""
    _, pair = await signed_up(service)
    principal = await service.authenticate(pair.access_token)
    enrolment = await service.begin_mfa(principal, CLIENT)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/")
    assert enrolment.qr_svg.startswith("<svg")
    codes = await service.confirm_mfa(principal, pyotp.TOTP(enrolment.secret).at(clock.now), CLIENT)
    return principal, enrolment.secret, list(codes.codes)


async def challenged(service: AuthService, email: str, client: ClientInfo = CLIENT) -> str:
    """The MFA challenge the password step answers for an enrolled account."""
    outcome = await service.login(email, PASSWORD, client)
    assert isinstance(outcome, MfaChallenge), outcome
    assert PASSWORD not in outcome.challenge
    assert outcome.expires_in == 300
    return outcome.challenge
