"""What an administrator does with documents in the console, for the browser tests."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from fpdf import FPDF
from playwright.sync_api import Locator, Page, expect

from tests.integration.admin.analysis.conftest import image_only_pdf, rasterise
from tests.web.console import set_role
from tests.web.portal import new_email, sign_in, sign_up, switch_language

PROCESSING_SECONDS = 180
UPLOAD_SECONDS = 60  # the first upload of a server waits for its worker processes to start
DOCUMENT_URL = r"/admin/documents/[0-9a-f-]{36}$"
BODY = "Every office keeps the records listed here for five years."


def scanned_rules(tag: str = "") -> bytes:
    """A one-page scan (image-only PDF, 300 dpi) with two numbered headings and body text;
    `tag` makes the bytes unique, so two uploads are not duplicates."""
    pdf = FPDF(unit="pt", format="A5")
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=18)
    pdf.text(40, 70, "1. Purpose of the rules")
    pdf.set_font("helvetica", size=11)
    for row in range(3):
        pdf.text(40, 100 + 16 * row, BODY)
    pdf.set_font("helvetica", style="B", size=14)
    pdf.text(40, 190, "1.1 Scope of the records")
    pdf.set_font("helvetica", size=11)
    for row in range(3):
        pdf.text(40, 215 + 16 * row, BODY)
    pdf.set_font("helvetica", size=8)
    pdf.text(40, 560, f"Reference {tag or uuid.uuid4().hex[:8]}")
    return image_only_pdf(rasterise(bytes(pdf.output())))


def admin_in_browser(
    new_page: Callable[..., Page], database_url: str, language: str = "ja"
) -> Page:
    """A new administrator signed in through the portal, browsing in `language`."""
    page: Page = new_page(locale="ja-JP")
    address = new_email()
    sign_up(page, address)
    set_role(database_url, address, "admin")
    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("アカウント")
    if language != "ja":
        switch_language(page, language)
    return page


def upload(page: Page, data: bytes, name: str) -> None:
    """Choose the file on the documents page and send the upload form."""
    page.goto("/admin/documents")
    page.locator("#file").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": data}
    )
    page.locator("#languages").fill("eng")
    page.locator("#upload-form button[type=submit]").click()


def processed_upload(page: Page, data: bytes, name: str) -> str:
    """Upload through the form, land on the document's page and watch its job finish there
    without a reload; the page's URL."""
    upload(page, data, name)
    expect(page).to_have_url(re.compile(DOCUMENT_URL), timeout=UPLOAD_SECONDS * 1000)
    opened = page.url
    expect(page.locator("#job-progress .state-succeeded")).to_be_visible(
        timeout=PROCESSING_SECONDS * 1000
    )
    assert page.url == opened
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    return opened


def heading_link(page: Page, text: str) -> tuple[Locator, str]:
    """The link of the element in the page's text that contains `text`, and its id."""
    link = page.locator(".element-link", has_text=text).first
    return link, str(link.get_attribute("data-element"))
