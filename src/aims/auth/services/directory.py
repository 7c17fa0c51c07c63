"""What administrators read about accounts: lists, counts, sessions and the audit trail."""

from __future__ import annotations

import base64
from uuid import UUID

from aims.auth.domain import AccountState, Role
from aims.auth.public import (
    AuditPage,
    AuditQuery,
    AuditRecord,
    InvalidInput,
    Principal,
    SessionView,
    UserPage,
    UserStats,
    UserView,
)
from aims.auth.repository import accounts, audit
from aims.auth.services.admin import require_role, views
from aims.auth.services.base import AuthDeps
from aims.auth.services.sessions import live_sessions

MAX_PAGE = 200
MAX_IDS = 500
"""Ids one call may name (a page of names found in profiles, a page of audit actors)."""


async def list_users(
    deps: AuthDeps,
    actor: Principal,
    search: str | None,
    cursor: str | None,
    limit: int,
    *,
    role: Role | None = None,
    state: AccountState | None = None,
    or_ids: tuple[UUID, ...] = (),
) -> UserPage:
    """A keyset page of users by e-mail."""
    require_role(deps, actor, Role.ADMIN)
    limit = max(1, min(limit, MAX_PAGE))
    after = _decode_cursor(cursor)
    async with deps.db.transaction() as db:
        rows = await accounts.list_users(
            db,
            search=search,
            after_email=after,
            limit=limit + 1,
            role=role,
            state=state,
            or_ids=or_ids[:MAX_IDS],
        )
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


async def find_users(
    deps: AuthDeps, actor: Principal, user_ids: tuple[UUID, ...]
) -> list[UserView]:
    """The accounts of these ids that exist."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        return await views(db, await accounts.users_by_ids(db, user_ids[:MAX_IDS]))


async def user_stats(deps: AuthDeps, actor: Principal) -> UserStats:
    """Accounts by role and by state, and how many are locked now."""
    require_role(deps, actor, Role.ADMIN)
    async with deps.db.transaction() as db:
        by_role, by_state, locked = await accounts.counts(db, deps.clock())
    return UserStats(
        total=sum(by_role.values()),
        by_role={str(role): by_role.get(str(role), 0) for role in Role},
        by_state={str(state): by_state.get(str(state), 0) for state in AccountState},
        locked=locked,
    )


async def user_sessions(deps: AuthDeps, actor: Principal, user_id: UUID) -> list[SessionView]:
    """An account's live sessions, newest activity first."""
    require_role(deps, actor, Role.ADMIN)
    return await live_sessions(deps, user_id, actor)


async def search_audit(deps: AuthDeps, actor: Principal, query: AuditQuery) -> AuditPage:
    """Audit records newest first, filtered and keyset-paginated."""
    require_role(deps, actor, Role.ADMIN)
    limit = max(1, min(query.limit, MAX_PAGE))
    async with deps.db.transaction() as db:
        rows = await audit.page(db, query, limit=limit + 1)
    items = tuple(AuditRecord(**row) for row in rows[:limit])
    return AuditPage(items=items, next_cursor=items[-1].id if len(rows) > limit else None)
