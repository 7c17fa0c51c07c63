"""Sessions and password in a real browser: end another session, change the password."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.web.portal import NEW_PASSWORD, PASSWORD, new_email, sign_in, signed_up_and_in


def test_ending_another_session_signs_that_browser_out(new_page: Callable[..., Page]) -> None:
    address = new_email()
    laptop, phone = new_page(), new_page(user_agent="PhoneBrowser/1.0")
    signed_up_and_in(laptop, address)
    sign_in(phone, address)
    expect(phone.locator("h1")).to_have_text("アカウント")

    laptop.goto("/account/sessions")
    row = laptop.get_by_role("row").filter(has_text="PhoneBrowser/1.0")
    row.get_by_role("button", name="終了").click()  # htmx removes the row in place
    expect(row).to_have_count(0)
    expect(laptop.locator("h1")).to_have_text("セッション")

    phone.goto("/account")
    expect(phone).to_have_url(f"{phone.url.split('/sign-in')[0]}/sign-in?next=%2Faccount")


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(
    new_page: Callable[..., Page],
) -> None:
    address = new_email()
    laptop, phone = new_page(), new_page()
    signed_up_and_in(laptop, address)
    sign_in(phone, address)

    laptop.goto("/account/security")
    laptop.get_by_label("現在のパスワード").fill("not my password")
    laptop.get_by_label("新しいパスワード").fill(NEW_PASSWORD)
    laptop.get_by_role("button", name="パスワードの変更").click()
    expect(laptop.locator("#current_password-error")).to_have_text("パスワードが正しくありません。")

    laptop.get_by_label("現在のパスワード").fill(PASSWORD)
    laptop.get_by_label("新しいパスワード").fill(NEW_PASSWORD)
    laptop.get_by_role("button", name="パスワードの変更").click()
    expect(laptop.get_by_role("status")).to_have_text(
        "パスワードを変更しました。ほかのセッションは終了しました。"
    )
    phone.goto("/account")
    expect(phone.locator("h1")).to_have_text("サインイン")
