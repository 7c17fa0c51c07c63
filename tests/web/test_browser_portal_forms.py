"""Forms without JavaScript, and their errors next to the fields in the user's language."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.web.portal import check, new_email, sign_in, sign_up, signed_up_and_in


def test_every_step_works_without_javascript(new_page: Callable[..., Page]) -> None:
    page = new_page(java_script_enabled=False)  # (axe needs JavaScript: checked elsewhere)
    address = new_email()
    sign_up(page, address)
    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("アカウント")
    page.get_by_role("link", name="プロフィールを編集").click()
    expect(page).to_have_url(page.url.split("/account")[0] + "/account/profile/edit")
    page.get_by_label("電話番号").fill("call me maybe")
    page.get_by_role("button", name="保存").click()
    phone = page.get_by_label("電話番号")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_attribute("aria-describedby", "phone-hint phone-error")
    expect(page.locator("#phone-error")).to_have_text(
        "+81 3-1234-5678 のような電話番号を入力してください。"
    )
    phone.fill("+81 3-1234-5678")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("プロフィールを保存しました。")
    page.get_by_role("link", name="セッション").click()
    expect(page.get_by_text("このブラウザー")).to_be_visible()


def test_sign_up_errors_are_explained_beside_the_fields(new_page: Callable[..., Page]) -> None:
    for locale, message in [
        ("ja-JP", "このパスワードはよく使われているため安全ではありません。"),
        ("en-US", "This password is too common to be safe."),
    ]:
        page = new_page(locale=locale)
        page.goto("/sign-up")
        page.locator("#email").fill(new_email())
        page.locator("#password").fill("password123")
        page.locator("form.stacked button[type=submit]").click()
        expect(page.locator("#password-error")).to_have_text(message)
        expect(page.locator("#password")).to_have_attribute("aria-invalid", "true")
        check(page, f"sign-up-errors-{locale[:2]}")


def test_a_wrong_password_is_refused_in_english(new_page: Callable[..., Page]) -> None:
    page = new_page(locale="en-GB")
    page.goto("/sign-in")
    page.get_by_label("E-mail address").fill(new_email())
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The e-mail address or password is not correct.")
    check(page, "sign-in-error-en")


def test_the_keyboard_moves_through_a_form_in_reading_order(page: Page) -> None:
    page.goto("/sign-in")
    page.get_by_label("メールアドレス").focus()
    for expected in ("パスワード", "サインイン", "パスワードをお忘れですか？"):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.labels?.[0]?.innerText || document.activeElement.innerText"
        )
        assert focused.strip() == expected


def test_a_refused_htmx_form_shows_the_error_page_instead_of_nothing(
    new_page: Callable[..., Page],
) -> None:
    page = new_page()
    signed_up_and_in(page, new_email())
    page.get_by_role("link", name="プロフィールを編集").click()
    page.get_by_label("表示名").fill("太郎")
    page.context.clear_cookies(name="aims_csrf")  # e.g. the browser dropped its cookies
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#error-title")).to_have_text("このページへのアクセス権がありません。")
    expect(page.locator("main")).to_have_count(1)
