"""The admin console in a real browser: an administrator disables a user and sees it audited;
every console page is accessible in both languages."""

import uuid
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer
from tests.web.console import set_role, user_id_of
from tests.web.portal import check, new_email, sign_in, signed_up_and_in, switch_language


def administrator(page: Page, database_url: str, role: str = "admin") -> str:
    """A new account holding `role`, signed in in `page`; its address."""
    address = new_email()
    in_japanese(page)
    signed_up_and_in(page, address)
    set_role(database_url, address, role)
    page.context.clear_cookies()
    in_japanese(page)
    sign_in(page, address)  # a new session carries the new role
    return address


def in_japanese(page: Page) -> None:
    """Speak Japanese to this browser (the helpers fill in Japanese forms)."""
    page.goto("/")
    switch_language(page, "ja")


def named_user(page: Page, name: str) -> str:
    """A new user signed in in `page` who has set a display name; the address."""
    address = new_email()
    signed_up_and_in(page, address)
    page.goto("/account/profile/edit")
    page.get_by_label("表示名").fill(name)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("プロフィールを保存しました。")
    return address


def confirm(page: Page, link: str, button: str, notice: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    check(page)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_role("status")).to_have_text(notice)


def test_an_admin_finds_a_user_by_name_disables_them_and_the_audit_shows_it(
    new_page: Callable[..., Page], live_server: LiveServer, database_url: str
) -> None:
    surname = f"Zq{uuid.uuid4().hex[:6]}"
    victim_page = new_page()
    victim = named_user(victim_page, f"Hanako {surname}")
    admin_page = new_page()
    administrator(admin_page, database_url)

    admin_page.goto("/admin/users")
    admin_page.get_by_label("メールアドレスまたは名前").fill(surname.lower())  # htmx, no submit
    expect(admin_page.locator("#user-results tbody tr")).to_have_count(1)
    expect(admin_page).to_have_url(
        f"{live_server.url}/admin/users?q={surname.lower()}&role=&state="
    )
    admin_page.get_by_role("link", name=victim).click()
    expect(admin_page.locator("h1")).to_have_text(f"Hanako {surname}")
    confirm(
        admin_page,
        "無効にする",
        "アカウントを無効にする",
        "アカウントを無効にし、セッションを終了しました。",
    )

    victim_page.reload()  # the open session is refused on its next request
    expect(victim_page).to_have_url(f"{live_server.url}/sign-in?next=%2Faccount%2Fprofile%2Fedit")

    confirm(admin_page, "有効にする", "アカウントを有効にする", "アカウントを再び有効にしました。")
    admin_page.goto(f"/admin/audit?subject={victim}")
    actions = admin_page.locator("td[data-action^='admin_']")
    expect(actions).to_have_count(2)
    expect(actions.nth(0)).to_have_text("アカウント有効化")
    expect(actions.nth(1)).to_have_text("アカウント無効化")
    check(admin_page)
    assert user_id_of(database_url, victim)


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_every_console_page_is_accessible_in_both_languages(
    new_page: Callable[..., Page], database_url: str, locale: str
) -> None:
    language = locale[:2]
    page = new_page(locale=locale)
    in_japanese(page)
    someone = named_user(page, "山田 花子")
    page.context.clear_cookies()
    administrator(page, database_url, role="super_admin")
    switch_language(page, language)
    page.goto("/admin")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, f"console-dashboard-{language}")
    page.goto("/admin/users")
    check(page, f"console-users-{language}")
    page.goto(f"/admin/users/{user_id_of(database_url, someone)}")
    expect(page.locator("form.role-form")).to_be_visible()
    check(page, f"console-user-{language}")
    page.locator("form.role-form button").click()
    check(page, f"console-user-confirm-{language}")
    page.goto("/admin/audit")
    check(page, f"console-audit-{language}")


def test_an_admin_without_super_admin_has_no_role_form(
    page: Page, database_url: str, live_server: LiveServer
) -> None:
    someone = new_email()
    signed_up_and_in(page, someone)
    page.context.clear_cookies()
    administrator(page, database_url)
    page.goto(f"/admin/users/{user_id_of(database_url, someone)}")
    expect(page.locator("h1")).to_have_text(someone)
    expect(page.locator("form.role-form")).to_have_count(0)
    response = page.goto(
        f"/admin/users/{user_id_of(database_url, someone)}/confirm/role?role=admin"
    )
    assert response is not None
    assert response.status == 403
