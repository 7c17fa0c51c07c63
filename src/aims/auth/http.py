"""JSON API of auth under /api/v1/auth, and the JWKS document: parse, one facade call, respond."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, SkipValidation

from aims.auth.public import (
    DEVICE_COOKIE,
    AuthFacade,
    ClientInfo,
    Code,
    Conflict,
    Email,
    Forbidden,
    Introspection,
    MfaChallenge,
    MfaEnrolment,
    NewPassword,
    NotFound,
    OpaqueToken,
    Password,
    Principal,
    ReauthenticationRequired,
    RecoveryCodes,
    SessionView,
    TokenPair,
    TooManyAttempts,
    Unauthenticated,
    UserView,
)
from aims.auth.responses import NO_STORE, mfa_required, token_response
from aims.kernel.languages import Language
from aims.kernel.messages import RequestBody
from aims.kernel.openapi import problems

Facade = NamedDependency[SkipValidation[AuthFacade]]
Client = NamedDependency[SkipValidation[ClientInfo]]
Me = NamedDependency[SkipValidation[Principal]]


class RegisterBody(RequestBody, frozen=True, kw_only=True):
    """A new account."""

    email: Email
    password: NewPassword
    locale: Language | None = None


class LoginBody(RequestBody, frozen=True, kw_only=True):
    """Credentials."""

    email: Email
    password: Password


class MfaLoginBody(RequestBody, frozen=True, kw_only=True):
    """The challenge of the password step and a TOTP or recovery code."""

    mfa_challenge: OpaqueToken
    code: Code


class RefreshBody(RequestBody, frozen=True, kw_only=True):
    """The refresh token to rotate."""

    refresh_token: OpaqueToken


class LogoutBody(RequestBody, frozen=True, kw_only=True):
    """Optional: the client's refresh token (its whole session ends either way)."""

    refresh_token: OpaqueToken | None = None


class ReauthenticateBody(RequestBody, frozen=True, kw_only=True):
    """The password (and code) again, for step-up."""

    password: Password
    otp: Code | None = None


class PasswordChangeBody(RequestBody, frozen=True, kw_only=True):
    """The current and the new password."""

    current_password: Password
    new_password: NewPassword


class ForgotBody(RequestBody, frozen=True, kw_only=True):
    """Where to send a reset link."""

    email: Email


class ResetBody(RequestBody, frozen=True, kw_only=True):
    """A mailed reset token and the new password."""

    token: OpaqueToken
    password: NewPassword


class TokenBody(RequestBody, frozen=True, kw_only=True):
    """A mailed verification token, or a token to introspect."""

    token: OpaqueToken


class CodeBody(RequestBody, frozen=True, kw_only=True):
    """A TOTP code."""

    code: Code


class Accepted(msgspec.Struct, frozen=True, kw_only=True):
    """The request was taken; the outcome arrives by mail."""

    detail: str


def client_info(request: Request[Any, Any, Any]) -> ClientInfo:
    """Address (validated by the kernel's client-address middleware), agent, device cookie."""
    return ClientInfo(
        ip=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
        device=request.cookies.get(DEVICE_COOKIE),
    )


