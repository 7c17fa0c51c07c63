"""Pages that need no account: the start page, the site icon and the language switcher."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.params import URLEncodedBody
from litestar.response import File, Redirect, Template

from aims.kernel.clients import private_cookie
from aims.kernel.languages import as_language
from aims.profiles.public import ProfileChanges
from aims.web.deps import Profiles
from aims.web.guards import Visitor
from aims.web.i18n import LOCALE_COOKIE, LOCALE_SECONDS
from aims.web.navigation import NextField, safe_next

FAVICON = Path(__file__).parent / "static" / "favicon.ico"


class LanguageChoice(msgspec.Struct, kw_only=True):
    """The language switcher's form."""

    locale: Annotated[str, msgspec.Meta(max_length=16)]
    next: NextField = "/"


class PublicPages(Controller):
    """The start page, the site icon and the language switcher."""

    include_in_schema = False

    @get("/")
    async def home(self, visit: Visitor) -> Template:
        """The start page."""
        return visit.page("home.html")

    @get("/favicon.ico", cache=24 * 3600)
    async def favicon(self) -> File:
        """The site icon where browsers look for it without a `<link rel="icon">`."""
        return File(FAVICON, media_type="image/x-icon", content_disposition_type="inline")

    @post("/language")
    async def choose_language(
        self,
        data: URLEncodedBody[LanguageChoice],
        visit: Visitor,
        profiles: Profiles,
    ) -> Redirect:
        """Remember the chosen language (in the profile too) and go back to the page."""
        response = Redirect(safe_next(data.next), status_code=303)
        language = as_language(data.locale)
        if language is not None:
            if visit.principal is not None:
                await profiles.update(visit.principal.user_id, ProfileChanges(locale=language))
            secure = visit.request.url.scheme == "https"  # a preference: plain HTTP may keep it
            response.set_cookie(
                private_cookie(LOCALE_COOKIE, language, LOCALE_SECONDS, secure=secure)
            )
        return response
