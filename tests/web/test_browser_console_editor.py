"""The element editor in Chromium: a button that moves the element carries what was typed in the
form with it, and leaving the page with a correction not saved asks first: nothing typed is
lost without a word."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.integration.admin.documents.conftest import text_pdf
from tests.support.browser import LiveServer
from tests.web.console_documents import admin_in_browser, processed_upload


@pytest.fixture(scope="module")
def rules(browser: Browser, live_server: LiveServer, database_url: str) -> Iterator[str]:
    """A born-digital document uploaded through the console and processed: its page's URL."""
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    page = admin_in_browser(lambda **_: context.new_page(), database_url)
    data = text_pdf(pages=1, title=f"Rules {uuid.uuid4().hex[:8]}")
    yield processed_upload(page, data, "editor-rules.pdf")
    context.close()


def texts(page: Page) -> list[str]:
    """The texts of the page's elements, in reading order."""
    return page.locator(".elements .element-text").all_inner_texts()


@pytest.mark.parametrize(
    ("language", "move", "moved"),
    [("ja", "上へ移動", "要素を移動し"), ("en", "Move up", "The element has been moved")],
)
def test_a_typed_correction_moves_up_with_the_element(
    new_page: Callable[..., Page],
    database_url: str,
    rules: str,
    language: str,
    move: str,
    moved: str,
) -> None:
    page = admin_in_browser(new_page, database_url, language)
    page.goto(rules + "?page=1")
    before = texts(page)
    scope = next(index for index, text in enumerate(before) if "Scope" in text)
    typed = f"1.1 Scope ({language}) of <the> rules"
    page.locator(".element-link").nth(scope).click()
    page.locator("#element-text").fill(typed)
    page.locator("#element-level").select_option("3")
    page.get_by_role("button", name=move, exact=True).click()
    expect(page.locator(".alert.success")).to_contain_text(moved)

    page.reload()
    after = texts(page)
    expected = [*before[: scope - 1], typed, before[scope - 1]]
    assert after == [*expected, *before[scope + 1 :]]
    expect(page.locator("#element-text")).to_have_value(typed)
    expect(page.locator("#element-level")).to_have_value("3")


def test_leaving_the_editor_with_a_correction_not_saved_asks_first(
    new_page: Callable[..., Page], database_url: str, rules: str
) -> None:
    page = admin_in_browser(new_page, database_url, "en")
    page.goto(rules + "?page=1")
    page.locator(".element-link").nth(1).click()
    text = page.locator("#element-text")
    text.click()
    text.fill("Typed, not saved")
    elsewhere = page.locator(".element-link").nth(2)
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    elsewhere.click()
    assert asked == ["beforeunload"]
    expect(text).to_have_value("Typed, not saved")

    page.locator("#element-type").select_option("heading")
    page.locator("#element-level").select_option("")  # a heading with no level: refused
    page.get_by_role("button", name="Save", exact=True).click()  # no question on saving
    expect(page.locator("#element-level-error")).to_be_visible()
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    elsewhere.click()
    assert asked == ["beforeunload", "beforeunload"]
    expect(text).to_have_value("Typed, not saved")

    page.locator("#element-type").select_option("paragraph")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".alert.success")).to_be_visible()
    page.on("dialog", lambda dialog: pytest.fail(f"asked on leaving: {dialog.type}"))
    elsewhere.click()  # nothing typed since
    expect(page.locator(".element-link").nth(2)).to_have_attribute("aria-current", "true")
