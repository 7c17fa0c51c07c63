"""Pages of the mailed flows: sign up, verify the e-mail address, forgot and reset password."""

from __future__ import annotations

from contextlib import suppress

from litestar import Controller, get, post
from litestar.params import FromQuery, URLEncodedBody
from litestar.response import Redirect, Template

from aims.auth.public import InvalidInput, TooManyAttempts
from aims.web.deps import Auth
from aims.web.forms import (
    EmailField,
    Form,
    FormErrors,
    PasswordField,
    TokenField,
    from_app_error,
    refusal,
)
from aims.web.guards import Visitor
from aims.web.notices import with_notice


class SignUpForm(Form, kw_only=True):
    """A new account."""

    email: EmailField = ""
    password: PasswordField = ""


class EmailForm(Form, kw_only=True):
    """Where to send a reset link."""

    email: EmailField = ""


class TokenForm(Form, kw_only=True):
    """A mailed token, and the new password when resetting."""

    token: TokenField = ""
    password: PasswordField = ""


class AccountPages(Controller):
    """Sign up, e-mail verification and password reset (links in the mails point here)."""

    include_in_schema = False

    @get("/sign-up")
    async def sign_up_form(self, visit: Visitor) -> Template:
        """The registration form."""
        return visit.page("portal/sign_up.html")

    @post("/sign-up")
    async def sign_up(
        self, data: URLEncodedBody[SignUpForm], visit: Visitor, auth_facade: Auth
    ) -> Template:
        """Create the account; the answer is the same whether or not the address is taken."""
        errors = FormErrors.found_in(data).require({"email": data.email, "password": data.password})
        if not errors:
            try:
                await auth_facade.register(data.email, data.password, visit.client, visit.locale)
                return visit.page("portal/check_mail.html", email=data.email)
            except InvalidInput as exc:
                errors = from_app_error(exc, ("email", "password"))
            except TooManyAttempts as exc:
                errors = refusal(exc)
        return visit.page("portal/sign_up.html", 400, email=data.email, errors=errors)

    @get("/verify-email")
    async def verify_form(self, visit: Visitor, token: FromQuery[TokenField] = "") -> Template:
        """Confirm the address with one click (a mail scanner's GET changes nothing)."""
        return visit.page("portal/verify_email.html", token=token)

    @post("/verify-email")
    async def verify(
        self, data: URLEncodedBody[TokenForm], visit: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Mark the address verified (a token that held a NUL is no token)."""
        if not data.unstorable_fields:
            with suppress(InvalidInput):
                await auth_facade.verify_email(data.token, visit.client)
                home = "/account" if visit.principal else "/sign-in"
                return Redirect(with_notice(home, "verified"), status_code=303)
        errors = FormErrors().add(None, "token")
        return visit.page("portal/verify_email.html", 400, errors=errors)

    @get("/forgot-password")
    async def forgot_form(self, visit: Visitor) -> Template:
        """Ask for a reset link."""
        return visit.page("portal/forgot_password.html")

    @post("/forgot-password")
    async def forgot(
        self, data: URLEncodedBody[EmailForm], visit: Visitor, auth_facade: Auth
    ) -> Template:
        """Mail a reset link if the account exists; the same answer either way."""
        errors = FormErrors.found_in(data).require({"email": data.email})
        if not errors:
            try:
                await auth_facade.forgot_password(data.email, visit.client)
                return visit.page("portal/check_mail.html", email=data.email, reset=True)
            except InvalidInput as exc:
                errors = from_app_error(exc, ("email",))
            except TooManyAttempts as exc:
                errors = refusal(exc)
        return visit.page("portal/forgot_password.html", 400, email=data.email, errors=errors)

    @get("/reset-password")
    async def reset_form(self, visit: Visitor, token: FromQuery[TokenField] = "") -> Template:
        """Choose a new password (the token comes from the mailed link)."""
        return visit.page("portal/reset_password.html", token=token)

    @post("/reset-password")
    async def reset(
        self, data: URLEncodedBody[TokenForm], visit: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Set the new password; every session of the account ends."""
        errors = FormErrors.found_in(data).require({"password": data.password})
        if not errors:
            try:
                await auth_facade.reset_password(data.token, data.password, visit.client)
                return Redirect(with_notice("/sign-in", "password_reset"), status_code=303)
            except InvalidInput as exc:
                errors = from_app_error(exc, ("password",))
        return visit.page("portal/reset_password.html", 400, token=data.token, errors=errors)
