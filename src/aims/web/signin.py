"""Signing in (password, then a TOTP or recovery code when enrolled) and signing out.

Between the two steps the browser holds only auth's MFA challenge — opaque,
single-use, bound to this client, five minutes — in an HttpOnly cookie scoped
to /sign-in, never the password. A cookie rather than a hidden field: script
on the page cannot read it, and it never lands in the HTML (caches, autofill,
screenshots). The return path rides along as a hidden field, checked again.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get, post
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from aims.auth.public import (
    DEVICE_COOKIE,
    DEVICE_COOKIE_SECONDS,
    EmailNotVerified,
    InvalidInput,
    MfaChallenge,
    MfaChallengeInvalid,
    MfaEnrolmentRequired,
    SignedIn,
    TooManyAttempts,
    Unauthenticated,
)
from aims.kernel.clients import is_secure, private_cookie
from aims.web.deps import Auth
from aims.web.forms import (
    CodeField,
    EmailField,
    Form,
    FormErrors,
    PasswordField,
    from_app_error,
    refusal,
)
from aims.web.guards import Visit, Visitor
from aims.web.navigation import NextField, safe_next
from aims.web.notices import with_notice
from aims.web.session import write_session

HOME = "/account"
SIGN_IN = "/sign-in"
CHALLENGE_COOKIE = "aims_signin"


class SignInForm(Form, kw_only=True):
    """E-mail and password."""

    email: EmailField = ""
    password: PasswordField = ""
    next: NextField = HOME


class CodeForm(Form, kw_only=True):
    """The second step: a TOTP or a recovery code, and where to go afterwards."""

    code: CodeField = ""
    next: NextField = HOME


class SignInPages(Controller):
    """/sign-in, its code step, and /sign-out."""

    include_in_schema = False

    @get(SIGN_IN)
    async def form(self, visit: Visitor, next: FromQuery[NextField] = HOME) -> Template | Redirect:
        """The sign-in form; a signed-in visitor goes straight on."""
        if visit.principal is not None:
            return Redirect(safe_next(next, HOME), status_code=303)
        return visit.page("portal/sign_in.html", next=safe_next(next, HOME))

    @post(SIGN_IN)
    async def submit(
        self, data: URLEncodedBody[SignInForm], visit: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Check the password; ask for a code when the account has two-step verification."""
        target = safe_next(data.next, HOME)
        errors = FormErrors.found_in(data).require({"email": data.email, "password": data.password})
        if not errors:
            try:
                outcome = await auth_facade.login(data.email, data.password, visit.client)
                if isinstance(outcome, MfaChallenge):
                    return _code_step(visit, target, FormErrors(), outcome)
                return _signed_in(visit, outcome, target)
            except (Unauthenticated, EmailNotVerified, MfaEnrolmentRequired, TooManyAttempts) as e:
                errors = refusal(e)
            except InvalidInput as exc:
                errors = from_app_error(exc, ("email",))
        return visit.page("portal/sign_in.html", 400, next=target, email=data.email, errors=errors)

    @post(f"{SIGN_IN}/code")
    async def code(
        self, data: URLEncodedBody[CodeForm], visit: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Finish signing in with the code."""
        target = safe_next(data.next, HOME)
        challenge = visit.request.cookies.get(CHALLENGE_COOKIE)
        if not challenge:
            return Redirect(SIGN_IN, status_code=303)
        errors = FormErrors.found_in(data).require({"code": data.code})
        if not errors:
            try:
                signed_in = await auth_facade.login_mfa(challenge, data.code, visit.client)
                return _signed_in(visit, signed_in, target)
            except MfaChallengeInvalid:
                return _start_again(visit, target)
            except Unauthenticated:
                errors.add("code", "code")
            except (EmailNotVerified, MfaEnrolmentRequired, TooManyAttempts) as exc:
                errors = refusal(exc)
        return _code_step(visit, target, errors)

    @post("/sign-out")
    async def sign_out(self, visit: Visitor, auth_facade: Auth) -> Redirect:
        """End this session and forget its cookies."""
        if visit.principal is not None:
            await auth_facade.logout(visit.principal, visit.client)
        write_session(visit.request.scope, None)
        return Redirect(with_notice(SIGN_IN, "signed_out"), status_code=303)


def _signed_in(visit: Visit, signed_in: SignedIn, target: str) -> Redirect:
    """Keep the session and the device cookie; forget the challenge."""
    write_session(visit.request.scope, signed_in.tokens)
    response = Redirect(target, status_code=303)
    _forget_challenge(response)
    secure = is_secure(visit.request.scope)
    response.set_cookie(
        private_cookie(DEVICE_COOKIE, signed_in.device_cookie, DEVICE_COOKIE_SECONDS, secure=secure)
    )
    return response


def _code_step(
    visit: Visit, target: str, errors: FormErrors, challenge: MfaChallenge | None = None
) -> Template:
    """The code form; a new challenge goes into its cookie."""
    status = 400 if errors else 200
    response = visit.page("portal/sign_in_code.html", status, next=target, errors=errors)
    if challenge is not None:
        secure = is_secure(visit.request.scope)
        cookie = private_cookie(
            CHALLENGE_COOKIE, challenge.challenge, challenge.expires_in, secure=secure, path=SIGN_IN
        )
        response.set_cookie(cookie)
    return response


def _start_again(visit: Visit, target: str) -> Template:
    """The challenge is used, expired or out of attempts: the password form, saying so."""
    errors = FormErrors().add(None, "sign_in_expired")
    response = visit.page("portal/sign_in.html", 400, next=target, errors=errors)
    _forget_challenge(response)
    return response


def _forget_challenge(response: Response[Any]) -> None:
    response.delete_cookie(CHALLENGE_COOKIE, path=SIGN_IN)
