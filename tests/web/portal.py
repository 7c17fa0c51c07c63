"""What a person does in the portal, step by step, for the browser tests."""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path

import psycopg
from playwright.sync_api import Page, expect

from aims.kernel.db import libpq_url
from tests.support.browser import screenshot, serious_accessibility_violations
from tests.support.mail import WAIT_SECONDS, find_mail, text_of

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "purple elephant quietly dancing"


def new_email() -> str:
    """A unique address for one test."""
    return f"web-{uuid.uuid4().hex[:10]}@example.com"


def mailed_link(mail_dir: Path | None, to: str, path: str) -> str:
    """The portal link to `path` in the newest mail to `to` that has one."""
    assert mail_dir is not None
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        message = find_mail(mail_dir, to)
        found = message and re.search(rf"https?://\S+{path}\?token=\S+", text_of(message))
        if found:
            return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} with a link to {path}")


def path_of(link: str) -> str:
    """The path and query of a mailed link (the live server's port differs from the link's)."""
    return "/" + link.split("/", 3)[3]


def check(page: Page, name: str | None = None) -> None:
    """The page has no serious accessibility violation; keep a screenshot when `name` is given."""
    assert serious_accessibility_violations(page) == [], page.url
    if name:
        screenshot(page, name)


def sign_up(page: Page, address: str, password: str = PASSWORD) -> None:
    """Register through the sign-up form (Japanese labels)."""
    page.goto("/sign-up")
    page.get_by_label("メールアドレス").fill(address)
    page.get_by_label("パスワード", exact=True).fill(password)
    page.get_by_role("button", name="アカウントを作成").click()
    expect(page.locator("h1")).to_have_text("メールを確認してください")


def sign_in(page: Page, address: str, password: str = PASSWORD) -> None:
    """Submit the sign-in form (Japanese labels)."""
    page.goto("/sign-in")
    page.get_by_label("メールアドレス").fill(address)
    page.get_by_label("パスワード", exact=True).fill(password)
    page.get_by_role("main").get_by_role("button", name="サインイン").click()


def signed_up_and_in(page: Page, address: str) -> None:
    """A new account, signed in, on its profile page."""
    sign_up(page, address)
    sign_in(page, address)
    expect(page.locator("h1")).to_have_text("アカウント")


def age_sign_ins(database_url: str, address: str) -> None:
    """Make every sign-in of `address` ten minutes old, so sensitive changes ask again."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        conn.execute(
            "UPDATE auth.sessions SET authenticated_at = now() - interval '10 minutes'"
            " WHERE user_id = (SELECT id FROM auth.users WHERE email = %s)",
            (address,),
        )


def switch_language(page: Page, language: str) -> None:
    """Choose `language` ("ja" or "en") with the switcher in the page header."""
    page.locator("#language-select").select_option(language)
    page.locator("form.language-switcher button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)
