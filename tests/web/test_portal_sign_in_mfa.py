"""The portal's two-step sign-in over HTTP: only auth's challenge waits between the steps."""

import time
from collections.abc import AsyncIterator, Callable

import pyotp
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD, bearer, forget_rate_limits, new_email
from tests.web.forms_http import HTML, post_form
from tests.web.portal import age_sign_ins

APP = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture
async def portal(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    forget_rate_limits(redis_url)
    async with AsyncTestClient(
        app_for(redis_url=redis_url, **APP), base_url="http://127.0.0.1:8000"
    ) as client:
        yield client


async def enrolled_account(
    portal: AsyncTestClient[Litestar], recovery_codes: list[str] | None = None
) -> tuple[str, pyotp.TOTP]:
    """A new account with TOTP on (set up through the JSON API); the portal keeps no cookies."""
    address = new_email()
    credentials = {"email": address, "password": PASSWORD}
    await portal.post("/api/v1/auth/register", json=credentials)
    token = (await portal.post("/api/v1/auth/login", json=credentials)).json()["access_token"]
    secret = (await portal.post("/api/v1/auth/mfa/totp", headers=bearer(token))).json()["secret"]
    totp = pyotp.TOTP(secret)
    confirmed = await portal.post(
        "/api/v1/auth/mfa/totp/confirm", json={"code": totp.now()}, headers=bearer(token)
    )
    if recovery_codes is not None:
        recovery_codes.extend(confirmed.json()["codes"])
    portal.cookies.clear()
    return address, totp


def next_code(totp: pyotp.TOTP) -> str:
    """The code of the next time step (the current one was used at enrolment)."""
    return totp.at(time.time() + 30)


async def test_between_the_steps_the_browser_holds_only_the_challenge(
    portal: AsyncTestClient[Litestar],
) -> None:
    address, totp = await enrolled_account(portal)
    step = await post_form(
        portal, "/sign-in", email=address, password=PASSWORD, next="/account/security"
    )
    assert step.status_code == 200
    assert "Two-step verification" in step.text
    assert PASSWORD not in step.text
    (cookie,) = [c for c in step.headers.get_list("set-cookie") if c.startswith("aims_signin=")]
    assert "HttpOnly" in cookie
    assert "Path=/sign-in" in cookie
    assert "Max-Age=300" in cookie
    value = portal.cookies["aims_signin"]
    assert PASSWORD not in value
    assert address not in value
    done = await post_form(portal, "/sign-in/code", code=next_code(totp), next="/account/security")
    assert done.status_code == 303
    assert done.headers["location"] == "/account/security"
    set_cookies = " ".join(done.headers.get_list("set-cookie"))
    assert "aims_access=" in set_cookies
    assert "aims_device=" in set_cookies
    assert 'aims_signin=""' in set_cookies or "aims_signin=;" in set_cookies


async def test_the_challenge_cookie_does_not_work_from_another_browser(
    portal: AsyncTestClient[Litestar], app_for: Callable[..., Litestar], redis_url: str
) -> None:
    address, totp = await enrolled_account(portal)
    await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    stolen = portal.cookies["aims_signin"]
    thief_app = app_for(redis_url=redis_url, **APP)
    async with AsyncTestClient(thief_app, base_url="http://127.0.0.1:8000") as thief:
        thief.headers["user-agent"] = "another browser"
        thief.cookies.set("aims_signin", stolen, path="/sign-in")
        replayed = await post_form(thief, "/sign-in/code", code=next_code(totp))
        assert replayed.status_code == 400
        assert "This sign-in has expired" in replayed.text
        assert "aims_access" not in thief.cookies


async def test_five_wrong_codes_end_the_sign_in(portal: AsyncTestClient[Litestar]) -> None:
    address, totp = await enrolled_account(portal)
    await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    for _ in range(5):
        wrong = await post_form(portal, "/sign-in/code", code="000000")
        assert wrong.status_code == 400
        assert "The code is not correct" in wrong.text
    expired = await post_form(portal, "/sign-in/code", code=next_code(totp))
    assert "This sign-in has expired" in expired.text
    assert "aims_access" not in portal.cookies


async def test_a_browser_that_signed_in_before_is_not_locked_out_by_strangers(
    portal: AsyncTestClient[Litestar], app_for: Callable[..., Litestar], redis_url: str
) -> None:
    address = new_email()
    await post_form(portal, "/sign-up", email=address, password=PASSWORD)
    assert (
        await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    ).status_code == 303
    await post_form(portal, "/sign-out")
    async with AsyncTestClient(
        app_for(redis_url=redis_url, **APP), base_url="http://127.0.0.1:8000"
    ) as stranger:
        for _ in range(5):
            await post_form(stranger, "/sign-in", email=address, password="wrong guess here")
        locked = await post_form(stranger, "/sign-in", email=address, password=PASSWORD)
        assert "Too many attempts" in locked.text
    again = await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    assert again.status_code == 303
    assert again.headers["location"] == "/account"
    page = await portal.get("/account", headers=HTML)
    assert page.status_code == 200


async def test_step_up_still_works_for_an_enrolled_user(
    portal: AsyncTestClient[Litestar], database_url: str
) -> None:
    codes: list[str] = []
    address, totp = await enrolled_account(portal, codes)
    await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    await post_form(portal, "/sign-in/code", code=codes[0])
    age_sign_ins(database_url, address)
    asked = await post_form(portal, "/account/mfa/disable")
    assert "Confirm it is you" in asked.text
    wrong = await post_form(portal, "/account/mfa/disable", password=PASSWORD, code="000000")
    assert wrong.status_code == 400
    done = await post_form(portal, "/account/mfa/disable", password=PASSWORD, code=next_code(totp))
    assert done.headers["location"] == "/account/security?notice=mfa_disabled"
