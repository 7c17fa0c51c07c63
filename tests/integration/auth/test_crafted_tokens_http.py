"""Property over HTTP: a crafted bearer token (or access cookie) is answered 401, never 500.

Sync tests with Litestar's `TestClient` (its own event loop in a thread), so Hypothesis can
drive many requests through one app.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from litestar import Litestar
from litestar.testing import TestClient

from aims.kernel.edge import MAX_HEADER_BYTES
from tests.integration.auth.conftest import FAST_HASHING
from tests.support.accounts import PASSWORD, new_email
from tests.support.crafted_tokens import crafted_tokens

ADMIN_PATH = "/api/v1/admin/documents"
"""The admin API resolves the principal in its router guard: the same answer is expected."""

FUZZ = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def http(app_for: Callable[..., Litestar], redis_url: str) -> Iterator[TestClient[Litestar]]:
    with TestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as client:
        yield client


def published_kids(http: TestClient[Litestar]) -> list[str]:
    return [key["kid"] for key in http.get("/.well-known/jwks.json").json()["keys"]]


def problem(response: Any) -> dict[str, Any]:
    """The problem document without its per-request id."""
    body = dict(response.json())
    body.pop("request_id", None)
    return body


def test_every_crafted_bearer_token_gets_the_same_401(http: TestClient[Litestar]) -> None:
    reference = http.get("/api/v1/auth/me", headers={"Authorization": "Bearer x.y.z"})
    assert reference.status_code == 401
    expected = problem(reference)

    @FUZZ
    @given(crafted_tokens(published_kids(http)).filter(str.strip))  # blank = no token at all
    def check(token: str) -> None:
        header = f"Bearer {token}"
        for path in ("/api/v1/auth/me", "/api/v1/auth/sessions", ADMIN_PATH):
            response = http.get(path, headers={"Authorization": header})
            if len(header.encode()) > MAX_HEADER_BYTES:  # the request edge refuses it first
                assert response.status_code == 431, (token, response.text)
                continue
            assert response.status_code == 401, (token, response.text)
            assert problem(response) == expected
            assert response.headers["www-authenticate"].startswith("Bearer")

    check()


def test_a_crafted_access_cookie_leaves_the_visitor_anonymous(http: TestClient[Litestar]) -> None:
    @FUZZ
    @given(crafted_tokens(published_kids(http)))
    def check(token: str) -> None:
        http.cookies.set("aims_access", token)
        page = http.get("/account", headers={"Accept": "text/html"}, follow_redirects=False)
        if len(f"aims_access={token}".encode()) > MAX_HEADER_BYTES - 512:  # near the edge's
            assert page.status_code in (303, 431), (token, page.text)  # bound, with other cookies
            return
        assert page.status_code == 303, (token, page.text)
        assert page.headers["location"].startswith("/sign-in")

    check()


def test_introspection_reports_any_crafted_token_inactive(
    http: TestClient[Litestar], database_url: str
) -> None:
    admin = admin_bearer(http, database_url)

    @FUZZ
    @given(crafted_tokens(published_kids(http)))
    def check(token: str) -> None:
        response = http.post("/api/v1/auth/introspect", json={"token": token}, headers=admin)
        if not 1 <= len(token) <= 4096:  # the body's length bounds come first
            assert response.status_code == 422
            return
        assert response.status_code == 200, (token, response.text)
        assert response.json() == {"active": False}

    check()


def admin_bearer(http: TestClient[Litestar], database_url: str) -> dict[str, str]:
    """The Authorization header of a new administrator."""
    import psycopg

    from aims.kernel.db import libpq_url

    address = new_email()
    http.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
    with psycopg.connect(libpq_url(database_url)) as conn:
        conn.execute("UPDATE auth.users SET role = 'admin' WHERE email = %s", (address,))
    login = http.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
    return {"Authorization": f"Bearer {login.json()['access_token']}"}
