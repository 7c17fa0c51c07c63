"""HEAD over a real server: headers of the GET, no body, and the connection stays usable."""

import httpx

from tests.support.browser import LiveServer


def test_head_over_uvicorn_sends_the_get_headers_and_no_body(live_server: LiveServer) -> None:
    with httpx.Client(base_url=live_server.url) as client:
        got = client.get("/sign-in", headers={"Accept": "text/html"})
        head = client.head("/sign-in", headers={"Accept": "text/html"})
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == str(len(got.content))
        # on the same keep-alive connection, the next answer is whole (no stray body bytes)
        assert client.get("/health").json()["status"] == "ok"
        assert client.head("/api/v1/auth/me").status_code == 401
