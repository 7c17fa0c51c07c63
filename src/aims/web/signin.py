"""Signing in (password, then a TOTP or recovery code when enrolled) and signing out."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from aims.auth.public import (
    EmailNotVerified,
    InvalidInput,
    MfaEnrolmentRequired,
    MfaRequired,
    TokenPair,
    TooManyAttempts,
    Unauthenticated,
)
from aims.web.deps import Auth, Seals
from aims.web.forms import (
    CodeField,
    EmailField,
    FormErrors,
    PasswordField,
    from_app_error,
    refusal,
)
from aims.web.guards import Visit, Visitor
from aims.web.navigation import NextField, safe_next
from aims.web.notices import with_notice
from aims.web.pending import PENDING_COOKIE, PENDING_SECONDS, PendingSignIn
from aims.web.session import is_secure, write_session

HOME = "/account"


class SignInForm(msgspec.Struct, kw_only=True):
    """E-mail and password."""

    email: EmailField = ""
    password: PasswordField = ""
    next: NextField = HOME


class CodeForm(msgspec.Struct, kw_only=True):
    """The second step: a TOTP or a recovery code."""

    code: CodeField = ""


class SignInPages(Controller):
    """/sign-in, its code step, and /sign-out."""

    include_in_schema = False

    @get("/sign-in")
    async def form(self, visit: Visitor, next: FromQuery[NextField] = HOME) -> Template | Redirect:
        """The sign-in form; a signed-in visitor goes straight on."""
        if visit.principal is not None:
            return Redirect(safe_next(next, HOME), status_code=303)
        return visit.page("portal/sign_in.html", next=safe_next(next, HOME))

    @post("/sign-in")
    async def submit(
        self, data: URLEncodedBody[SignInForm], visit: Visitor, auth_facade: Auth, sealer: Seals
    ) -> Template | Redirect:
        """Check the password; ask for a code when the account has two-step verification."""
        target = safe_next(data.next, HOME)
        errors = FormErrors().require({"email": data.email, "password": data.password})
        if not errors:
            try:
                pair = await auth_facade.login(data.email, data.password, None, visit.client)
                return _signed_in(visit, pair, target)
            except MfaRequired:
                pending = PendingSignIn(email=data.email, password=data.password, next=target)
                return _code_step(visit, sealer.seal(pending), FormErrors())
            except (Unauthenticated, EmailNotVerified, MfaEnrolmentRequired, TooManyAttempts) as e:
                errors = refusal(e)
            except InvalidInput as exc:
                errors = from_app_error(exc, ("email",))
        return visit.page("portal/sign_in.html", 400, next=target, email=data.email, errors=errors)

    @post("/sign-in/code")
    async def code(
        self, data: URLEncodedBody[CodeForm], visit: Visitor, auth_facade: Auth, sealer: Seals
    ) -> Template | Redirect:
        """Finish signing in with the code."""
        sealed = visit.request.cookies.get(PENDING_COOKIE)
        pending = sealer.open(sealed, PendingSignIn)
        if pending is None or sealed is None:
            return Redirect("/sign-in", status_code=303)
        errors = FormErrors().require({"code": data.code})
        if not errors:
            try:
                pair = await auth_facade.login(
                    pending.email, pending.password, data.code, visit.client
                )
                return _signed_in(visit, pair, pending.next)
            except Unauthenticated:
                errors.add("code", "code")
            except (EmailNotVerified, MfaEnrolmentRequired, TooManyAttempts) as exc:
                errors = refusal(exc)
        return _code_step(visit, sealed, errors)

    @post("/sign-out")
    async def sign_out(self, visit: Visitor, auth_facade: Auth) -> Redirect:
        """End this session and forget its cookies."""
        if visit.principal is not None:
            await auth_facade.logout(visit.principal, visit.client)
        write_session(visit.request.scope, None)
        return Redirect(with_notice("/sign-in", "signed_out"), status_code=303)


def _signed_in(visit: Visit, pair: TokenPair, target: str) -> Redirect:
    write_session(visit.request.scope, pair)
    response = Redirect(target, status_code=303)
    response.delete_cookie(PENDING_COOKIE, path="/sign-in")
    return response


def _code_step(visit: Visit, sealed: str, errors: FormErrors) -> Template:
    response = visit.page("portal/sign_in_code.html", 400 if errors else 200, errors=errors)
    response.set_cookie(
        PENDING_COOKIE,
        sealed,
        max_age=PENDING_SECONDS,
        path="/sign-in",
        httponly=True,
        samesite="lax",
        secure=is_secure(visit.request.scope),
    )
    return response
