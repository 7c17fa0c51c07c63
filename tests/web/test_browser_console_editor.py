"""The element editor in Chromium: a button that moves the element carries what was typed in the
form with it, so nothing typed is lost."""

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


@pytest.mark.parametrize(("language", "move", "moved"), [("ja", "上へ移動", "要素を移動し")])
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
    scope = next(index for index, text in enumerate(before) if text.endswith("Scope"))
    page.locator(".element-link").nth(scope).click()
    page.locator("#element-text").fill("1.1 Scope of <the> rules")
    page.locator("#element-level").select_option("3")
    page.get_by_role("button", name=move, exact=True).click()
    expect(page.locator(".alert.success")).to_contain_text(moved)

    page.reload()
    after = texts(page)
    expected = [*before[: scope - 1], "1.1 Scope of <the> rules", before[scope - 1]]
    assert after == [*expected, *before[scope + 1 :]]
    expect(page.locator("#element-text")).to_have_value("1.1 Scope of <the> rules")
    expect(page.locator("#element-level")).to_have_value("3")
