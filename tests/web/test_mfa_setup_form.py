"""The MFA set-up form answers like every other form: a refused code or an expired set-up
brings an error summary at the top of the page, in the user's language."""

import re

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD, new_email

SUMMARY = {"en": "Please correct the marked fields.", "ja": "印の付いた項目を修正してください。"}
TITLE = {"en": "Set up two-step verification", "ja": "2段階認証を設定"}
MFA_SECTION = {"en": "Two-step verification", "ja": "2段階認証"}
EXPIRED = {
    "en": "This set-up is no longer open",
    "ja": "この設定はすでに終了しています",
}


async def _post(
    portal: AsyncTestClient[Litestar], path: str, language: str, **fields: str
) -> httpx.Response:
    """Submit a form as a browser in `language` would (the CSRF token from the cookie's page)."""
    page = await portal.get("/sign-in", headers={"Accept": "text/html"})
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token
    return await portal.post(
        path,
        data={"_csrf_token": token.group(1), **fields},
        headers={"Accept": "text/html", "Accept-Language": language},
        follow_redirects=False,
    )


async def _set_up(portal: AsyncTestClient[Litestar], language: str) -> str:
    """A new account in `language`, signed in, on the set-up page: its sealed enrolment."""
    address = new_email()
    await _post(portal, "/sign-up", language, email=address, password=PASSWORD)
    signed_in = await _post(portal, "/sign-in", language, email=address, password=PASSWORD)
    assert signed_in.status_code == 303
    setup = await _post(portal, "/account/mfa/setup", language)
    assert setup.status_code == 200, setup.text
    sealed = re.search(r'name="enrolment" value="([^"]+)"', setup.text)
    assert sealed
    return sealed.group(1)


def _summary_after(heading: str, page: str) -> str:
    """The text of the error summary right below the heading whose text is `heading`."""
    found = re.search(
        rf">{re.escape(heading)}</h[12]>\s*<div class=\"alert error\" role=\"alert\">([^<]+)", page
    )
    assert found, page[page.find("<main") :][:1500]
    return found.group(1)


@pytest.mark.parametrize("language", ["en", "ja"])
async def test_a_wrong_first_code_shows_the_summary_and_marks_the_code(
    portal: AsyncTestClient[Litestar], language: str
) -> None:
    sealed = await _set_up(portal, language)
    wrong = await _post(portal, "/account/mfa/confirm", language, code="000000", enrolment=sealed)
    assert wrong.status_code == 400
    assert _summary_after(TITLE[language], wrong.text) == SUMMARY[language]
    assert 'id="code" name="code" required aria-invalid="true"' in wrong.text
    assert f'value="{sealed}"' in wrong.text  # the same QR code again


@pytest.mark.parametrize("language", ["en", "ja"])
async def test_an_expired_set_up_says_so_at_the_top_instead_of_a_silent_redirect(
    portal: AsyncTestClient[Litestar], language: str
) -> None:
    await _set_up(portal, language)
    expired = await _post(
        portal, "/account/mfa/confirm", language, code="123456", enrolment="v2.expired"
    )
    assert expired.status_code == 400
    assert _summary_after(MFA_SECTION[language], expired.text).startswith(EXPIRED[language])
    assert 'action="/account/mfa/setup"' in expired.text  # where to start again
