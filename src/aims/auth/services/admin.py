"""User administration: listing, roles, disabling, unlocking, deleting; the audit trail."""

from __future__ import annotations

import base64
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, Role
from aims.auth.lockout import AccountThrottle
from aims.auth.models import outbox
from aims.auth.public import (
    AuditPage,
    AuditRecord,
    ClientInfo,
    Conflict,
    Forbidden,
    InvalidInput,
    MfaEnrolmentRequired,
    NotFound,
    Principal,
    RoleChanged,
    UserDeactivated,
    UserDeleted,
    UserPage,
    UserView,
)
from aims.auth.repository import accounts, audit
from aims.auth.repository import mfa as mfa_rows
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.services.base import AuthDeps, record

MAX_PAGE = 200


def require_role(deps: AuthDeps, actor: Principal | None, role: Role) -> None:
    """Refuse unless `actor` (None = the operator's CLI) holds `role`, with MFA when required."""
    if actor is None:
        return
    if not actor.has_role(role):
        raise Forbidden(f"This needs the {role} role.")
    if deps.settings.admin_require_mfa and not actor.mfa_enabled:
        raise MfaEnrolmentRequired("Sign in with a second factor to administer users.")


async def view(db: AsyncSession, user: UserRecord) -> UserView:
    """The DTO of one account."""
    return (await views(db, [user]))[0]


async def views(db: AsyncSession, users: list[UserRecord]) -> list[UserView]:
    """DTOs of accounts, with their MFA state looked up in one query."""
    with_mfa = await mfa_rows.enabled_users(db, [user.id for user in users])
    return [
        UserView(
            id=user.id,
            email=user.email,
            role=user.role,
            roles=(user.role,),
            state=user.state,
            email_verified=user.email_verified_at is not None,
            mfa_enabled=user.id in with_mfa,
            created_at=user.created_at,
            locked_until=user.throttle.locked_until,
        )
        for user in users
    ]


async def list_users(
    deps: AuthDeps, actor: Principal, search: str | None, cursor: str | None, limit: int
) -> UserPage:
    """A keyset page of users by e-mail."""
    require_role(deps, actor, Role.ADMIN)
    limit = max(1, min(limit, MAX_PAGE))
    after = _decode_cursor(cursor)
    async with deps.db.transaction() as db:
        rows = await accounts.list_users(db, search=search, after_email=after, limit=limit + 1)
        items = await views(db, rows[:limit])
    next_cursor = _encode_cursor(items[-1].email) if len(rows) > limit else None
    return UserPage(items=tuple(items), next_cursor=next_cursor)


def _encode_cursor(email: str) -> str:
    return base64.urlsafe_b64encode(email.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(
            "Bad cursor.", errors=[{"field": "cursor", "message": "not valid"}]
        ) from None


async def get_user(deps: AuthDeps, actor: Principal, user_id: UUID) -> UserView:
    """One account."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        return await view(db, await _existing(db, user_id))


async def _existing(db: AsyncSession, user_id: UUID) -> UserRecord:
    user = await accounts.user_by_id(db, user_id, lock=True)
    if user is None:
        raise NotFound("No such user.")
    return user


async def set_role(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, role: Role, client: ClientInfo | None
) -> UserView:
    """Change a role (super_admin only); the user's sessions end so the new role applies at once."""
    require_role(deps, actor, Role.SUPER_ADMIN)
    async with deps.db.transaction() as db:
        user = await _existing(db, user_id)
        await accounts.update_user(db, user_id, role=str(role))
        revoked = await session_rows.revoke_sessions(db, user_id, deps.clock())
        await deps.bus.publish(db, outbox, RoleChanged(user_id=user_id, role=role))
        await record(
            db,
            deps,
            "admin_set_role",
            "success",
            client,
            actor_id=_id(actor),
            subject_id=user_id,
            subject_email=user.email,
            old=user.role,
            new=role,
        )
        result = await view(db, await _existing(db, user_id))
    await deps.revocations.add(revoked)
    return result


async def set_disabled(
    deps: AuthDeps,
    actor: Principal | None,
    user_id: UUID,
    disabled: bool,
    client: ClientInfo | None,
) -> UserView:
    """Disable (ending every session) or re-enable an account."""
    require_role(deps, actor, Role.ADMIN)
    if actor is not None and actor.user_id == user_id and disabled:
        raise Conflict("You cannot disable your own account.")
    state = AccountState.DISABLED if disabled else AccountState.ACTIVE
    revoked: list[UUID] = []
    async with deps.db.transaction() as db:
        user = await _existing(db, user_id)
        await accounts.update_user(db, user_id, state=str(state))
        if disabled:
            revoked = await session_rows.revoke_sessions(db, user_id, deps.clock())
            await deps.bus.publish(db, outbox, UserDeactivated(user_id=user_id))
        await record(
            db,
            deps,
            f"admin_{'disable' if disabled else 'enable'}",
            "success",
            client,
            actor_id=_id(actor),
            subject_id=user_id,
            subject_email=user.email,
        )
        result = await view(db, await _existing(db, user_id))
    await deps.revocations.add(revoked)
    return result


async def unlock(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, client: ClientInfo | None
) -> UserView:
    """Lift a brute-force lock and forget the failure count."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        user = await _existing(db, user_id)
        await accounts.update_user(db, user_id, throttle=AccountThrottle())
        await record(
            db,
            deps,
            "unlock",
            "success",
            client,
            actor_id=_id(actor),
            subject_id=user_id,
            subject_email=user.email,
        )
        return await view(db, await _existing(db, user_id))


async def delete_user(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, client: ClientInfo | None
) -> None:
    """Delete an account (super_admin); other contexts learn of it through `UserDeleted`."""
    require_role(deps, actor, Role.SUPER_ADMIN)
    if actor is not None and actor.user_id == user_id:
        raise Conflict("You cannot delete your own account.")
    async with deps.db.transaction() as db:
        user = await _existing(db, user_id)
        revoked = await session_rows.revoke_sessions(db, user_id, deps.clock())
        await mfa_rows.remove(db, user_id)
        await accounts.delete_user(db, user_id)
        await deps.bus.publish(db, outbox, UserDeleted(user_id=user_id))
        await record(
            db,
            deps,
            "admin_delete",
            "success",
            client,
            actor_id=_id(actor),
            subject_id=user_id,
            subject_email=user.email,
        )
    await deps.revocations.add(revoked)


async def audit_page(
    deps: AuthDeps, actor: Principal, subject_id: UUID | None, before: int | None, limit: int
) -> AuditPage:
    """Audit records newest first."""
    require_role(deps, actor, Role.ADMIN)
    limit = max(1, min(limit, MAX_PAGE))
    async with deps.db.transaction() as db:
        rows = await audit.page(db, subject_id=subject_id, before=before, limit=limit + 1)
    items = tuple(AuditRecord(**row) for row in rows[:limit])
    return AuditPage(items=items, next_cursor=items[-1].id if len(rows) > limit else None)


def _id(actor: Principal | None) -> UUID | None:
    return None if actor is None else actor.user_id
