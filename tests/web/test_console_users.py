"""Console users over HTTP: search, filters, pages, the user's page, confirmed actions, roles."""

import csv
import io
from collections.abc import AsyncIterator, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD, forget_rate_limits, new_email
from tests.web.console import csrf_of, signed_in_as, user_id_of
from tests.web.forms_http import HTML, post_form

FAST: dict[str, object] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture
async def console(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    forget_rate_limits(redis_url)
    async with AsyncTestClient(
        app_for(redis_url=redis_url, **FAST), base_url="http://127.0.0.1:8000"
    ) as client:
        yield client


async def registered(client: AsyncTestClient[Litestar]) -> str:
    address = new_email()
    await client.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    return address


async def test_the_list_is_searched_by_address_filtered_and_paged_without_javascript(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    admin = await signed_in_as(console, database_url, role="admin")
    someone = await registered(console)
    local = someone.split("@")[0]
    found = await console.get("/admin/users", params={"q": local}, headers=HTML)
    assert found.status_code == 200
    assert someone in found.text
    assert admin not in found.text
    fragment = await console.get(
        "/admin/users", params={"q": local}, headers={**HTML, "HX-Request": "true"}
    )
    assert fragment.text.lstrip().startswith('<section id="user-results"')
    for address, role, listed in ((admin, "admin", True), (someone, "admin", False)):
        # searched as well as filtered: the shared test database holds more admins than a page
        params = {"q": address.split("@")[0], "role": role, "state": ""}
        filtered = await console.get("/admin/users", params=params, headers=HTML)
        assert (address in filtered.text) is listed
    for bad in ({"q": "x" * 300}, {"role": "emperor"}, {"state": "x" * 30}):
        refused = await console.get("/admin/users", params=bad, headers=HTML)
        assert refused.status_code in (400, 422), bad


async def test_disabling_is_confirmed_then_done_and_shown(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    someone = await registered(console)
    user_id = user_id_of(database_url, someone)
    detail = await console.get(f"/admin/users/{user_id}", headers=HTML)
    assert f'href="/admin/users/{user_id}/confirm/disable"' in detail.text
    question = await console.get(f"/admin/users/{user_id}/confirm/disable", headers=HTML)
    assert "Disable this account?" in question.text
    token = await csrf_of(console, f"/admin/users/{user_id}/confirm/disable")
    done = await console.post(
        f"/admin/users/{user_id}/disable",
        data={"_csrf_token": token},
        headers=HTML,
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = await console.get(done.headers["location"], headers=HTML)
    assert "The account is disabled and its sessions have ended." in shown.text
    assert 'data-field="state">Disabled' in shown.text
    forged = await console.post(f"/admin/users/{user_id}/enable", data={}, headers=HTML)
    assert forged.status_code == 403, "no CSRF token, no change"


async def test_an_admin_cannot_disable_themselves_and_is_told_why(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    admin = await signed_in_as(console, database_url, role="admin")
    own = user_id_of(database_url, admin)
    token = await csrf_of(console, f"/admin/users/{own}")
    refused = await console.post(
        f"/admin/users/{own}/disable", data={"_csrf_token": token}, headers=HTML
    )
    assert refused.status_code == 409
    assert "You cannot disable your own account." in refused.text


async def test_only_a_super_admin_sees_and_uses_the_role_form(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    someone = await registered(console)
    user_id = user_id_of(database_url, someone)
    detail = await console.get(f"/admin/users/{user_id}", headers=HTML)
    assert "confirm/role" not in detail.text
    token = await csrf_of(console, f"/admin/users/{user_id}")
    refused = await console.post(
        f"/admin/users/{user_id}/role", data={"_csrf_token": token, "role": "admin"}, headers=HTML
    )
    assert refused.status_code == 403
    asked = await console.get(f"/admin/users/{user_id}/confirm/role?role=admin", headers=HTML)
    assert asked.status_code == 403

    await post_form(console, "/sign-out")
    await signed_in_as(console, database_url, role="super_admin")
    detail = await console.get(f"/admin/users/{user_id}", headers=HTML)
    assert f'action="/admin/users/{user_id}/confirm/role"' in detail.text
    token = await csrf_of(console, f"/admin/users/{user_id}")
    changed = await console.post(
        f"/admin/users/{user_id}/role",
        data={"_csrf_token": token, "role": "admin"},
        headers=HTML,
        follow_redirects=False,
    )
    assert changed.status_code == 303
    shown = await console.get(changed.headers["location"], headers=HTML)
    assert 'data-field="role">Administrator' in shown.text


async def test_the_audit_page_filters_pages_and_exports_csv_without_formulas(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    admin = await signed_in_as(console, database_url, role="admin")
    someone = await registered(console)
    user_id = user_id_of(database_url, someone)
    for action in ("disable", "enable"):
        token = await csrf_of(console, f"/admin/users/{user_id}")
        await console.post(
            f"/admin/users/{user_id}/{action}",
            data={"_csrf_token": token},
            headers={**HTML, "User-Agent": '=HYPERLINK("http://evil.example")'},
        )
    page = await console.get(
        "/admin/audit", params={"actor": admin, "subject": someone}, headers=HTML
    )
    assert page.status_code == 200
    assert page.text.count('data-action="admin_') == 2
    assert page.text.index('data-action="admin_enable"') < page.text.index(
        'data-action="admin_disable"'
    )
    first = await console.get(
        "/admin/audit", params={"subject": someone, "action": "admin_disable"}, headers=HTML
    )
    assert first.text.count('data-action="admin_') == 1
    nobody = await console.get("/admin/audit", params={"actor": "nobody@example.com"}, headers=HTML)
    assert "No account has this address." in nobody.text

    export = await console.get("/admin/audit.csv", params={"subject": someone}, headers=HTML)
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(export.text.lstrip("\ufeff"))))
    by_action = {row["action"]: row for row in rows}
    assert by_action["admin_disable"]["actor_email"] == admin
    assert by_action["admin_disable"]["user_agent"] == '\'=HYPERLINK("http://evil.example")'


async def test_an_audit_page_beyond_the_largest_event_id_is_refused_not_a_server_error(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    huge_id = await console.get("/admin/audit", params={"before": "9" * 23}, headers=HTML)
    assert huge_id.status_code == 422
    assert "The request could not be processed." in huge_id.text


async def test_the_audit_log_up_to_the_last_day_a_date_holds_is_shown_and_exported(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    await signed_in_as(console, database_url, role="admin")
    for days in ({"until": "9999-12-31"}, {"since": "9999-12-31", "until": "9999-12-31"}):
        page = await console.get("/admin/audit", params=days, headers=HTML)
        assert page.status_code == 200, (days, page.status_code)
        export = await console.get("/admin/audit.csv", params=days, headers=HTML)
        assert export.status_code == 200, (days, export.status_code)
