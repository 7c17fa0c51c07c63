"""Documents in the console, in Chromium: upload a scan and watch it processed, correct a heading
in the page viewer, download, reset; the boxes line up with the page; keyboard-only editing."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.web.console_documents import (
    admin_in_browser,
    document_id_of,
    element_link,
    scanned_rules,
    upload,
    wait_until_processed,
)
from tests.web.portal import check


def test_an_admin_uploads_a_scan_corrects_a_heading_downloads_it_and_resets_it(
    new_page: Callable[..., Page], database_url: str
) -> None:
    page = admin_in_browser(new_page, database_url)
    upload(page, scanned_rules(), "rules-scan.pdf")
    expect(page).to_have_url(re.compile(r"/admin/documents/[0-9a-f-]{36}$"))
    opened = page.url
    wait_until_processed(page)
    assert page.url == opened  # the progress came in without a reload
    page.get_by_role("link", name="ビューアーを開く").click()
    page.screenshot(path="/tmp/viewer.png", full_page=True)
    open("/tmp/viewer.html", "w").write(page.content())
    element_id, kind = element_link(page, "Scope")
    print(element_id, kind)
    check(page, "document-viewer-ja")
