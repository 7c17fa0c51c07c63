"""The auth context's contract with the rest of AIMS.

Other contexts and `web` import only this module: the `Principal` a request
authenticates as, the `AuthFacade` protocol, the integration events auth
publishes, and its error types. Nothing here depends on SQLAlchemy, Litestar
or Redis, so the context can move to its own service behind the same contract.

Every request handler in any context can receive the authenticated principal
through the app-wide dependency named `principal` (see `auth.plugin`): a
missing, expired or revoked token is answered 401 before the handler runs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

import msgspec

from aims.auth.domain import AccountState, Role
from aims.auth.limits import (
    CODE_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    OPAQUE_TOKEN_MAX_LENGTH,
    PASSWORD_INPUT_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    PASSWORD_MIN_LENGTH,
    Code,
    Email,
    NewPassword,
    OpaqueToken,
    Password,
)
from aims.kernel.messages import AppError, IntegrationEvent

__all__ = [
    "CODE_MAX_LENGTH",
    "DEVICE_COOKIE",
    "DEVICE_COOKIE_SECONDS",
    "EMAIL_MAX_LENGTH",
    "MFA_CHALLENGE_ATTEMPTS",
    "MFA_CHALLENGE_SECONDS",
    "OPAQUE_TOKEN_MAX_LENGTH",
    "PASSWORD_INPUT_MAX_LENGTH",
    "PASSWORD_MAX_LENGTH",
    "PASSWORD_MIN_LENGTH",
    "AccountState",
    "AuditPage",
    "AuditQuery",
    "AuditRecord",
    "AuthFacade",
    "ClientInfo",
    "Code",
    "Conflict",
    "Email",
    "EmailNotVerified",
    "Forbidden",
    "Introspection",
    "InvalidInput",
    "MfaChallenge",
    "MfaChallengeInvalid",
    "MfaEnrolment",
    "MfaEnrolmentRequired",
    "MfaRequired",
    "NewPassword",
    "NotFound",
    "OpaqueToken",
    "Password",
    "Principal",
    "ReauthenticationRequired",
    "RecoveryCodes",
    "Role",
    "RoleChanged",
    "SessionView",
    "SignedIn",
    "TokenPair",
    "TooManyAttempts",
    "Unauthenticated",
    "UserChanges",
    "UserDeactivated",
    "UserDeleted",
    "UserPage",
    "UserRegistered",
    "UserStats",
    "UserView",
]


DEVICE_COOKIE = "aims_device"
"""The cookie that marks a browser which signed in to an account before (OWASP device cookie)."""
DEVICE_COOKIE_SECONDS = 180 * 24 * 3600
"""How long a device cookie is honoured after the sign-in that issued it."""
MFA_CHALLENGE_SECONDS = 300
"""How long an MFA challenge (the step between password and code) stays valid."""
MFA_CHALLENGE_ATTEMPTS = 5
"""Codes one MFA challenge accepts before it dies (each wrong one also counts toward the lock)."""


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Who a request acts as: the user and the session its access token belongs to."""

    user_id: UUID
    session_id: UUID
    email: str
    roles: tuple[Role, ...]
    email_verified: bool
    mfa_enabled: bool
    authenticated_at: datetime

    @property
    def role(self) -> Role:
        """The highest role held."""
        return Role.highest(self.roles)

    def has_role(self, required: Role) -> bool:
        """Whether the principal holds `required` or a higher role."""
        return self.role.is_at_least(required)


class ClientInfo(msgspec.Struct, frozen=True, kw_only=True):
    """Where a request came from, for rate limits, session lists and audit records.

    `ip` is a validated address (never a free string); `device` is the client's
    device cookie (`DEVICE_COOKIE`), if it sent one.
    """

    ip: str | None = None
    user_agent: str | None = None
    device: str | None = None


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    """The answer of login and refresh (OAuth 2.0 token response shape)."""

    access_token: str
    refresh_token: str
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int


class SignedIn(msgspec.Struct, frozen=True, kw_only=True):
    """A finished sign-in: the token pair, and a fresh device cookie for this client to keep."""

    tokens: TokenPair
    device_cookie: str


