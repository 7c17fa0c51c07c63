"""Every portal form is bounded at the edge with the API's limits; bad bytes are a 400 page."""

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.auth.public import PASSWORD_INPUT_MAX_LENGTH, PASSWORD_MAX_LENGTH
from aims.profiles.public import BIO_MAX_LENGTH, NAME_MAX_LENGTH
from tests.integration.auth.conftest import mailed_token
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


NOT_ALLOWED = "This field contains a character that is not allowed"


def _multipart(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    parts = [
        f'--XX\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    return b"".join(parts) + b"--XX--\r\n", {"Content-Type": "multipart/form-data; boundary=XX"}


def _urlencoded(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    body = "&".join(f"{name}={quote(value)}" for name, value in fields.items())
    return body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("encode", [_urlencoded, _multipart])
async def test_a_nul_in_a_form_shows_the_form_with_the_field_marked_and_stores_nothing(
    portal: AsyncTestClient[Litestar], encode: Any
) -> None:
    address = new_email()
    fields = {"email": "\x00" + address, "password": PASSWORD}
    body, content_type = encode({**fields, "_csrf_token": await csrf_token(portal)})
    response = await portal.post("/sign-up", content=body, headers={**HTML, **content_type})
    assert response.status_code == 400
    assert 'action="/sign-up"' in response.text  # the form, not an error page
    assert 'id="email" name="email" required aria-invalid="true"' in response.text
    assert NOT_ALLOWED in response.text
    assert "Please correct the marked fields." in response.text
    assert f'value="{address}"' in response.text  # what was typed, without the NUL
    login = await portal.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    assert login.status_code == 401


async def test_a_nul_in_the_profile_shows_the_form_with_what_was_typed_and_saves_nothing(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    response = await post_form(portal, "/account/profile", display_name="Ta\x00ro", bio="Kept")
    assert response.status_code == 400
    assert 'name="display_name" aria-invalid="true"' in response.text
    assert NOT_ALLOWED in response.text
    assert 'value="Taro"' in response.text
    assert ">Kept</textarea>" in response.text
    assert "Taro" not in (await portal.get("/account", headers=HTML)).text


async def test_a_nul_in_a_step_up_password_asks_for_it_again(
    portal: AsyncTestClient[Litestar],
) -> None:
    await signed_in(portal)
    response = await post_form(portal, "/account/sessions/sign-out-everywhere", password="a\x00")
    assert response.status_code == 400
    assert NOT_ALLOWED in response.text
    assert (await portal.get("/account", headers=HTML, follow_redirects=False)).status_code == 200


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


async def test_a_mailed_verification_token_with_a_nul_added_verifies_nothing(
    portal: AsyncTestClient[Litestar], data_dir: Path
) -> None:
    address = new_email()
    await portal.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    token = await mailed_token(data_dir / "mail", address, "Confirm")
    response = await post_form(portal, "/verify-email", token=token + "\x00")
    assert response.status_code == 400
    verified = await portal.post("/api/v1/auth/email/verify", json={"token": token})
    assert verified.status_code == 204  # the token was not spent on the refused form
