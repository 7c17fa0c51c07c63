"""The web layer over HTTP: language, CSRF, security headers, friendly errors."""

import re

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

HTML = {"Accept": "text/html"}


async def csrf_token(client: AsyncTestClient[Litestar]) -> str:
    page = await client.get("/", headers=HTML)
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, "every page carries the CSRF token for its forms"
    return match.group(1)


async def test_the_start_page_speaks_the_browsers_language(
    client: AsyncTestClient[Litestar],
) -> None:
    english = await client.get("/", headers={**HTML, "Accept-Language": "en-GB,en;q=0.9"})
    japanese = await client.get("/", headers={**HTML, "Accept-Language": "ja,en;q=0.5"})
    assert '<html lang="en">' in english.text
    assert "Welcome to AIMS" in english.text
    assert '<html lang="ja">' in japanese.text
    assert "AIMS へようこそ" in japanese.text


async def test_the_language_switcher_remembers_the_choice(
    client: AsyncTestClient[Litestar],
) -> None:
    token = await csrf_token(client)
    switched = await client.post(
        "/language",
        data={"locale": "en", "next": "/", "_csrf_token": token},
        headers={**HTML, "Accept-Language": "ja"},
        follow_redirects=False,
    )
    assert switched.status_code == 303
    page = await client.get("/", headers={**HTML, "Accept-Language": "ja"})
    assert '<html lang="en">' in page.text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
async def test_the_switcher_never_redirects_off_site(
    client: AsyncTestClient[Litestar], target: str
) -> None:
    token = await csrf_token(client)
    response = await client.post(
        "/language",
        data={"locale": "ja", "next": target, "_csrf_token": token},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


async def test_a_form_post_without_the_csrf_token_is_refused(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.post("/language", data={"locale": "en"}, follow_redirects=False)
    assert response.status_code == 403


async def test_pages_carry_the_security_headers(client: AsyncTestClient[Litestar]) -> None:
    headers = (await client.get("/", headers=HTML)).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in headers, "no HSTS over plain HTTP"


async def test_pages_have_no_inline_script(client: AsyncTestClient[Litestar]) -> None:
    page = (await client.get("/", headers=HTML)).text
    for script in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        assert script.strip() == ""
    assert not re.search(r"\son[a-z]+=", page), "no inline event handlers"


async def test_a_browser_gets_a_friendly_404_page_and_the_api_a_problem(
    client: AsyncTestClient[Litestar],
) -> None:
    page = await client.get("/no/such/page", headers={**HTML, "Accept-Language": "en"})
    api = await client.get("/api/v1/no-such-thing", headers=HTML)
    assert page.status_code == 404
    assert "This page does not exist." in page.text
    assert "Traceback" not in page.text
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")


async def test_htmx_is_served_from_this_site(client: AsyncTestClient[Litestar]) -> None:
    page = (await client.get("/", headers=HTML)).text
    src = re.search(r'<script src="([^"]+htmx[^"]+)"', page)
    assert src
    assert src.group(1).startswith("/static/")
    script = await client.get(src.group(1))
    assert script.status_code == 200
    assert "htmx" in script.text[:2000]


async def test_the_404_of_an_unknown_path_carries_the_security_headers(
    client: AsyncTestClient[Litestar],
) -> None:
    headers = (await client.get("/no/route/here", headers=HTML)).headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("visited_before", [False, True])
async def test_the_language_can_be_switched_from_an_error_page(
    client: AsyncTestClient[Litestar], visited_before: bool
) -> None:
    if visited_before:
        await client.get("/", headers=HTML)
    missing = await client.get("/no-such-page", headers={**HTML, "Accept-Language": "ja"})
    assert missing.status_code == 404
    match = re.search(r'name="_csrf_token" value="([^"]+)"', missing.text)
    assert match, "the error page's language switcher carries a CSRF token"
    switched = await client.post(
        "/language",
        data={"locale": "en", "next": "/", "_csrf_token": match.group(1)},
        headers=HTML,
        follow_redirects=False,
    )
    assert switched.status_code == 303