class AuthController(Controller):
    """Accounts, sign-in, sessions, passwords, e-mail verification and MFA."""

    path = "/api/v1/auth"
    tags = ("auth",)

    @post("/register", status_code=201, opt=problems(TooManyAttempts))
    async def register(
        self, data: JSONBody[RegisterBody], auth_facade: Facade, client: Client
    ) -> Accepted:
        """Create an account; the answer is the same whether or not the address is taken."""
        await auth_facade.register(data.email, data.password, client, data.locale)
        return Accepted(detail="Check your mailbox to confirm the address.")

    @post("/login", status_code=200, opt=problems(Unauthenticated, Forbidden, TooManyAttempts))
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginBody],
        auth_facade: Facade,
        client: Client,
    ) -> Response[TokenPair]:
        """Sign in with e-mail and password; an account with TOTP answers 401 `mfa_required`
        with an `mfa_challenge` for `POST /login/mfa`."""
        outcome = await auth_facade.login(data.email, data.password, client)
        if isinstance(outcome, MfaChallenge):
            return mfa_required(outcome)
        return token_response(request, outcome)

    @post("/login/mfa", status_code=200, opt=problems(Unauthenticated, Forbidden, TooManyAttempts))
    async def login_mfa(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[MfaLoginBody],
        auth_facade: Facade,
        client: Client,
    ) -> Response[TokenPair]:
        """Finish signing in with the challenge and a TOTP or recovery code."""
        signed_in = await auth_facade.login_mfa(data.mfa_challenge, data.code, client)
        return token_response(request, signed_in)

    @post("/refresh", status_code=200, opt=problems(Unauthenticated))
    async def refresh(
        self, data: JSONBody[RefreshBody], auth_facade: Facade, client: Client
    ) -> Response[TokenPair]:
        """Rotate the refresh token into a new pair."""
        return Response(await auth_facade.refresh(data.refresh_token, client), headers=NO_STORE)

    @post("/logout", status_code=204, opt=problems(Unauthenticated))
    async def logout(
        self,
        request: Request[Any, Any, Any],
        auth_facade: Facade,
        client: Client,
        data: JSONBody[LogoutBody | None] = None,
    ) -> None:
        """End this session (bearer token, or `refresh_token` once the access token expired)."""
        refresh_token = data.refresh_token if data else None
        await auth_facade.logout_with_tokens(bearer_token(request), refresh_token, client)

    @post("/logout-all", status_code=204, opt=problems(ReauthenticationRequired))
    async def logout_all(self, principal: Me, auth_facade: Facade, client: Client) -> None:
        """End every session of the user (needs a recent sign-in)."""
        await auth_facade.logout_all(principal, client)

    @post("/reauthenticate", status_code=204, opt=problems(TooManyAttempts))
    async def reauthenticate(
        self,
        data: JSONBody[ReauthenticateBody],
        principal: Me,
        auth_facade: Facade,
        client: Client,
    ) -> None:
        """Confirm the password again before a sensitive change."""
        await auth_facade.reauthenticate(principal, data.password, data.otp, client)

    @get("/me", opt=problems(NotFound))
    async def me(self, principal: Me, auth_facade: Facade) -> UserView:
        """The signed-in account."""
        return await auth_facade.me(principal)

    @get("/sessions")
    async def sessions(self, principal: Me, auth_facade: Facade) -> list[SessionView]:
        """The user's live sessions."""
        return await auth_facade.sessions(principal)

    @delete("/sessions/{session_id:uuid}", status_code=204)
    async def revoke_session(
        self, session_id: FromPath[UUID], principal: Me, auth_facade: Facade, client: Client
    ) -> None:
        """End one of the user's sessions."""
        await auth_facade.revoke_session(principal, session_id, client)

    @post("/password", status_code=204, opt=problems(TooManyAttempts))
    async def change_password(
        self,
        data: JSONBody[PasswordChangeBody],
        principal: Me,
        auth_facade: Facade,
        client: Client,
    ) -> None:
        """Change the password; other sessions end."""
        await auth_facade.change_password(
            principal, data.current_password, data.new_password, client
        )

    @post("/password/forgot", status_code=202, opt=problems(TooManyAttempts))
    async def forgot_password(
        self, data: JSONBody[ForgotBody], auth_facade: Facade, client: Client
    ) -> Accepted:
        """Mail a reset link if the account exists; the same answer either way."""
        await auth_facade.forgot_password(data.email, client)
        return Accepted(detail="If the address has an account, a reset link is on its way.")

    @post("/password/reset", status_code=204)
    async def reset_password(
        self, data: JSONBody[ResetBody], auth_facade: Facade, client: Client
    ) -> None:
        """Set a new password with a mailed token; every session ends."""
        await auth_facade.reset_password(data.token, data.password, client)

    @post("/email/verify", status_code=204)
    async def verify_email(
        self, data: JSONBody[TokenBody], auth_facade: Facade, client: Client
    ) -> None:
        """Confirm the e-mail address with a mailed token."""
        await auth_facade.verify_email(data.token, client)

    @post("/email/verify/resend", status_code=202, opt=problems(TooManyAttempts))
    async def resend_verification(
        self, principal: Me, auth_facade: Facade, client: Client
    ) -> Accepted:
        """Mail a new verification link."""
        await auth_facade.resend_verification(principal, client)
        return Accepted(detail="If the address is not verified yet, a new link is on its way.")

    @post("/mfa/totp", status_code=200, opt=problems(ReauthenticationRequired, Conflict))
    async def begin_mfa(self, principal: Me, auth_facade: Facade, client: Client) -> MfaEnrolment:
        """Start TOTP enrolment (needs a recent sign-in)."""
        return await auth_facade.begin_mfa(principal, client)

    @post("/mfa/totp/confirm", status_code=200, opt=problems(Conflict))
    async def confirm_mfa(
        self, data: JSONBody[CodeBody], principal: Me, auth_facade: Facade, client: Client
    ) -> RecoveryCodes:
        """Enable TOTP with a first code; the recovery codes are shown this once."""
        return await auth_facade.confirm_mfa(principal, data.code, client)

    @delete("/mfa/totp", status_code=204, opt=problems(ReauthenticationRequired, Conflict))
    async def disable_mfa(self, principal: Me, auth_facade: Facade, client: Client) -> None:
        """Remove the second factor (needs a recent sign-in)."""
        await auth_facade.disable_mfa(principal, client)

    @post("/introspect", status_code=200)
    async def introspect(
        self, data: JSONBody[TokenBody], principal: Me, auth_facade: Facade
    ) -> Introspection:
        """RFC 7662 view of an access token; the caller sends an administrator's bearer token."""
        return await auth_facade.introspect(principal, data.token)


JWKS_MAX_AGE_SECONDS = 300


@get("/.well-known/jwks.json", tags=["auth"])
async def jwks(auth_facade: Facade) -> Response[dict[str, Any]]:
    """Public signing keys (next, current and retiring)."""
    return Response(
        await auth_facade.jwks(),
        headers={"Cache-Control": f"public, max-age={JWKS_MAX_AGE_SECONDS}"},
    )


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
