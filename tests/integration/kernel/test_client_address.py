"""Served as `aims run` serves: X-Forwarded-For counts only from AIMS_TRUSTED_PROXIES.

Sync tests against uvicorn on loopback (the peer is a real 127.0.0.1), with the server
options of `aims run`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
from litestar import Litestar

from tests.support.accounts import PASSWORD, bearer, forget_rate_limits, new_email
from tests.support.browser import LiveServer

FAST = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@contextmanager
def served(app: Litestar) -> Iterator[httpx.Client]:
    server = LiveServer(app)
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            yield client
    finally:
        server.stop()


def session_ip(client: httpx.Client, forwarded_for: str) -> str:
    """The IP the sessions list shows for a sign-in sent with this X-Forwarded-For."""
    address, header = new_email(), {"X-Forwarded-For": forwarded_for}
    credentials = {"email": address, "password": PASSWORD}
    client.post("/api/v1/auth/register", json=credentials, headers=header)
    login = client.post("/api/v1/auth/login", json=credentials, headers=header)
    assert login.status_code == 200, login.text
    sessions = client.get("/api/v1/auth/sessions", headers=bearer(login.json()["access_token"]))
    ip: str = sessions.json()[0]["ip"]
    return ip


def test_without_trusted_proxies_the_header_is_ignored(
    app_for: Callable[..., Litestar], redis_url: str
) -> None:
    forget_rate_limits(redis_url)
    with served(app_for(redis_url=redis_url, **FAST)) as client:
        assert session_ip(client, "198.51.100.23") == "127.0.0.1"
        assert session_ip(client, "y" * 80) == "127.0.0.1"  # was stored as is, or a 500
        statuses = [
            client.post(
                "/api/v1/auth/register",
                json={"email": new_email(), "password": PASSWORD},
                headers={"X-Forwarded-For": f"203.0.113.{n}"},
            ).status_code
            for n in range(10)
        ]
        assert statuses[-1] == 429, "a rotating header must not reset the per-IP limit"


def test_behind_a_trusted_proxy_the_right_most_untrusted_hop_counts(
    app_for: Callable[..., Litestar], redis_url: str
) -> None:
    forget_rate_limits(redis_url)
    app = app_for(redis_url=redis_url, trusted_proxies="127.0.0.1, 10.0.0.0/8", **FAST)
    with served(app) as client:
        assert session_ip(client, "192.0.2.1, 198.51.100.23, 10.0.0.5") == "198.51.100.23"
        assert session_ip(client, "not-an-ip") == "127.0.0.1"
