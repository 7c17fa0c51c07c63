"""A new user's whole journey through the portal, in a real browser, without shortcuts."""

from playwright.sync_api import Page, expect

from tests.support.browser import LiveServer
from tests.web.portal import (
    NEW_PASSWORD,
    check,
    mailed_link,
    new_email,
    path_of,
    sign_in,
    sign_up,
)


def test_sign_up_verify_edit_switch_language_sign_out_reset_and_sign_in(
    page: Page, live_server: LiveServer
) -> None:
    address = new_email()
    page.goto("/sign-up")
    check(page, "sign-up-ja")
    sign_up(page, address)
    check(page)
    verify_address(page, live_server, address)

    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("アカウント")
    expect(page.get_by_text("確認済み")).to_be_visible()
    check(page, "profile-ja")
    edit_profile_inline(page)
    switch_to_english_for_good(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("サインアウトしました。")
    page.goto("/account")
    expect(page).to_have_url(f"{live_server.url}/sign-in?next=%2Faccount")
    reset_forgotten_password(page, live_server, address)

    sign_in(page, address, NEW_PASSWORD)
    expect(page.locator("h1")).to_have_text("Your account")
    expect(page.locator("#profile dd").first).to_have_text("山田 花子")


def verify_address(page: Page, live_server: LiveServer, address: str) -> None:
    page.goto(path_of(mailed_link(live_server.mail_dir, address, "/verify-email")))
    check(page, "verify-email-ja")
    page.get_by_role("button", name="メールアドレスを確認する").click()
    expect(page.get_by_role("status")).to_have_text(
        "ありがとうございます。メールアドレスが確認されました。"
    )


def edit_profile_inline(page: Page) -> None:
    page.get_by_role("link", name="プロフィールを編集").click()
    expect(page.get_by_label("表示名")).to_be_focused()  # swapped in place by htmx
    page.get_by_label("表示名").fill("山田 花子")
    page.get_by_label("電話番号").fill("+81 3-1234-5678")
    check(page, "profile-edit-ja")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("プロフィールを保存しました。")
    expect(page.locator("#profile dd").first).to_have_text("山田 花子")
    expect(page.get_by_role("link", name="プロフィールを編集")).to_be_focused()


def switch_to_english_for_good(page: Page) -> None:
    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="変更").click()
    expect(page.locator("h1")).to_have_text("Your account")
    page.context.clear_cookies(name="aims_locale")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the profile's language wins


def reset_forgotten_password(page: Page, live_server: LiveServer, address: str) -> None:
    page.get_by_role("link", name="パスワードをお忘れですか？").click()
    check(page, "forgot-password-ja")
    page.get_by_label("メールアドレス").fill(address)
    page.get_by_role("button", name="リンクを送信").click()
    expect(page.locator("h1")).to_have_text("メールを確認してください")
    page.goto(path_of(mailed_link(live_server.mail_dir, address, "/reset-password")))
    check(page, "reset-password-ja")
    page.get_by_label("新しいパスワード", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="新しいパスワードを保存").click()
    expect(page.get_by_role("status")).to_have_text(
        "パスワードを変更しました。新しいパスワードでサインインしてください。"
    )
