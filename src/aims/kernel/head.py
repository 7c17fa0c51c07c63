"""HEAD answered for every route as GET is, without the body (RFC 9110, section 9.3.2).

Litestar routes a HEAD request only to a handler declared for HEAD, so every page and API
route answered 405. `AnswerHeadAsGet` wraps the app's handler in front of routing: the
request travels the whole app as a GET (routing, middleware, guards, CSRF, rate limits,
handlers, error handlers, security headers), and the response keeps its status and headers
(Content-Type, Content-Length) while its body is dropped. The server's own scope still says
HEAD, so it sends no body either.
"""

from __future__ import annotations

from typing import cast

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

_SERVED_AS_GET = "aims.head_served_as_get"


class AnswerHeadAsGet:
    """An ASGI wrapper: a HEAD request is served as a GET whose body is never sent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        as_get = cast("Scope", {**scope, "method": "GET", _SERVED_AS_GET: True})
        await self.app(as_get, receive, send_headers_only)


def allowing_head(headers: dict[str, str]) -> dict[str, str]:
    """A 405's headers with HEAD in its `Allow` wherever GET is (the router lists only the
    methods its handlers declare)."""
    allow = headers.get("allow")
    if allow is None:
        return headers
    methods = [method.strip() for method in allow.split(",")]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return headers | {"allow": ", ".join(methods)}


def requested_method(scope: Scope) -> str:
    """The method the client sent (HEAD for a HEAD served as a GET), for logs and metrics."""
    return "HEAD" if scope.get(_SERVED_AS_GET) else str(scope.get("method", ""))
