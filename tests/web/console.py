"""Console helpers for the HTTP tests: administrators signed in through the portal's forms."""

from __future__ import annotations

import re

import psycopg
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.db import libpq_url
from tests.support.accounts import PASSWORD, new_email
from tests.web.forms_http import HTML, post_form


def set_role(database_url: str, address: str, role: str) -> None:
    """Give the account of `address` a role directly in the auth schema."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        conn.execute("UPDATE auth.users SET role = %s WHERE email = %s", (role, address))


async def signed_in_as(
    client: AsyncTestClient[Litestar], database_url: str, role: str = "user"
) -> str:
    """A new account holding `role`, signed in through the forms; its address."""
    address = new_email()
    await post_form(client, "/sign-up", email=address, password=PASSWORD)
    if role != "user":
        set_role(database_url, address, role)
    response = await post_form(client, "/sign-in", email=address, password=PASSWORD)
    assert response.status_code == 303, response.text
    return address


def console_paths(app: Litestar) -> list[str]:
    """Every console URL of the app's route table, path parameters filled with sample values."""
    samples = {"uuid": "00000000-0000-4000-8000-000000000000", "int": "1", "str": "x"}
    paths = []
    for route in app.routes:
        if route.path == "/admin" or route.path.startswith("/admin/"):
            paths.append(
                re.sub(r"\{\w+:(\w+)\}", lambda m: samples.get(m.group(1), "x"), route.path)
            )
    return sorted(set(paths))


async def csrf_of(client: AsyncTestClient[Litestar], path: str) -> str:
    """The CSRF token of the forms on `path`."""
    page = await client.get(path, headers=HTML)
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def user_id_of(database_url: str, address: str) -> str:
    """The account id of `address`."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        row = conn.execute("SELECT id FROM auth.users WHERE email = %s", (address,)).fetchone()
    assert row is not None
    return str(row[0])
