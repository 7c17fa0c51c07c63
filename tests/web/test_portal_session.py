"""The portal's browser session over HTTP: cookies, silent refresh, redirects, roles, CSRF."""

from collections.abc import AsyncIterator, Callable

import pytest
from litestar import Litestar, get
from litestar.di import Provide
from litestar.testing import AsyncTestClient

from aims.auth.public import Role
from aims.web.guards import Visitor, requiring
from tests.support.accounts import PASSWORD, forget_rate_limits, new_email
from tests.web.forms_http import HTML, post_form, signed_in


@get("/test-only/admin-page", dependencies={"account": Provide(requiring(Role.ADMIN))})
async def admin_only(account: Visitor) -> str:
    """A page only administrators may see (the console's pages use the same guard)."""
    return "secret"


@pytest.fixture
async def portal(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A cookie-keeping client of the portal served over plain HTTP on loopback."""
    forget_rate_limits(redis_url)
    app = app_for(redis_url=redis_url, argon2_memory_kib=1024, argon2_time_cost=1)
    app.register(admin_only)
    async with AsyncTestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


async def test_an_anonymous_visitor_is_sent_to_sign_in_and_back(
    portal: AsyncTestClient[Litestar],
) -> None:
    page = await portal.get("/account/sessions?tab=all", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Faccount%2Fsessions%3Ftab%3Dall"
    htmx = await portal.get("/account", headers={**HTML, "HX-Request": "true"})
    assert htmx.headers["hx-redirect"] == "/sign-in?next=%2Faccount"

    address = new_email()
    await post_form(portal, "/sign-up", email=address, password=PASSWORD)
    back = await post_form(
        portal, "/sign-in", email=address, password=PASSWORD, next="/account/sessions?tab=all"
    )
    assert back.headers["location"] == "/account/sessions?tab=all"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
async def test_sign_in_never_returns_to_another_site(
    portal: AsyncTestClient[Litestar], target: str
) -> None:
    address = new_email()
    await post_form(portal, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(portal, "/sign-in", email=address, password=PASSWORD, next=target)
    assert response.headers["location"] == "/account"


async def test_session_cookies_are_http_only_and_same_site(
    portal: AsyncTestClient[Litestar],
) -> None:
    address = new_email()
    await post_form(portal, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(portal, "/sign-in", email=address, password=PASSWORD)
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


async def test_the_refresh_cookie_lives_as_long_as_the_configured_session(
    app_for: Callable[..., Litestar], redis_url: str
) -> None:
    forget_rate_limits(redis_url)
    app = app_for(
        redis_url=redis_url, argon2_memory_kib=1024, argon2_time_cost=1, refresh_absolute_days=3
    )
    async with AsyncTestClient(app, base_url="http://127.0.0.1:8000") as client:
        address = new_email()
        await post_form(client, "/sign-up", email=address, password=PASSWORD)
        response = await post_form(client, "/sign-in", email=address, password=PASSWORD)
    (refresh,) = [
        c for c in response.headers.get_list("set-cookie") if c.startswith("aims_refresh=")
    ]
    assert f"Max-Age={3 * 24 * 3600}" in refresh


@pytest.mark.parametrize("access", ["expired.or.forged", None])
async def test_an_expired_access_cookie_is_refreshed_silently(
    portal: AsyncTestClient[Litestar], access: str | None
) -> None:
    await signed_in(portal)
    refresh = portal.cookies["aims_refresh"]
    portal.cookies.clear()
    if access is not None:  # else the browser already dropped it (its max-age is the lifetime)
        portal.cookies.set("aims_access", access)
    portal.cookies.set("aims_refresh", refresh)
    page = await portal.get("/account", headers=HTML, follow_redirects=False)
    assert page.status_code == 200
    assert "Your account" in page.text
    renewed = " ".join(page.headers.get_list("set-cookie"))
    assert "aims_access=" in renewed
    assert "aims_refresh=" in renewed
    assert f"aims_refresh={refresh}" not in renewed, "the refresh token rotates"


async def test_a_dead_session_is_forgotten_and_sent_to_sign_in(
    portal: AsyncTestClient[Litestar],
) -> None:
    portal.cookies.set("aims_access", "forged")
    portal.cookies.set("aims_refresh", "forged")
    page = await portal.get("/account", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    erased = page.headers.get_list("set-cookie")
    assert any(c.startswith("aims_access=") and "Max-Age=0" in c for c in erased)


async def test_signed_in_pages_are_not_stored(portal: AsyncTestClient[Litestar]) -> None:
    await signed_in(portal)
    for path in ("/account", "/account/security", "/account/sessions", "/"):
        page = await portal.get(path, headers=HTML)
        assert page.status_code == 200, path
        assert page.headers["cache-control"] == "no-store", path


async def test_a_user_without_the_role_gets_the_403_page(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    page = await portal.get("/test-only/admin-page", headers=HTML)
    assert page.status_code == 403
    assert "You do not have access to this page." in page.text


async def test_sign_out_ends_the_session_and_erases_the_cookies(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    access = portal.cookies["aims_access"]
    response = await post_form(portal, "/sign-out")
    assert response.headers["location"] == "/sign-in?notice=signed_out"
    assert "aims_access" not in portal.cookies
    me = await portal.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {access}"})
    assert me.status_code == 401


async def test_a_signed_in_post_without_the_csrf_token_is_refused(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    response = await portal.post("/account/profile", data={"display_name": "forged"}, headers=HTML)
    assert response.status_code == 403
    profile = await portal.get("/account", headers=HTML)
    assert "forged" not in profile.text
