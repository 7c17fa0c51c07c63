"""Submitting portal forms over HTTP as a browser would: CSRF token from the page, cookies kept."""

from __future__ import annotations

import re

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.accounts import PASSWORD, new_email

HTML = {"Accept": "text/html", "Accept-Language": "en"}


async def csrf_token(client: AsyncTestClient[Litestar], path: str = "/sign-in") -> str:
    """The CSRF token a page gives its forms."""
    page = await client.get(path, headers=HTML)
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


async def post_form(client: AsyncTestClient[Litestar], path: str, **fields: str) -> httpx.Response:
    """Submit a form with its CSRF token; redirects are not followed."""
    token = await csrf_token(client)
    return await client.post(
        path, data={**fields, "_csrf_token": token}, headers=HTML, follow_redirects=False
    )


async def signed_in(client: AsyncTestClient[Litestar]) -> str:
    """A new account signed in through the forms; its address."""
    address = new_email()
    await post_form(client, "/sign-up", email=address, password=PASSWORD)
    response = await post_form(client, "/sign-in", email=address, password=PASSWORD)
    assert response.status_code == 303
    return address
