"""The public pages in a real browser: language, accessibility, screenshots."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import screenshot, serious_accessibility_violations


def test_start_page_switches_language_without_javascript_tricks(page: Page) -> None:
    page.goto("/")
    expect(page.locator("h1")).to_have_text("AIMS へようこそ")
    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="変更").click()
    expect(page.locator("h1")).to_have_text("Welcome to AIMS")
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("locale", ["ja-JP", "en-US"])
def test_start_page_is_accessible_in_both_languages(
    new_page: Callable[..., Page], locale: str
) -> None:
    page = new_page(locale=locale)
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", locale[:2])
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"start-{locale[:2]}")


def test_keyboard_users_can_skip_to_the_content(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="本文へスキップ")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_unknown_page_shows_a_friendly_error(page: Page) -> None:
    response = page.goto("/does-not-exist")
    assert response is not None
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("このページは存在しません。")
