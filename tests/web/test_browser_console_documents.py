"""Documents in the console, in Chromium: upload a scan and watch it processed, correct a heading
in the page viewer, download, reset; the boxes line up with the page; keyboard-only editing;
no serious accessibility violation in either language."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import LiveServer
from tests.web.console_documents import (
    admin_in_browser,
    heading_link,
    processed_upload,
    scanned_rules,
)
from tests.web.portal import check

CORRECTED = "1.1 Scope of the retained records"


@pytest.fixture(scope="module")
def shared_document(browser: Browser, live_server: LiveServer, database_url: str) -> Iterator[str]:
    """A scan uploaded through the console and processed: the URL of its page."""
    context = browser.new_context(base_url=live_server.url, locale="ja-JP")
    page = admin_in_browser(lambda **_: context.new_page(), database_url)
    yield processed_upload(page, scanned_rules("shared"), "shared-rules.pdf")
    context.close()


def test_an_admin_uploads_a_scan_corrects_a_heading_downloads_it_and_resets_it(
    new_page: Callable[..., Page], database_url: str
) -> None:
    page = admin_in_browser(new_page, database_url)
    processed_upload(page, scanned_rules(), "rules-scan.pdf")
    page.get_by_role("link", name="ビューアーを開く").click()
    link, element_id = heading_link(page, "Scope")
    expect(link.locator(".element-kind")).to_have_text("見出し 2")

    page.locator(f"svg.boxes .box[data-element='{element_id}']").click()
    expect(page.locator("#editor-title")).to_contain_text(element_id)
    expect(page.locator(f"#link-{element_id}")).to_have_attribute("aria-current", "true")
    page.locator("#element-text").fill(CORRECTED)
    page.locator("#element-level").select_option("3")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator(".alert.success")).to_be_visible()

    page.reload()
    edited = page.locator(f"#link-{element_id}")
    expect(edited.locator(".element-text")).to_have_text(CORRECTED)
    expect(edited.locator(".element-kind")).to_have_text("見出し 3")
    expect(page.locator(".section-tree")).to_contain_text(CORRECTED)
    with page.expect_download() as download:
        page.get_by_role("link", name="Markdown をダウンロード").click()
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert re.search(rf"^### {re.escape(CORRECTED)}$", markdown, re.MULTILINE), markdown

    page.get_by_role("link", name="元の結果に戻す").click()
    check(page, "document-reset-confirm-ja")
    page.get_by_role("button", name="元の結果に戻す").click()
    expect(page.locator(".alert.success")).to_be_visible()
    original = page.locator(f"#link-{element_id}")
    expect(original.locator(".element-text")).to_have_text("1.1 Scope of the records")
    expect(original.locator(".element-kind")).to_have_text("見出し 2")


def test_the_boxes_line_up_with_the_page_image(
    new_page: Callable[..., Page], database_url: str, shared_document: str
) -> None:
    page = admin_in_browser(new_page, database_url)
    page.goto(shared_document + "?page=1")
    page.wait_for_function("() => document.getElementById('page-image').naturalWidth > 0")
    analysis: dict[str, Any] = page.request.get(shared_document + "/export?format=json").json()
    width, height = analysis["pages"][0]["width"], analysis["pages"][0]["height"]
    image = page.locator("#page-image").bounding_box()
    assert image is not None
    for element in analysis["elements"]:
        box = page.locator(f"svg.boxes .box[data-element='{element['id']}'] rect").bounding_box()
        assert box is not None
        x0, y0, x1, y1 = element["bbox"]
        expected = (
            image["x"] + x0 / width * image["width"],
            image["y"] + y0 / height * image["height"],
            (x1 - x0) / width * image["width"],
            (y1 - y0) / height * image["height"],
        )
        shown = (box["x"], box["y"], box["width"], box["height"])
        assert all(abs(a - b) <= 2 for a, b in zip(shown, expected, strict=True)), element["id"]


def test_a_heading_level_is_changed_with_the_keyboard_alone(
    new_page: Callable[..., Page], database_url: str, shared_document: str
) -> None:
    page = admin_in_browser(new_page, database_url)
    page.goto(shared_document + "?page=1")
    _, element_id = heading_link(page, "Purpose")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == f"link-{element_id}":
            break
    else:
        raise AssertionError("the heading's element was not reached with Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#element-level")).to_be_focused()
    expect(page.locator("#element-level")).to_have_value("1")
    page.keyboard.press("]")
    expect(page.locator("#element-level")).to_have_value("2")
    page.keyboard.press("Control+Enter")
    expect(page.locator(".alert.success")).to_be_visible()
    expect(page.locator(f"#link-{element_id} .element-kind")).to_have_text("見出し 2")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_document_pages_are_accessible_in_both_languages(
    new_page: Callable[..., Page], database_url: str, shared_document: str, language: str
) -> None:
    page = admin_in_browser(new_page, database_url, language)
    page.goto("/admin/documents")
    check(page, f"documents-{language}")
    page.locator("#file").set_input_files(
        {"name": "notes.pdf", "mimeType": "application/pdf", "buffer": b"only words"}
    )
    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("#upload-problem")).to_be_focused()
    assert page.url.endswith("/admin/documents")  # the answer replaced the form in place
    check(page, f"documents-upload-refused-{language}")
    page.goto(shared_document + "?page=1")
    page.wait_for_function("() => document.getElementById('page-image').naturalWidth > 0")
    check(page, f"document-viewer-{language}")
    page.locator(".element-link").first.click()
    check(page, f"document-editor-{language}")
    page.goto(shared_document + "/delete")
    check(page, f"document-delete-confirm-{language}")
    page.goto("/admin/jobs")
    check(page, f"jobs-{language}")
