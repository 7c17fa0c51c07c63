"""The browser session: the token pair in HttpOnly cookies, and refreshed pairs written back."""

from __future__ import annotations

from typing import Any

from litestar.datastructures import Cookie, MutableScopeHeaders
from litestar.types import Scope

from aims.auth.public import TokenPair
from aims.kernel.clients import is_secure

ACCESS_COOKIE = "aims_access"
REFRESH_COOKIE = "aims_refresh"
REFRESH_LIFETIME_SECONDS = 30 * 24 * 3600  # the absolute lifetime of a session
_STATE_PAIR = "aims_refreshed_pair"
_STATE_AUTHENTICATED = "aims_authenticated"


def session_cookies(pair: TokenPair | None, secure: bool) -> list[Cookie]:
    """The cookies that carry `pair`, or that erase both tokens when `pair` is None."""
    common: dict[str, Any] = {"httponly": True, "samesite": "lax", "secure": secure, "path": "/"}
    if pair is None:
        return [
            Cookie(key=name, value="", max_age=0, **common)
            for name in (ACCESS_COOKIE, REFRESH_COOKIE)
        ]
    return [
        Cookie(key=ACCESS_COOKIE, value=pair.access_token, max_age=pair.expires_in, **common),
        Cookie(
            key=REFRESH_COOKIE, value=pair.refresh_token, max_age=REFRESH_LIFETIME_SECONDS, **common
        ),
    ]


def write_session(scope: Scope, pair: TokenPair | None) -> None:
    """Have the response store `pair` in the browser (None: erase it) on the coming response."""
    scope.setdefault("state", {})[_STATE_PAIR] = (pair,)


def mark_authenticated(scope: Scope) -> None:
    """The response shows a signed-in user's data: no cache may keep it."""
    scope.setdefault("state", {})[_STATE_AUTHENTICATED] = True


def write_session_headers(scope: Scope, headers: MutableScopeHeaders) -> None:
    """On any response (errors too): new or erased session cookies; `no-store` when signed in."""
    state = scope.get("state", {})
    if _STATE_PAIR in state:
        (pair,) = state[_STATE_PAIR]
        for cookie in session_cookies(pair, is_secure(scope)):
            headers.add("set-cookie", cookie.to_header(header=""))
    if state.get(_STATE_AUTHENTICATED):
        headers["Cache-Control"] = "no-store"
