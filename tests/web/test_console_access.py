"""Who gets into the console: administrators; others get sign-in, the 403 page or MFA set-up."""

from collections.abc import AsyncIterator, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import forget_rate_limits
from tests.web.console import console_paths, csrf_of, signed_in_as
from tests.web.forms_http import HTML

FAST: dict[str, object] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture
async def console(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A cookie-keeping browser-like client of the app."""
    forget_rate_limits(redis_url)
    async with AsyncTestClient(
        app_for(redis_url=redis_url, **FAST), base_url="http://127.0.0.1:8000"
    ) as client:
        yield client


def test_the_route_table_has_the_console_pages(app_for: Callable[..., Litestar]) -> None:
    paths = console_paths(app_for())
    assert {"/admin", "/admin/users", "/admin/audit", "/admin/audit.csv"} <= set(paths)


async def test_an_anonymous_visitor_is_sent_to_sign_in_and_brought_back(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    page = await console.get("/admin/users?q=ab", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Fadmin%2Fusers%3Fq%3Dab"


async def test_every_console_route_is_refused_to_a_non_administrator(
    console: AsyncTestClient[Litestar], database_url: str, app_for: Callable[..., Litestar]
) -> None:
    await signed_in_as(console, database_url)
    token = await csrf_of(console, "/account")
    paths = console_paths(app_for())
    for path in paths:
        for method in ("GET", "POST"):
            answer = await console.request(
                method, path, headers=HTML, data={"_csrf_token": token}, follow_redirects=False
            )
            if answer.status_code == 303:  # a POST-only address sends a GET to its form's page
                answer = await console.get(answer.headers["location"], headers=HTML)
            assert answer.status_code in (403, 405), (method, path, answer.status_code)
            if answer.status_code == 403:
                assert "You do not have access to this page." in answer.text, path
    assert paths


async def test_an_administrator_sees_the_console_with_its_navigation(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    page = await console.get("/admin", headers=HTML)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    for label, path in [
        ("Dashboard", "/admin"),
        ("Users", "/admin/users"),
        ("Documents", "/admin/documents"),
        ("Jobs", "/admin/jobs"),
        ("Audit log", "/admin/audit"),
    ]:
        assert f'href="{path}"' in page.text
        assert label in page.text


async def test_an_administrator_without_totp_is_sent_to_set_it_up_when_mfa_is_required(
    app_for: Callable[..., Litestar], redis_url: str, database_url: str
) -> None:
    forget_rate_limits(redis_url)
    app = app_for(redis_url=redis_url, admin_require_mfa=True, **FAST)
    async with AsyncTestClient(app, base_url="http://127.0.0.1:8000") as client:
        await signed_in_as(client, database_url, role="admin")
        page = await client.get("/admin", headers=HTML, follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/account/security?notice=admin_mfa_required"


async def test_the_dashboard_shows_accounts_documents_and_health_and_refreshes_itself(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    page = await console.get("/admin", headers=HTML)
    assert page.status_code == 200
    for text in ("All accounts", "Jobs waiting or running", "Pages processed today", "Tesseract"):
        assert text in page.text
    assert 'hx-get="/admin/dashboard/figures"' in page.text
    fragment = await console.get("/admin/dashboard/figures", headers={**HTML, "HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="dashboard-figures"')
    assert "<html" not in fragment.text
