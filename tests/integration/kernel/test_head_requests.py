"""HEAD is answered wherever GET is: the same status and headers, never a body (RFC 9110)."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import bearer, signed_in

HTML = {"Accept": "text/html"}
_PER_RESPONSE = {"date", "x-request-id", "set-cookie"}


async def _assert_head_matches_get(
    client: AsyncTestClient[Litestar], path: str, headers: dict[str, str]
) -> None:
    got = await client.get(path, headers=headers)
    head = await client.head(path, headers=headers)
    assert head.status_code == got.status_code, head.text
    assert head.content == b""
    assert head.headers["content-length"] == str(len(got.content))
    same = {name: value for name, value in got.headers.items() if name not in _PER_RESPONSE}
    assert {name: head.headers.get(name) for name in same} == same


async def test_head_on_a_public_page_is_its_get_without_the_body(
    client: AsyncTestClient[Litestar],
) -> None:
    await _assert_head_matches_get(client, "/sign-in", HTML)
    head = await client.head("/sign-in", headers=HTML)
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in head.headers["content-security-policy"]


async def test_head_on_an_api_route_keeps_its_authentication(
    client: AsyncTestClient[Litestar],
) -> None:
    anonymous = await client.head("/api/v1/auth/me")
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
    assert anonymous.content == b""
    account = await signed_in(client)
    await _assert_head_matches_get(client, "/api/v1/auth/me", bearer(account["access_token"]))
    signed = await client.head("/api/v1/auth/me", headers=bearer(account["access_token"]))
    assert signed.status_code == 200
    assert signed.headers["content-type"].startswith("application/json")


async def test_head_on_an_unknown_path_is_a_404_without_a_body(
    client: AsyncTestClient[Litestar],
) -> None:
    for headers in ({}, HTML):
        await _assert_head_matches_get(client, "/no-such-page", headers)
        assert (await client.head("/no-such-page", headers=headers)).status_code == 404


async def test_head_on_a_page_that_needs_an_account_redirects_like_get(
    client: AsyncTestClient[Litestar],
) -> None:
    head = await client.head("/account", headers=HTML, follow_redirects=False)
    assert head.status_code == 303
    assert head.headers["location"].startswith("/sign-in?next=")


async def test_head_does_not_pass_for_a_form_post(client: AsyncTestClient[Litestar]) -> None:
    """HEAD is a GET: a POST-only address answers as a GET of it does, and changes nothing."""
    for path in ("/api/v1/auth/login", "/sign-out"):
        got = await client.get(path, follow_redirects=False)
        head = await client.head(path, follow_redirects=False)
        assert (head.status_code, head.content) == (got.status_code, b"")


async def test_a_405_lists_head_beside_get(client: AsyncTestClient[Litestar]) -> None:
    refused = await client.put("/sign-in")
    assert refused.status_code == 405
    allowed = {method.strip() for method in refused.headers["allow"].split(",")}
    assert {"GET", "HEAD", "POST"} <= allowed