class MfaChallenge(msgspec.Struct, frozen=True, kw_only=True):
    """The password was right and the account has TOTP: finish with `login_mfa` and a code.

    `challenge` is opaque and single-use, bound to the account and this client, valid
    for `expires_in` seconds and `MFA_CHALLENGE_ATTEMPTS` codes. It holds no password.
    """

    challenge: str
    expires_in: int


class UserView(msgspec.Struct, frozen=True, kw_only=True):
    """An account as the owner or an administrator sees it."""

    id: UUID
    email: str
    role: Role
    roles: tuple[Role, ...]
    state: AccountState
    email_verified: bool
    mfa_enabled: bool
    created_at: datetime
    locked_until: datetime | None = None


class UserPage(msgspec.Struct, frozen=True, kw_only=True):
    """One page of users ordered by e-mail; pass `next_cursor` to get the next."""

    items: tuple[UserView, ...]
    next_cursor: str | None = None


class UserChanges(msgspec.Struct, frozen=True, kw_only=True):
    """An administrator's change to an account: a new role (super_admin only) and/or state."""

    role: Role | None = None
    disabled: bool | None = None


class UserStats(msgspec.Struct, frozen=True, kw_only=True):
    """How many accounts there are, by role and by state, and how many are locked now."""

    total: int
    by_role: dict[str, int]
    by_state: dict[str, int]
    locked: int


class SessionView(msgspec.Struct, frozen=True, kw_only=True):
    """A signed-in device or browser of the user."""

    id: UUID
    created_at: datetime
    last_seen_at: datetime
    ip: str | None
    user_agent: str | None
    current: bool = False


class MfaEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    """A TOTP secret to confirm: scan the URI (or the QR SVG) and send back a code."""

    secret: str
    otpauth_uri: str
    qr_svg: str


class RecoveryCodes(msgspec.Struct, frozen=True, kw_only=True):
    """Single-use recovery codes, shown once."""

    codes: tuple[str, ...]


class AuditRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One append-only security event."""

    id: int
    occurred_at: datetime
    action: str
    result: str
    actor_id: UUID | None
    subject_id: UUID | None
    subject_email: str | None
    ip: str | None
    user_agent: str | None
    request_id: str | None
    details: dict[str, str]


class AuditQuery(msgspec.Struct, frozen=True, kw_only=True):
    """Which audit records to list: by actor, action, subject and time (`since` <= t < `until`),
    older than the record id `before` (keyset)."""

    actor_id: UUID | None = None
    action: str | None = None
    subject_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    before: int | None = None
    limit: int = 50


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """Audit records newest first; pass `next_cursor` as `before` for older ones."""

    items: tuple[AuditRecord, ...]
    next_cursor: int | None = None


class Introspection(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """RFC 7662 token introspection answer; only `active` when the token is not valid."""

    active: bool
    sub: str | None = None
    sid: str | None = None
    username: str | None = None
    scope: str | None = None
    token_type: str | None = None
    exp: int | None = None
    iat: int | None = None
    nbf: int | None = None
    iss: str | None = None
    aud: str | None = None
    jti: str | None = None


class AuthFacade(Protocol):
    """What other contexts and `web` may ask of auth.

    Calls acting for a signed-in user take its `Principal`; administrative calls
    take the acting administrator's principal and raise `Forbidden` when its role
    is too low. Every call runs in its own transaction.
    """

    async def authenticate(self, access_token: str) -> Principal:
        """The principal of a bearer access token; `Unauthenticated` when it is not valid now."""
        ...

    async def register(
        self, email: str, password: str, client: ClientInfo, locale: str | None = None
    ) -> None:
        """Create an account and mail a verification link; silent when the e-mail is taken."""
        ...

    async def login(self, email: str, password: str, client: ClientInfo) -> SignedIn | MfaChallenge:
        """Sign in with the password: done, or an `MfaChallenge` when the account has TOTP.

        Raises `Unauthenticated` (one generic answer), `TooManyAttempts` or `EmailNotVerified`.
        """
        ...

    async def login_mfa(self, challenge: str, code: str, client: ClientInfo) -> SignedIn:
        """Finish a sign-in with a TOTP or recovery code; `MfaChallengeInvalid` when the
        challenge is used, expired, out of attempts or from another client."""
        ...

    async def refresh(self, refresh_token: str, client: ClientInfo) -> TokenPair:
        """Rotate a refresh token into a new pair."""
        ...

    async def logout(self, principal: Principal, client: ClientInfo) -> None:
        """End the principal's session; its access tokens die at once."""
        ...

    async def logout_with_tokens(
        self, access_token: str | None, refresh_token: str | None, client: ClientInfo
    ) -> None:
        """End a session named by its access token, or by its refresh token once that expired."""
        ...

    async def logout_all(self, principal: Principal, client: ClientInfo) -> None:
        """End every session of the user (needs a recent sign-in)."""
        ...

    async def reauthenticate(
        self, principal: Principal, password: str, otp: str | None, client: ClientInfo
    ) -> None:
        """Prove the password (and code) again, for step-up operations in the next 5 minutes."""
        ...

    async def me(self, principal: Principal) -> UserView:
        """The principal's account as stored now."""
        ...

    async def sessions(self, principal: Principal) -> list[SessionView]:
        """The user's live sessions."""
        ...

    async def revoke_session(
        self, principal: Principal, session_id: UUID, client: ClientInfo
    ) -> None:
        """End one of the user's sessions."""
        ...

    async def change_password(
        self, principal: Principal, current: str, new: str, client: ClientInfo
    ) -> None:
        """Change the password; other sessions and outstanding mail tokens die."""
        ...

    async def forgot_password(self, email: str, client: ClientInfo) -> None:
        """Mail a reset link when the account exists; the same answer either way."""
        ...

    async def reset_password(self, token: str, new_password: str, client: ClientInfo) -> None:
        """Set a new password with a mailed token; every session ends."""
        ...

    async def verify_email(self, token: str, client: ClientInfo) -> None:
        """Mark the address verified with a mailed token."""
        ...

    async def resend_verification(self, principal: Principal, client: ClientInfo) -> None:
        """Mail a new verification link to an unverified user."""
        ...

    async def begin_mfa(self, principal: Principal, client: ClientInfo) -> MfaEnrolment:
        """Start TOTP enrolment (needs a recent sign-in)."""
        ...

    async def confirm_mfa(
        self, principal: Principal, code: str, client: ClientInfo
    ) -> RecoveryCodes:
        """Finish enrolment with a first code; returns the recovery codes, once."""
        ...

    async def disable_mfa(self, principal: Principal, client: ClientInfo) -> None:
        """Remove the second factor (needs a recent sign-in)."""
        ...

    async def introspect(self, caller: Principal, token: str) -> Introspection:
        """RFC 7662 view of a token, for an administrator's client (else `Unauthenticated`)."""
        ...

    async def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public signing keys."""
        ...

    async def list_users(
        self,
        actor: Principal,
        search: str | None,
        cursor: str | None,
        limit: int = 50,
        *,
        role: Role | None = None,
        state: AccountState | None = None,
        or_ids: tuple[UUID, ...] = (),
    ) -> UserPage:
        """Users by e-mail, keyset-paginated (admin): those whose e-mail contains `search` or
        whose id is in `or_ids` (found by name elsewhere), holding `role`, in `state`."""
        ...

    async def find_users(self, actor: Principal, user_ids: tuple[UUID, ...]) -> list[UserView]:
        """The accounts of these ids that exist (admin)."""
        ...

    async def user_stats(self, actor: Principal) -> UserStats:
        """Accounts by role and state (admin)."""
        ...

    async def user_sessions(self, actor: Principal, user_id: UUID) -> list[SessionView]:
        """An account's live sessions (admin)."""
        ...

    async def change_user(
        self, actor: Principal, user_id: UUID, changes: UserChanges, client: ClientInfo
    ) -> UserView:
        """Change role (super_admin) and/or state in one step, audited; the user's sessions end.
        `Conflict` when it would disable or demote the actor or leave no active super_admin."""
        ...

    async def get_user(self, actor: Principal, user_id: UUID) -> UserView:
        """One account (admin)."""
        ...

    async def set_role(
        self, actor: Principal, user_id: UUID, role: Role, client: ClientInfo
    ) -> UserView:
        """Change a role (super_admin); the user's sessions end."""
        ...

    async def set_disabled(
        self, actor: Principal, user_id: UUID, disabled: bool, client: ClientInfo
    ) -> UserView:
        """Disable (sessions end) or re-enable an account (admin)."""
        ...

    async def unlock(self, actor: Principal, user_id: UUID, client: ClientInfo) -> UserView:
        """Lift a brute-force lock (admin)."""
        ...

    async def revoke_user_sessions(
        self, actor: Principal, user_id: UUID, client: ClientInfo
    ) -> None:
        """End every session of an account (admin)."""
        ...

    async def delete_user(self, actor: Principal, user_id: UUID, client: ClientInfo) -> None:
        """Delete an account (super_admin); other contexts learn of it by `UserDeleted`."""
        ...

    async def audit(
        self,
        actor: Principal,
        subject_id: UUID | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> AuditPage:
        """Security events newest first, optionally of one account (admin)."""
        ...

    async def search_audit(self, actor: Principal, query: AuditQuery) -> AuditPage:
        """Security events newest first, filtered by `query` (admin)."""
        ...


class UserRegistered(IntegrationEvent, frozen=True, kw_only=True):
    """A new account exists."""

    user_id: UUID
    email: str
    locale: str | None = None


class UserDeactivated(IntegrationEvent, frozen=True, kw_only=True):
    """An account was disabled; its sessions are revoked."""

    user_id: UUID


class UserDeleted(IntegrationEvent, frozen=True, kw_only=True):
    """An account was deleted; other contexts remove what they hold about it."""

    user_id: UUID


class RoleChanged(IntegrationEvent, frozen=True, kw_only=True):
    """An account's role changed; its sessions are revoked."""

    user_id: UUID
    role: Role


class Unauthenticated(AppError):
    """No valid credentials: the client must sign in (again)."""

    status = 401
    code = "unauthenticated"
    title = "Authentication required"


class MfaRequired(Unauthenticated):
    """Step-up of an account with TOTP needs a code (`otp`) along with the password."""

    code = "mfa_required"
    title = "Second factor required"


class MfaChallengeInvalid(Unauthenticated):
    """The MFA challenge is used, expired, out of attempts or not this client's: sign in again."""

    code = "mfa_challenge_invalid"
    title = "Sign-in step expired"


class Forbidden(AppError):
    """Authenticated, but not allowed to do this."""

    status = 403
    code = "forbidden"
    title = "Forbidden"


class TooManyAttempts(AppError):
    """Brute-force or rate limit hit: answered 429 with `Retry-After`."""

    status = 429
    code = "too_many_attempts"
    title = "Too many attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; try again in {retry_after} seconds.")
        self.retry_after = retry_after


class ReauthenticationRequired(AppError):
    """A sensitive change needs a sign-in from the last few minutes (`POST /reauthenticate`)."""

    status = 403
    code = "reauthentication_required"
    title = "Recent sign-in required"


class InvalidInput(AppError):
    """A request value breaks a rule; `errors` names the fields."""

    status = 422
    code = "validation_failed"
    title = "Validation failed"


class NotFound(AppError):
    """The thing asked for does not exist (or is not yours)."""

    status = 404
    code = "not_found"
    title = "Not found"


class Conflict(AppError):
    """The change contradicts the current state."""

    status = 409
    code = "conflict"
    title = "Conflict"


class EmailNotVerified(Forbidden):
    """Sign-in needs a verified e-mail address (AIMS_REQUIRE_EMAIL_VERIFICATION)."""

    code = "email_not_verified"
    title = "E-mail address not verified"


class MfaEnrolmentRequired(Forbidden):
    """Administrators must sign in with a second factor (AIMS_ADMIN_REQUIRE_MFA)."""

    code = "mfa_enrolment_required"
    title = "Second factor required for administrators"
