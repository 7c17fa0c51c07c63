"""Oversized form posts are refused at the edge and never stall the server for anyone else."""

from __future__ import annotations

import re
import socket
from urllib.parse import urlencode, urlsplit

import httpx

from tests.support.browser import LiveServer

FLOOD = 10
HELD = 4
STALL_LIMIT_SECONDS = 30  # a stall detector far above the milliseconds /health takes
OVERSIZED_PASSWORD = "ab" * 30_000  # inside the 64 KiB body bound, far above the field's


def _csrf(server: LiveServer) -> tuple[str, str]:
    """A CSRF cookie header and the token of the sign-up form."""
    with httpx.Client(base_url=server.url) as client:
        page = client.get("/sign-up", headers={"Accept": "text/html"})
        token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
        assert token
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return cookie, token.group(1)


def _sign_up_request(server: LiveServer, cookie: str, token: str) -> tuple[bytes, bytes]:
    """The head and body of a sign-up post with an oversized password."""
    body = urlencode(
        {"email": "a" * 60 + "@example.com", "password": OVERSIZED_PASSWORD, "_csrf_token": token}
    ).encode()
    host = urlsplit(server.url).netloc
    head = (
        f"POST /sign-up HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nAccept: text/html\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    return head, body


def _connect(server: LiveServer) -> socket.socket:
    parts = urlsplit(server.url)
    connection = socket.create_connection((parts.hostname, parts.port))
    connection.settimeout(STALL_LIMIT_SECONDS)
    return connection


def _status(connection: socket.socket) -> int:
    head = connection.recv(64)
    connection.close()
    return int(head.split()[1])


def test_health_is_served_while_a_flood_of_oversized_posts_is_in_flight(
    live_server: LiveServer,
) -> None:
    cookie, token = _csrf(live_server)
    head, body = _sign_up_request(live_server, cookie, token)
    flood = [_connect(live_server) for _ in range(FLOOD)]
    for connection in flood:
        connection.sendall(head + body)
    held = [_connect(live_server) for _ in range(HELD)]
    for connection in held:
        connection.sendall(head + body[: len(body) // 2])  # still in flight

    health = httpx.get(f"{live_server.url}/health", timeout=STALL_LIMIT_SECONDS)
    assert health.status_code == 200

    for connection in held:
        connection.sendall(body[len(body) // 2 :])
    statuses = [_status(connection) for connection in flood + held]
    assert statuses == [422] * (FLOOD + HELD)
