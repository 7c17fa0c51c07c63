"""The browser session: the token pair in HttpOnly cookies, and refreshed pairs written back."""

from __future__ import annotations

from collections.abc import Callable

from litestar.datastructures import Cookie
from litestar.types import Scope

from aims.auth.public import TokenPair
from aims.kernel.clients import is_secure, private_cookie
from aims.kernel.http import ResponseHeaders

ACCESS_COOKIE = "aims_access"
REFRESH_COOKIE = "aims_refresh"
_STATE_PAIR = "aims_refreshed_pair"
_STATE_AUTHENTICATED = "aims_authenticated"


def session_cookies(pair: TokenPair | None, secure: bool, refresh_max_age: int) -> list[Cookie]:
    """The cookies that carry `pair`, or that erase both tokens when `pair` is None; the
    refresh token's cookie lives `refresh_max_age` seconds (the session's absolute lifetime)."""
    if pair is None:
        return [
            private_cookie(name, "", 0, secure=secure) for name in (ACCESS_COOKIE, REFRESH_COOKIE)
        ]
    return [
        private_cookie(ACCESS_COOKIE, pair.access_token, pair.expires_in, secure=secure),
        private_cookie(REFRESH_COOKIE, pair.refresh_token, refresh_max_age, secure=secure),
    ]


def write_session(scope: Scope, pair: TokenPair | None) -> None:
    """Have the response store `pair` in the browser (None: erase it) on the coming response."""
    scope.setdefault("state", {})[_STATE_PAIR] = (pair,)


def mark_authenticated(scope: Scope) -> None:
    """The response shows a signed-in user's data: no cache may keep it."""
    scope.setdefault("state", {})[_STATE_AUTHENTICATED] = True


def session_headers_writer(
    refresh_max_age: int,
) -> Callable[[Scope, ResponseHeaders], None]:
    """What every response (errors too) gets: new or erased session cookies, whose refresh
    cookie lives `refresh_max_age` seconds, and `no-store` when signed in."""

    def write_session_headers(scope: Scope, headers: ResponseHeaders) -> None:
        state = scope.get("state", {})
        if _STATE_PAIR in state:
            (pair,) = state[_STATE_PAIR]
            for cookie in session_cookies(pair, is_secure(scope), refresh_max_age):
                headers.add("set-cookie", cookie.to_header(header=""))
        if state.get(_STATE_AUTHENTICATED):
            headers["Cache-Control"] = "no-store"

    return write_session_headers
