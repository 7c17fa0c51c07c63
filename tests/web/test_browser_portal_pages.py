"""Every portal page in both languages: no serious accessibility violation, and a screenshot."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.web.portal import check, new_email, signed_up_and_in, switch_language

PUBLIC = [
    "/sign-in",
    "/sign-up",
    "/forgot-password",
    "/reset-password?token=x",
    "/verify-email?token=x",
]
SIGNED_IN = ["/account", "/account/profile/edit", "/account/security", "/account/sessions"]


def name_of(path: str, locale: str) -> str:
    return path.split("?")[0].strip("/").replace("/", "-") + f"-{locale}"


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_every_page_is_accessible_in_both_languages(
    new_page: Callable[..., Page], locale: str
) -> None:
    language = locale[:2]
    page = new_page(locale=locale)
    for path in PUBLIC:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        check(page, name_of(path, language))
    switch_language(page, "ja")  # the helpers fill in Japanese forms
    signed_up_and_in(page, new_email())
    switch_language(page, language)
    for path in SIGNED_IN:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        check(page, name_of(path, language))
    page.goto("/account/security")
    page.locator("form[action='/account/mfa/setup'] button").click()
    check(page, f"mfa-setup-{language}")
    page.goto("/no-such-page")
    check(page, f"not-found-{language}")


def test_pages_fit_a_phone_screen(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport={"width": 375, "height": 740})
    signed_up_and_in(page, new_email())
    for path in SIGNED_IN:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, path
    check(page, "sessions-phone-ja")
