"""Requirements of the security review (docs/security.md, OWASP ASVS 4.0.3) about pages that
hold but had no test of their own: password managers and pasting work, nothing but the shipped
static files is served, HSTS over HTTPS, and a sign-in never keeps a cookie it was given."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD, new_email
from tests.web.forms_http import HTML, post_form

PASSWORD_FIELDS = {
    "/sign-in": "current-password",
    "/sign-up": "new-password",
}


@pytest.mark.parametrize(("path", "autocomplete"), PASSWORD_FIELDS.items())
async def test_password_managers_and_pasting_are_welcome(
    portal: AsyncTestClient[Litestar], path: str, autocomplete: str
) -> None:
    """ASVS 2.1.11: the password field names its purpose for password managers, and nothing
    blocks pasting (no paste handler, no inline script at all)."""
    page = (await portal.get(path, headers=HTML)).text
    (field,) = re.findall(r'<input[^>]*type="password"[^>]*>', page)
    assert f'autocomplete="{autocomplete}"' in field
    assert not re.search(r"on(paste|copy|drop)|autocomplete=\"off\"", page)


@pytest.mark.parametrize(
    "path",
    [
        "/static/",
        "/static/css/",
        "/static/../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/.git/config",
        "/.env",
        "/static/.DS_Store",
        "/static/css/aims.css.bak",
        "/static/css/aims.css~",
    ],
)
async def test_no_directory_listing_and_no_file_outside_the_shipped_ones(
    portal: AsyncTestClient[Litestar], path: str
) -> None:
    """ASVS 4.3.2, 12.5.1: directories are not listed, and only the files shipped under
    /static are served (no metadata, backup or source files)."""
    answer = await portal.get(path)
    assert answer.status_code in (400, 404), answer.text[:200]


async def test_hsts_is_sent_over_https(app_for: Callable[..., Litestar], redis_url: str) -> None:
    """ASVS 13.2.6 (with V14.4.5): served over HTTPS, every page asks to stay on HTTPS."""
    app = app_for(redis_url=redis_url)
    async with AsyncTestClient(app, base_url="https://aims.example") as client:
        page = await client.get("/", headers=HTML)
    assert "max-age=" in page.headers["strict-transport-security"]


async def test_a_sign_in_replaces_any_session_cookie_it_was_given(
    portal: AsyncTestClient[Litestar],
) -> None:
    """ASVS 3.2.1 (session fixation): cookies planted before the sign-in are not kept."""
    address = new_email()
    await post_form(portal, "/sign-up", email=address, password=PASSWORD)
    portal.cookies.set("aims_refresh", "planted-by-an-attacker")
    portal.cookies.set("aims_access", "planted-by-an-attacker")
    signed_in = await post_form(portal, "/sign-in", email=address, password=PASSWORD)
    assert signed_in.status_code == 303
    issued = {
        cookie.split("=", 1)[0]: cookie.split("=", 1)[1].split(";", 1)[0]
        for cookie in signed_in.headers.get_list("set-cookie")
    }
    assert issued["aims_refresh"] not in ("", "planted-by-an-attacker")
    assert issued["aims_access"] not in ("", "planted-by-an-attacker")
