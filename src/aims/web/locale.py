"""Choose each request's language before any handler or error page runs."""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from litestar.datastructures import Headers
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, Scope, Send

from aims.web.i18n import LOCALE_COOKIE, current_locale, negotiate


def locale_from_headers(headers: Headers) -> str:
    """The switcher's cookie, else the best `Accept-Language` match, else the default."""
    try:
        cookies = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        cookies = SimpleCookie()
    cookie = cookies[LOCALE_COOKIE].value if LOCALE_COOKIE in cookies else None
    return negotiate(None, cookie, headers.get("accept-language"))


class LocaleMiddleware:
    """Sets the request's locale; pages of a signed-in user override it with the profile's."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        token = current_locale.set(locale_from_headers(Headers.from_scope(scope)))
        try:
            await self.app(scope, receive, send)
        finally:
            current_locale.reset(token)
