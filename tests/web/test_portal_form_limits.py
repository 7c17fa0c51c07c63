"""Every portal form is bounded at the edge with the API's limits; bad bytes are a 400 page."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.public import PASSWORD_INPUT_MAX_LENGTH, PASSWORD_MAX_LENGTH
from aims.profiles.public import BIO_MAX_LENGTH, NAME_MAX_LENGTH
from tests.support.accounts import PASSWORD, new_email
from tests.web.forms_http import HTML, csrf_token, post_form, signed_in

TOO_LONG_PASSWORD = "x" * (PASSWORD_INPUT_MAX_LENGTH + 1)


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/sign-up", {"email": "a@example.com", "password": TOO_LONG_PASSWORD}),
        ("/sign-up", {"email": "a" * 300 + "@example.com", "password": PASSWORD}),
        ("/sign-in", {"email": "a@example.com", "password": TOO_LONG_PASSWORD}),
        ("/sign-in", {"email": "a@example.com", "password": "x", "next": "/" + "a" * 9000}),
        ("/sign-in/code", {"code": "1" * 100}),
        ("/forgot-password", {"email": "a" * 300 + "@example.com"}),
        ("/reset-password", {"token": "t" * 5000, "password": PASSWORD}),
        ("/verify-email", {"token": "t" * 5000}),
        ("/language", {"locale": "x" * 100, "next": "/"}),
    ],
)
async def test_an_oversized_field_of_an_anonymous_form_is_refused_with_a_page(
    portal: AsyncTestClient[Litestar], path: str, fields: dict[str, str]
) -> None:
    response = await post_form(portal, path, **fields)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/account/password", {"current_password": PASSWORD, "new_password": TOO_LONG_PASSWORD}),
        ("/account/mfa/setup", {"password": TOO_LONG_PASSWORD}),
        ("/account/mfa/confirm", {"code": "1" * 100, "enrolment": "e"}),
        ("/account/sessions/sign-out-everywhere", {"password": TOO_LONG_PASSWORD}),
        ("/account/profile", {"display_name": "n" * (NAME_MAX_LENGTH + 1)}),
        ("/account/profile", {"bio": "b" * (2 * BIO_MAX_LENGTH + 1)}),
        ("/account/profile", {"locale": "fr"}),
    ],
)
async def test_an_oversized_field_of_a_signed_in_form_is_refused_with_a_page(
    portal: AsyncTestClient[Litestar], path: str, fields: dict[str, str]
) -> None:
    await signed_in(portal)
    response = await post_form(portal, path, **fields)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


async def test_a_password_above_the_policy_but_within_the_edge_gets_the_policy_message(
    portal: AsyncTestClient[Litestar],
) -> None:
    password = "x" * (PASSWORD_MAX_LENGTH + 1)
    response = await post_form(portal, "/sign-up", email=new_email(), password=password)
    assert response.status_code == 400
    assert f"Use at most {PASSWORD_MAX_LENGTH} characters." in response.text
    assert f'maxlength="{PASSWORD_INPUT_MAX_LENGTH}"' in response.text


async def test_a_nul_in_a_form_is_a_400_page_and_nothing_is_stored(
    portal: AsyncTestClient[Litestar],
) -> None:
    token = await csrf_token(portal)
    body = f"email=a%00b%40example.com&password=x&_csrf_token={token}"
    response = await portal.post(
        "/sign-up",
        content=body.encode(),
        headers={**HTML, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")


async def test_a_bio_at_its_limit_with_line_breaks_is_saved(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    lines = ["あ" * 99] * 20  # 20 x 99 characters and 19 line breaks: 1999 characters
    bio = "\r\n".join(lines)  # what a browser sends for a text area
    saved = await post_form(portal, "/account/profile", bio=bio)
    assert saved.status_code == 303
    page = await portal.get("/account", headers=HTML)
    assert "\n".join(lines) in page.text


async def test_a_bio_over_its_limit_is_explained_on_the_form(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    response = await post_form(portal, "/account/profile", bio="b" * (BIO_MAX_LENGTH + 1))
    assert response.status_code == 400
    assert f"Use at most {BIO_MAX_LENGTH} characters." in response.text
