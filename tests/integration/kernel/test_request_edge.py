"""Malformed and oversized requests are refused at the edge with a 4xx, never a 500."""

from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.edge import MAX_BODY_BYTES
from tests.support.accounts import PASSWORD, new_email

JSON = {"Content-Type": "application/json"}
PROBLEM = "application/problem+json"
LOGIN = "/api/v1/auth/login"


def _assert_problem(response: object, status: int) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("nested 2000 deep", b"[" * 2000 + b"]" * 2000),
        ("nested past the limit", b'{"email":' * 40 + b"1" + b"}" * 40),
        ("invalid UTF-8", b'{"email":"\xff@example.com","password":"x"}'),
        ("NUL in the e-mail", b'{"email":"a\\u0000@example.com","password":"xxxxxxxxx"}'),
        ("lone surrogate", b'{"email":"a\\udc00b@example.com","password":"xxxxxxxxx"}'),
        ("NUL in a key", b'{"email\\u0000":"a@example.com","password":"xxxxxxxxx"}'),
    ],
)
async def test_malformed_json_is_a_400_problem(
    client: AsyncTestClient[Litestar], name: str, body: bytes
) -> None:
    _assert_problem(await client.post(LOGIN, content=body, headers=JSON), 400)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"email":"a\\u0000@example.com","password":"xxxxxxxxx"}', "email"),
        (b'{"email":"a@example.com","password":"x\\u0000xxxxxxxx"}', "password"),
        (b'{"email\\u0000":"a@example.com","password":"xxxxxxxxx"}', "body"),
    ],
)
async def test_unstorable_text_in_json_is_a_400_naming_the_field(
    client: AsyncTestClient[Litestar], body: bytes, field: str
) -> None:
    response = await client.post(LOGIN, content=body, headers=JSON)
    _assert_problem(response, 400)
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert f"`{field}`" in response.json()["detail"]


async def test_nul_in_the_register_locale_is_refused(client: AsyncTestClient[Litestar]) -> None:
    body = b'{"email":"%s","password":"%s","locale":"j\\u0000"}' % (
        new_email().encode(),
        PASSWORD.encode(),
    )
    _assert_problem(await client.post("/api/v1/auth/register", content=body, headers=JSON), 400)


async def test_forgot_password_with_nul_is_refused_before_any_mail_is_queued(
    client: AsyncTestClient[Litestar], tmp_path: Path
) -> None:
    body = b'{"email":"a\\u0000b@example.com"}'
    response = await client.post("/api/v1/auth/password/forgot", content=body, headers=JSON)
    _assert_problem(response, 400)
    assert not list((tmp_path / "data" / "mail").glob("*.eml"))


async def test_a_body_above_the_bound_is_413_before_it_is_read(
    client: AsyncTestClient[Litestar],
) -> None:
    body = b'{"email":"a@example.com","password":"' + b"x" * MAX_BODY_BYTES + b'"}'
    _assert_problem(await client.post(LOGIN, content=body, headers=JSON), 413)


@pytest.mark.parametrize("media_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_a_json_route_refuses_a_body_of_another_media_type(
    client: AsyncTestClient[Litestar], media_type: str | None
) -> None:
    """A cross-site form can post `text/plain` without a preflight: it must not pass for JSON."""
    body = f'{{"email":"{new_email()}","password":"{PASSWORD}"}}'.encode()
    headers = {"Content-Type": media_type} if media_type else {}
    response = await client.post("/api/v1/auth/register", content=body, headers=headers)
    _assert_problem(response, 415)
    assert response.json()["code"] == "unsupported_media_type"


async def test_an_oversized_field_is_422_naming_it(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post(LOGIN, json={"email": new_email(), "password": "x" * 5000})
    _assert_problem(response, 422)
    assert [error["field"] for error in response.json()["errors"]] == ["password"]


@pytest.mark.parametrize(
    "path",
    [
        "/static/%00",
        "/static/%ff",
        "/static/css/%00.css",
        "/sign-in?next=%00",
        "/verify-email?token=%ff%fe",
        "/api/v1/auth/me?x=%00",
    ],
)
async def test_nul_or_bad_utf8_in_a_path_or_query_is_a_400(
    client: AsyncTestClient[Litestar], path: str
) -> None:
    _assert_problem(await client.get(path), 400)
    page = await client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 400
    expected = PROBLEM if path.startswith("/api/") else "text/html"
    assert page.headers["content-type"].startswith(expected)


async def test_a_header_with_nul_is_a_400(client: AsyncTestClient[Litestar]) -> None:
    _assert_problem(await client.get("/api/v1/auth/me", headers={"User-Agent": "a\x00b"}), 400)


async def test_oversized_headers_and_urls_are_refused(client: AsyncTestClient[Litestar]) -> None:
    _assert_problem(await client.get("/health", headers={"User-Agent": "x" * 20_000}), 431)
    many = {f"X-Filler-{n}": "x" * 4000 for n in range(10)}
    _assert_problem(await client.get("/health", headers=many), 431)
    _assert_problem(await client.get("/sign-in?next=" + "a" * 10_000), 414)


async def test_strange_cookies_do_not_break_a_page(client: AsyncTestClient[Litestar]) -> None:
    cookies = "aims_refresh=a%00b; aims_access=%ff; aims_locale=%00; aims_csrf=\\x00"
    page = await client.get("/", headers={"Accept": "text/html", "Cookie": cookies})
    assert page.status_code == 200


@pytest.mark.parametrize(
    ("value", "paths"),
    [
        (b"\xff\xfe", ("/sign-up", "/language")),
        # a page's own form shows a NUL on the form (tests/web/test_unstorable_form_text.py)
        (b"a\x00b@example.com", ("/language",)),
    ],
)
async def test_a_multipart_form_with_bad_text_is_a_400_page(
    client: AsyncTestClient[Litestar], value: bytes, paths: tuple[str, ...]
) -> None:
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="email"\r\n\r\n' + value + b"\r\n"
        b'--XX\r\nContent-Disposition: form-data; name="_csrf_token"\r\n\r\nabc\r\n--XX--\r\n'
    )
    headers = {"Content-Type": "multipart/form-data; boundary=XX", "Accept": "text/html"}
    for path in paths:
        response = await client.post(path, content=body, headers=headers)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/html")
