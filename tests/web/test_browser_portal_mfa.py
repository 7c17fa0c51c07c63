"""Two-step verification in a real browser: enrol, sign in with a code, then a recovery code."""

import time

import pyotp
from playwright.sync_api import Page, expect

from tests.web.portal import age_sign_ins, check, new_email, sign_in, signed_up_and_in


def enrol(page: Page) -> tuple[pyotp.TOTP, list[str]]:
    """Turn two-step verification on from the security page; the TOTP and the recovery codes."""
    page.get_by_role("button", name="2段階認証を設定").click()
    expect(page.locator("h1")).to_have_text("2段階認証を設定")
    expect(page.get_by_role("img", name="認証アプリ用の QR コード")).to_be_visible()
    check(page, "mfa-setup-ja")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text().strip())
    page.get_by_label("コード", exact=True).fill("000000" if totp.now() != "000000" else "111111")
    page.get_by_role("button", name="オンにする").click()
    expect(page.locator("#code-error")).to_have_text(
        "コードが正しくありません。アプリに表示されている現在のコードを入力してください。"
    )
    expect(page.get_by_label("コード", exact=True)).to_have_attribute("aria-invalid", "true")
    page.get_by_label("コード", exact=True).fill(totp.now())
    page.get_by_role("button", name="オンにする").click()
    expect(page.locator("h1")).to_have_text("2段階認証がオンになりました")
    check(page, "mfa-recovery-codes-ja")
    codes = page.locator(".recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    return totp, codes


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="サインアウト").click()
    expect(page.get_by_role("status")).to_have_text("サインアウトしました。")


def test_enrol_then_sign_in_with_a_code_and_with_a_recovery_code(page: Page) -> None:
    address = new_email()
    signed_up_and_in(page, address)
    page.goto("/account/security")
    check(page, "security-ja")
    totp, codes = enrol(page)
    page.get_by_role("link", name="保存しました").click()
    expect(page.get_by_text("2段階認証はオンです。")).to_be_visible()
    sign_out(page)

    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("2段階認証")
    check(page, "sign-in-code-ja")
    next_step = totp.at(time.time() + 30)  # the code of the next step: no replay refusal
    page.get_by_label("コード", exact=True).fill(next_step)
    page.get_by_role("button", name="確認してサインイン").click()
    expect(page.locator("h1")).to_have_text("アカウント")
    sign_out(page)

    sign_in(page, address)
    page.get_by_label("コード", exact=True).fill(codes[0])
    page.get_by_role("button", name="確認してサインイン").click()
    expect(page.locator("h1")).to_have_text("アカウント")
    sign_out(page)
    sign_in_with_a_used_then_a_fresh_recovery_code(page, address, codes)

    page.goto("/account/security")
    page.get_by_role("button", name="2段階認証をオフにする").click()
    expect(page.get_by_role("status")).to_have_text("2段階認証をオフにしました。")
    sign_out(page)
    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("アカウント")


def sign_in_with_a_used_then_a_fresh_recovery_code(
    page: Page, address: str, codes: list[str]
) -> None:
    sign_in(page, address)
    page.get_by_label("コード", exact=True).fill(codes[0])
    page.get_by_role("button", name="確認してサインイン").click()
    expect(page.locator("#code-error")).to_be_visible()  # a recovery code works once
    page.get_by_label("コード", exact=True).fill(codes[1])
    page.get_by_role("button", name="確認してサインイン").click()
    expect(page.locator("h1")).to_have_text("アカウント")


def test_an_old_sign_in_is_asked_for_the_password_before_a_sensitive_change(
    page: Page, database_url: str
) -> None:
    address = new_email()
    signed_up_and_in(page, address)
    age_sign_ins(database_url, address)
    page.goto("/account/security")
    page.get_by_role("button", name="2段階認証を設定").click()
    expect(page.locator("h1")).to_have_text("本人確認")
    check(page, "confirm-password-ja")
    page.get_by_label("パスワード", exact=True).fill("not my password")
    page.get_by_role("button", name="確認して続ける").click()
    expect(page.locator("#password-error")).to_have_text("パスワードが正しくありません。")
    page.get_by_label("パスワード", exact=True).fill("correct horse battery staple")
    page.get_by_role("button", name="確認して続ける").click()
    expect(page.locator("h1")).to_have_text("2段階認証を設定")
