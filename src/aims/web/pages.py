"""Pages that need no account: the start page and the language switcher."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template

from aims.web.i18n import LOCALE_COOKIE, SUPPORTED_LOCALES
from aims.web.navigation import safe_next


class LanguageChoice(msgspec.Struct, kw_only=True):
    """The language switcher's form."""

    locale: str
    next: str = "/"


class PublicPages(Controller):
    """The start page and the language switcher."""

    include_in_schema = False

    @get("/")
    async def home(self) -> Template:
        """The start page."""
        return Template(template_name="home.html")

    @post("/language")
    async def choose_language(
        self,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[LanguageChoice],
    ) -> Redirect:
        """Remember the chosen language and go back to the page the user was on."""
        response = Redirect(safe_next(data.next), status_code=303)
        if data.locale in SUPPORTED_LOCALES:
            response.set_cookie(
                LOCALE_COOKIE,
                data.locale,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="lax",
                secure=request.url.scheme == "https",
            )
        return response
