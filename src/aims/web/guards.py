"""Who is browsing: the principal behind the session cookies, refreshed silently when needed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import SkipValidation
from litestar.response import Redirect, Template

from aims.auth.public import (
    AuthFacade,
    ClientInfo,
    Principal,
    Role,
    TooManyAttempts,
    Unauthenticated,
)
from aims.profiles.public import Profile
from aims.web.deps import Auth, Client, Profiles
from aims.web.display import timezone_for
from aims.web.i18n import LOCALE_COOKIE, current_locale, negotiate
from aims.web.notices import notice_of
from aims.web.session import ACCESS_COOKIE, REFRESH_COOKIE, mark_authenticated, write_session


class SignInRequired(Exception):
    """An anonymous visitor asked for a page that needs an account."""


@dataclass(frozen=True)
class Visit:
    """One request of a browser: who it is (if anyone), their profile and language."""

    request: Request[Any, Any, Any]
    client: ClientInfo
    principal: Principal | None = None
    profile: Profile | None = None

    @property
    def locale(self) -> str:
        """The profile's language, else the switcher's cookie, else the browser's."""
        return negotiate(
            self.profile.locale if self.profile else None,
            self.request.cookies.get(LOCALE_COOKIE),
            self.request.headers.get("accept-language"),
        )

    @property
    def timezone(self) -> str:
        """Where the visitor's clock is (see `display.timezone_for`)."""
        return timezone_for(self.profile.timezone if self.profile else None, self.locale)

    @property
    def htmx(self) -> bool:
        """Whether htmx sent the request (it then wants a fragment, not a page)."""
        return self.request.headers.get("hx-request") == "true"

    @property
    def user(self) -> Principal:
        """The signed-in principal; an anonymous visitor is sent to sign in."""
        if self.principal is None:
            raise SignInRequired
        return self.principal

    def page(self, template: str, status_code: int = 200, **context: Any) -> Template:
        """Render `template` in the visitor's language."""
        current_locale.set(self.locale)
        return Template(
            template_name=template,
            context={"visit": self, "notice": notice_of(self.request), **context},
            status_code=status_code,
        )


async def _principal(
    request: Request[Any, Any, Any], auth: AuthFacade, client: ClientInfo
) -> Principal | None:
    access = request.cookies.get(ACCESS_COOKIE)
    if access:
        try:
            return await auth.authenticate(access)
        except Unauthenticated:
            pass
    refresh = request.cookies.get(REFRESH_COOKIE)
    if not refresh:
        if access:
            write_session(request.scope, None)
        return None
    try:
        pair = await auth.refresh(refresh, client)
        principal = await auth.authenticate(pair.access_token)
    except TooManyAttempts:
        return None  # anonymous for now; the session itself is still good
    except Unauthenticated:
        write_session(request.scope, None)
        return None
    write_session(request.scope, pair)
    return principal


Visitor = NamedDependency[SkipValidation[Visit]]  # `visit` (anyone) or `account` (signed in)


async def provide_visit(
    request: Request[Any, Any, Any], auth_facade: Auth, profiles: Profiles, client: Client
) -> Visit:
    """The request's visitor, signed in or not."""
    principal = await _principal(request, auth_facade, client)
    if principal is None:
        return Visit(request=request, client=client)
    mark_authenticated(request.scope)
    profile = (await profiles.get(principal.user_id)).profile
    return Visit(request=request, client=client, principal=principal, profile=profile)


def requiring(role: Role) -> Callable[..., Awaitable[Visit]]:
    """A dependency: the visit of a signed-in user holding `role`; else sign-in or a 403 page."""

    async def provide(visit: Visitor) -> Visit:
        if not visit.user.has_role(role):
            raise PermissionDeniedException("This page needs another role.")
        return visit

    return provide


def to_sign_in(request: Request[Any, Any, Any], _: SignInRequired) -> Response[Any]:
    """Send an anonymous visitor to sign in, then back to the page they asked for."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    target = "/sign-in?" + urlencode({"next": here})
    if request.headers.get("hx-request"):
        return Response(content=b"", status_code=204, headers={"HX-Redirect": target})
    return Redirect(target, status_code=303)
