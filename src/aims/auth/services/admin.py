"""User administration: roles, disabling, unlocking, deleting (reads are in `directory`)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, ChangeRefusal, Role, refused_change
from aims.auth.lockout import AccountThrottle
from aims.auth.models import outbox
from aims.auth.public import (
    ClientInfo,
    Conflict,
    Forbidden,
    MfaEnrolmentRequired,
    NotFound,
    Principal,
    RoleChanged,
    UserChanges,
    UserDeactivated,
    UserDeleted,
    UserView,
)
from aims.auth.repository import accounts
from aims.auth.repository import mfa as mfa_rows
from aims.auth.repository import sessions as session_rows
from aims.auth.repository.accounts import UserRecord
from aims.auth.services.base import AuthDeps, record
from aims.kernel.messages import AppError


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


async def get_user(deps: AuthDeps, actor: Principal, user_id: UUID) -> UserView:
    """One account."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        return await view(db, await existing(db, user_id))


async def existing(db: AsyncSession, user_id: UUID) -> UserRecord:
    user = await accounts.user_by_id(db, user_id, lock=True)
    if user is None:
        raise NotFound("No such user.")
    return user


async def require_not_outranked(deps: AuthDeps, actor: Principal, user_id: UUID) -> None:
    """Refuse (403) to act on an account whose role is above the actor's."""
    async with deps.db.autocommit() as db:
        user = await accounts.user_by_id(db, user_id)
    if user is not None and not actor.role.is_at_least(user.role):
        error, message = _REFUSALS[ChangeRefusal.HIGHER_ROLE]
        raise error(message)


async def set_role(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, role: Role, client: ClientInfo | None
) -> UserView:
    """Change a role (super_admin only); the user's sessions end so the new role applies at once."""
    return await change_user(deps, actor, user_id, UserChanges(role=role), client)


async def set_disabled(
    deps: AuthDeps,
    actor: Principal | None,
    user_id: UUID,
    disabled: bool,
    client: ClientInfo | None,
) -> UserView:
    """Disable (ending every session) or re-enable an account."""
    return await change_user(deps, actor, user_id, UserChanges(disabled=disabled), client)


async def change_user(
    deps: AuthDeps,
    actor: Principal | None,
    user_id: UUID,
    changes: UserChanges,
    client: ClientInfo | None,
) -> UserView:
    """Change role and/or state in one transaction: refused as a whole or done and audited as a
    whole; the user's sessions end so the change applies at once."""
    require_role(deps, actor, Role.SUPER_ADMIN if changes.role is not None else Role.ADMIN)
    async with deps.db.transaction() as db:
        user = await existing(db, user_id)
        if actor is not None:
            await _refuse_if_not_allowed(db, actor, user, changes)
        revoked = await _apply(db, deps, actor, user, changes, client)
        result = await view(db, await existing(db, user_id))
    await deps.revocations.add(revoked)
    return result


_REFUSALS: dict[ChangeRefusal, tuple[type[AppError], str]] = {
    ChangeRefusal.OWN_ROLE: (Conflict, "You cannot change your own role."),
    ChangeRefusal.OWN_ACCOUNT_DISABLED: (Conflict, "You cannot disable your own account."),
    ChangeRefusal.HIGHER_ROLE: (Forbidden, "This account holds a higher role than yours."),
    ChangeRefusal.LAST_SUPER_ADMIN: (Conflict, "At least one active super_admin must remain."),
}


async def _refuse_if_not_allowed(
    db: AsyncSession, actor: Principal, user: UserRecord, changes: UserChanges
) -> None:
    others = [i for i in await accounts.lock_active_super_admins(db) if i != user.id]
    refusal = refused_change(
        actor_role=actor.role,
        own_account=actor.user_id == user.id,
        target_role=user.role,
        target_active=user.state == AccountState.ACTIVE,
        new_role=changes.role,
        disable=changes.disabled,
        other_super_admins=len(others),
    )
    if refusal is not None:
        error, message = _REFUSALS[refusal]
        raise error(message)


async def _apply(
    db: AsyncSession,
    deps: AuthDeps,
    actor: Principal | None,
    user: UserRecord,
    changes: UserChanges,
    client: ClientInfo | None,
) -> list[UUID]:
    """Write the changes and their audit records; the ids of the sessions that ended."""
    who = {"actor_id": actor_id(actor), "subject_id": user.id, "subject_email": user.email}
    if changes.role is not None:
        await accounts.update_user(db, user.id, role=str(changes.role))
        await deps.bus.publish(db, outbox, RoleChanged(user_id=user.id, role=changes.role))
        await record(
            db, deps, "admin_set_role", "success", client, old=user.role, new=changes.role, **who
        )
    if changes.disabled is not None:
        state = AccountState.DISABLED if changes.disabled else AccountState.ACTIVE
        await accounts.update_user(db, user.id, state=str(state))
        if changes.disabled:
            await deps.bus.publish(db, outbox, UserDeactivated(user_id=user.id))
        action = f"admin_{'disable' if changes.disabled else 'enable'}"
        await record(db, deps, action, "success", client, **who)
    ends_sessions = changes.disabled or changes.role is not None
    return await session_rows.revoke_sessions(db, user.id, deps.clock()) if ends_sessions else []


async def unlock(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, client: ClientInfo | None
) -> UserView:
    """Lift a brute-force lock and forget the failure count."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        user = await existing(db, user_id)
        await accounts.update_user(db, user_id, throttle=AccountThrottle())
        await record(
            db,
            deps,
            "unlock",
            "success",
            client,
            actor_id=actor_id(actor),
            subject_id=user_id,
            subject_email=user.email,
        )
        return await view(db, await existing(db, user_id))


async def delete_user(
    deps: AuthDeps, actor: Principal | None, user_id: UUID, client: ClientInfo | None
) -> None:
    """Delete an account (super_admin); other contexts learn of it through `UserDeleted`."""
    require_role(deps, actor, Role.SUPER_ADMIN)
    if actor is not None and actor.user_id == user_id:
        raise Conflict("You cannot delete your own account.")
    async with deps.db.transaction() as db:
        user = await existing(db, user_id)
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
            actor_id=actor_id(actor),
            subject_id=user_id,
            subject_email=user.email,
        )
    await deps.revocations.add(revoked)


def actor_id(actor: Principal | None) -> UUID | None:
    return None if actor is None else actor.user_id
