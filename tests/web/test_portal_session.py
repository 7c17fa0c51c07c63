"""The portal's browser session over HTTP: cookies, silent refresh, redirects, roles, CSRF."""

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from litestar import Litestar, get
from litestar.di import Provide
from litestar.testing import AsyncTestClient

from aims.auth.public import Role
from aims.web.guards import Visitor, requiring
from tests.support.accounts import PASSWORD, forget_rate_limits, new_email

HTML = {"Accept": "text/html", "Accept-Language": "en"}


@get("/test-only/admin-page", dependencies={"account": Provide(requiring(Role.ADMIN))})
async def admin_only(account: Visitor) -> str:
    """A page only administrators may see (the console's pages use the same guard)."""
    return "secret"


@pytest.fixture
async def browser(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A cookie-keeping client of the portal served over plain HTTP on loopback."""
    forget_rate_limits(redis_url)
    app = app_for(redis_url=redis_url, argon2_memory_kib=1024, argon2_time_cost=1)
    app.register(admin_only)
    async with AsyncTestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


async def csrf_token(client: AsyncTestClient[Litestar], path: str = "/sign-in") -> str:
    page = await client.get(path, headers=HTML)
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


async def post_form(client: AsyncTestClient[Litestar], path: str, **fields: str) -> Any:
    token = await csrf_token(client)
    return await client.post(
        path, data={**fields, "_csrf_token": token}, headers=HTML, follow_redirects=False
    )


async def signed_in(client: AsyncTestClient[Litestar]) -> str:
    address = new_email()
    await post_form(client, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(client, "/sign-in", email=address, password=PASSWORD)
    assert response.status_code == 303
    return address


async def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(
    browser: AsyncTestClient[Litestar],
) -> None:
    page = await browser.get("/account/sessions?tab=all", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Faccount%2Fsessions%3Ftab%3Dall"
    htmx = await browser.get("/account", headers={**HTML, "HX-Request": "true"})
    assert htmx.headers["hx-redirect"] == "/sign-in?next=%2Faccount"

    address = new_email()
    await post_form(browser, "/sign-up", email=address, password=PASSWORD)
    back = await post_form(
        browser, "/sign-in", email=address, password=PASSWORD, next="/account/sessions?tab=all"
    )
    assert back.headers["location"] == "/account/sessions?tab=all"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
async def test_sign_in_never_returns_to_another_site(
    browser: AsyncTestClient[Litestar], target: str
) -> None:
    address = new_email()
    await post_form(browser, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(browser, "/sign-in", email=address, password=PASSWORD, next=target)
    assert response.headers["location"] == "/account"


async def test_session_cookies_are_http_only_and_same_site(
    browser: AsyncTestClient[Litestar],
) -> None:
    address = new_email()
    await post_form(browser, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(browser, "/sign-in", email=address, password=PASSWORD)
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith("aims_")]
    for name in ("aims_access=", "aims_refresh="):
        (cookie,) = [c for c in cookies if c.startswith(name)]
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
        assert "Secure" not in cookie, "plain HTTP on loopback is development"


async def test_cookies_are_secure_on_any_other_host(
    app_for: Callable[..., Litestar], redis_url: str
) -> None:
    forget_rate_limits(redis_url)
    app = app_for(redis_url=redis_url, argon2_memory_kib=1024, argon2_time_cost=1)
    async with AsyncTestClient(app, base_url="http://portal.example") as client:
        address = new_email()
        await post_form(client, "/sign-up", email=address, password=PASSWORD)
        response = await post_form(client, "/sign-in", email=address, password=PASSWORD)
    access = [c for c in response.headers.get_list("set-cookie") if c.startswith("aims_access=")]
    assert "Secure" in access[0]


async def test_an_expired_access_cookie_is_refreshed_silently(
    browser: AsyncTestClient[Litestar],
) -> None:
    await signed_in(browser)
    refresh = browser.cookies["aims_refresh"]
    browser.cookies.clear()
    browser.cookies.set("aims_access", "expired.or.forged")
    browser.cookies.set("aims_refresh", refresh)
    page = await browser.get("/account", headers=HTML, follow_redirects=False)
    assert page.status_code == 200
    assert "Your account" in page.text
    renewed = " ".join(page.headers.get_list("set-cookie"))
    assert "aims_access=" in renewed
    assert "aims_refresh=" in renewed
    assert f"aims_refresh={refresh}" not in renewed, "the refresh token rotates"


async def test_a_dead_session_is_forgotten_and_sent_to_sign_in(
    browser: AsyncTestClient[Litestar],
) -> None:
    browser.cookies.set("aims_access", "forged")
    browser.cookies.set("aims_refresh", "forged")
    page = await browser.get("/account", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    erased = page.headers.get_list("set-cookie")
    assert any(c.startswith("aims_access=") and "Max-Age=0" in c for c in erased)


async def test_signed_in_pages_are_not_stored(browser: AsyncTestClient[Litestar]) -> None:
    await signed_in(browser)
    for path in ("/account", "/account/security", "/account/sessions", "/"):
        page = await browser.get(path, headers=HTML)
        assert page.status_code == 200, path
        assert page.headers["cache-control"] == "no-store", path


async def test_a_user_without_the_role_gets_the_403_page(
    browser: AsyncTestClient[Litestar],
) -> None:
    await signed_in(browser)
    page = await browser.get("/test-only/admin-page", headers=HTML)
    assert page.status_code == 403
    assert "You do not have access to this page." in page.text


async def test_sign_out_ends_the_session_and_erases_the_cookies(
    browser: AsyncTestClient[Litestar],
) -> None:
    await signed_in(browser)
    access = browser.cookies["aims_access"]
    response = await post_form(browser, "/sign-out")
    assert response.headers["location"] == "/sign-in?notice=signed_out"
    assert "aims_access" not in browser.cookies
    me = await browser.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {access}"})
    assert me.status_code == 401


async def test_a_signed_in_post_without_the_csrf_token_is_refused(
    browser: AsyncTestClient[Litestar],
) -> None:
    await signed_in(browser)
    response = await browser.post("/account/profile", data={"display_name": "forged"}, headers=HTML)
    assert response.status_code == 403
    profile = await browser.get("/account", headers=HTML)
    assert "forged" not in profile.text
