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
from aims.kernel.messages import AppError, IntegrationEvent

__all__ = [
    "AccountState",
    "AuthFacade",
    "Forbidden",
    "Principal",
    "Role",
    "RoleChanged",
    "Unauthenticated",
    "UserDeactivated",
    "UserDeleted",
    "UserRegistered",
]


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


class AuthFacade(Protocol):
    """What other contexts may ask of auth."""

    async def authenticate(self, access_token: str) -> Principal:
        """The principal of a bearer access token; raises `Unauthenticated` unless valid now."""
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


class Forbidden(AppError):
    """Authenticated, but not allowed to do this."""

    status = 403
    code = "forbidden"
    title = "Forbidden"
