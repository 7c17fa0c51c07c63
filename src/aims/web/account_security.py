"""Security settings: change password, two-step verification, and the step-up password check."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from litestar import Controller, get, post
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from markupsafe import Markup

from aims.auth.public import (
    Conflict,
    InvalidInput,
    MfaEnrolment,
    MfaRequired,
    ReauthenticationRequired,
    TooManyAttempts,
    Unauthenticated,
)
from aims.web.deps import Auth, Seals
from aims.web.forms import (
    CodeField,
    Form,
    FormErrors,
    PasswordField,
    SealedField,
    from_app_error,
    refusal,
)
from aims.web.guards import Visit, Visitor
from aims.web.notices import with_notice

SECURITY = "/account/security"
T = TypeVar("T")


class PasswordForm(Form, kw_only=True):
    """The current and the new password."""

    current_password: PasswordField = ""
    new_password: PasswordField = ""


class StepUpForm(Form, kw_only=True):
    """The password (and code) again, sent along with a sensitive action."""

    password: PasswordField = ""
    code: CodeField = ""


class ConfirmForm(Form, kw_only=True):
    """The first code of a new authenticator, and the sealed enrolment it belongs to."""

    code: CodeField = ""
    enrolment: SealedField = ""


class SecurityPages(Controller):
    """/account/security and its forms."""

    include_in_schema = False

    @get(SECURITY)
    async def view(self, account: Visitor, auth_facade: Auth) -> Template:
        """Password and two-step verification settings."""
        return account.page("portal/security.html", me=await auth_facade.me(account.user))

    @post("/account/password")
    async def change_password(
        self, data: URLEncodedBody[PasswordForm], account: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Change the password; other sessions end."""
        fields = {"current_password": data.current_password, "new_password": data.new_password}
        errors = FormErrors.found_in(data).require(fields)
        if not errors:
            try:
                await auth_facade.change_password(
                    account.user, data.current_password, data.new_password, account.client
                )
                return Redirect(with_notice(SECURITY, "password_changed"), status_code=303)
            except InvalidInput as exc:
                errors = from_app_error(exc, fields)
            except TooManyAttempts as exc:
                errors = refusal(exc)
        me = await auth_facade.me(account.user)
        return account.page("portal/security.html", 400, me=me, errors=errors)

    @post("/account/mfa/setup")
    async def begin_mfa(
        self, data: URLEncodedBody[StepUpForm], account: Visitor, auth_facade: Auth, sealer: Seals
    ) -> Template | Redirect:
        """Show a new secret as a QR code (after a password check when the last one is old)."""
        try:
            outcome = await stepped_up(
                account,
                auth_facade,
                data,
                lambda: auth_facade.begin_mfa(account.user, account.client),
            )
        except Conflict:
            return Redirect(SECURITY, status_code=303)
        if not isinstance(outcome, MfaEnrolment):
            return outcome
        return _enrolment_page(account, outcome, sealer.seal_struct(outcome), FormErrors())

    @post("/account/mfa/confirm")
    async def confirm_mfa(
        self, data: URLEncodedBody[ConfirmForm], account: Visitor, auth_facade: Auth, sealer: Seals
    ) -> Template | Redirect:
        """Turn two-step verification on with a first code; show the recovery codes once."""
        enrolment = sealer.open_struct(data.enrolment, MfaEnrolment)
        if enrolment is None:
            return await _setup_expired(account, auth_facade)
        errors = FormErrors.found_in(data).require({"code": data.code})
        if not errors:
            try:
                codes = await auth_facade.confirm_mfa(account.user, data.code, account.client)
                return account.page("portal/recovery_codes.html", codes=codes.codes)
            except InvalidInput:
                errors.add("code", "code")
            except Conflict:
                return await _setup_expired(account, auth_facade)
        return _enrolment_page(account, enrolment, data.enrolment, errors)

    @post("/account/mfa/disable")
    async def disable_mfa(
        self, data: URLEncodedBody[StepUpForm], account: Visitor, auth_facade: Auth
    ) -> Template | Redirect:
        """Turn two-step verification off (after a password check when the last one is old)."""
        outcome = await stepped_up(
            account,
            auth_facade,
            data,
            lambda: auth_facade.disable_mfa(account.user, account.client),
        )
        if isinstance(outcome, Template):
            return outcome
        return Redirect(with_notice(SECURITY, "mfa_disabled"), status_code=303)


async def stepped_up(
    visit: Visit, auth: Auth, form: StepUpForm, action: Callable[[], Awaitable[T]]
) -> T | Template:
    """Run `action`; when it needs a recent sign-in, ask for the password and run it after."""
    if unstorable := FormErrors.found_in(form):
        return await _step_up_page(visit, auth, unstorable)
    if form.password:
        errors = await _reauthenticate(visit, auth, form)
        if errors:
            return await _step_up_page(visit, auth, errors)
    try:
        return await action()
    except ReauthenticationRequired:
        return await _step_up_page(visit, auth, FormErrors())


async def _reauthenticate(visit: Visit, auth: Auth, form: StepUpForm) -> FormErrors:
    errors = FormErrors()
    try:
        await auth.reauthenticate(visit.user, form.password, form.code or None, visit.client)
    except MfaRequired:
        errors.add("code", "required")
    except Unauthenticated:
        if form.code:
            errors.add(None, "password_or_code")
        else:
            errors.add("password", "password")
    except TooManyAttempts as exc:
        errors = refusal(exc)
    return errors


async def _step_up_page(visit: Visit, auth: Auth, errors: FormErrors) -> Template:
    return visit.page(
        "portal/confirm_password.html",
        400 if errors else 200,
        action=visit.request.url.path,
        me=await auth.me(visit.user),
        errors=errors,
    )


async def _setup_expired(visit: Visit, auth: Auth) -> Template:
    """The security page saying, above its two-step verification section, that the set-up
    must start again (its 10 minutes are over, or another window finished or replaced it),
    instead of a silent redirect."""
    errors = FormErrors().add(None, "mfa_setup_expired")
    me = await auth.me(visit.user)
    return visit.page("portal/security.html", 400, me=me, mfa_errors=errors)


def _enrolment_page(
    visit: Visit, enrolment: MfaEnrolment, sealed: str, errors: FormErrors
) -> Template:
    return visit.page(
        "portal/mfa_setup.html",
        400 if errors else 200,
        secret=enrolment.secret,
        qr_code=Markup(enrolment.qr_svg),  # noqa: S704 - SVG made by auth from our own URI
        sealed=sealed,
        errors=errors,
    )
