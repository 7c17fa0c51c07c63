"""SQL of accounts: users and their one-time (reset, verification) tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.domain import AccountState, Role
from aims.auth.lockout import AccountThrottle
from aims.auth.models import mfa, one_time_tokens, refresh_tokens, sessions, users


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRecord:
    """One row of `auth.users`."""

    id: UUID
    email: str
    password_hash: str
    role: Role
    state: AccountState
    locale: str | None
    email_verified_at: datetime | None
    created_at: datetime
    password_changed_at: datetime
    throttle: AccountThrottle
    locked_until: datetime | None

    @classmethod
    def from_row(cls, row: Any) -> UserRecord:
        """Build from a mapping of `users` columns."""
        values = dict(row)
        values["role"] = Role(values["role"])
        values["state"] = AccountState(values["state"])
        values["throttle"] = msgspec.convert(values["throttle"], AccountThrottle)
        return cls(**values)


# --- users -------------------------------------------------------------------


async def user_by_email(db: AsyncSession, email: str, *, lock: bool = False) -> UserRecord | None:
    """The user with this normalised e-mail."""
    return await _one_user(db, select(users).where(users.c.email == email), lock)


async def user_by_id(db: AsyncSession, user_id: UUID, *, lock: bool = False) -> UserRecord | None:
    """The user with this id."""
    return await _one_user(db, select(users).where(users.c.id == user_id), lock)


_SIGN_IN_CANDIDATE = select(
    users,
    select(mfa.c.user_id)
    .where(mfa.c.user_id == users.c.id, mfa.c.confirmed_at.is_not(None))
    .exists()
    .label("has_mfa"),
).where(users.c.email == bindparam("email"))
"""Built once: every sign-in runs it, and building it anew costs more than the round trip."""


async def sign_in_candidate(db: AsyncSession, email: str) -> tuple[UserRecord, bool] | None:
    """The user with this e-mail and whether a second factor is confirmed, in one query."""
    row = (await db.execute(_SIGN_IN_CANDIDATE, {"email": email})).mappings().first()
    if row is None:
        return None
    values = dict(row)
    has_mfa = values.pop("has_mfa")
    return UserRecord.from_row(values), has_mfa


async def _one_user(db: AsyncSession, query: Any, lock: bool) -> UserRecord | None:
    row = (await db.execute(query.with_for_update() if lock else query)).mappings().first()
    return None if row is None else UserRecord.from_row(row)


async def insert_user(db: AsyncSession, user: UserRecord) -> bool:
    """Insert a user; False when the e-mail is taken."""
    values = {**_fields(user), "throttle": msgspec.to_builtins(user.throttle)}
    query = pg_insert(users).values(values).on_conflict_do_nothing(index_elements=["email"])
    return (await db.execute(query.returning(users.c.id))).first() is not None


async def update_user(db: AsyncSession, user_id: UUID, **values: Any) -> None:
    """Set columns of one user."""
    if "throttle" in values:
        throttle: AccountThrottle = values["throttle"]
        values["throttle"] = msgspec.to_builtins(throttle)
        values["locked_until"] = throttle.locked_until
    await db.execute(update(users).where(users.c.id == user_id).values(**values))


async def delete_user(db: AsyncSession, user_id: UUID) -> None:
    """Remove a user and everything auth holds about them except audit records."""
    session_ids = select(sessions.c.id).where(sessions.c.user_id == user_id)
    await db.execute(delete(refresh_tokens).where(refresh_tokens.c.session_id.in_(session_ids)))
    await db.execute(delete(one_time_tokens).where(one_time_tokens.c.user_id == user_id))
    await db.execute(delete(users).where(users.c.id == user_id))


async def list_users(
    db: AsyncSession,
    *,
    search: str | None,
    after_email: str | None,
    limit: int,
    role: Role | None = None,
    state: AccountState | None = None,
    or_ids: tuple[UUID, ...] = (),
) -> list[UserRecord]:
    """Users ordered by e-mail after a keyset cursor: those whose e-mail contains `search` or
    whose id is in `or_ids`, of `role` and `state` when given."""
    query = select(users).order_by(users.c.email).limit(limit)
    if search:
        matches = users.c.email.contains(search.lower(), autoescape=True)
        query = query.where(or_(matches, users.c.id.in_(or_ids)) if or_ids else matches)
    if role is not None:
        query = query.where(users.c.role == str(role))
    if state is not None:
        query = query.where(users.c.state == str(state))
    if after_email is not None:
        query = query.where(users.c.email > after_email)
    return [UserRecord.from_row(row) for row in (await db.execute(query)).mappings()]


async def users_by_ids(db: AsyncSession, user_ids: tuple[UUID, ...]) -> list[UserRecord]:
    """The users of these ids that exist, by e-mail."""
    query = select(users).where(users.c.id.in_(user_ids)).order_by(users.c.email)
    return [UserRecord.from_row(row) for row in (await db.execute(query)).mappings()]


async def lock_active_super_admins(db: AsyncSession) -> list[UUID]:
    """The ids of active super_admins, locked until the transaction ends (so two
    administrators cannot each demote the other and leave none)."""
    query = (
        select(users.c.id)
        .where(users.c.role == str(Role.SUPER_ADMIN), users.c.state == str(AccountState.ACTIVE))
        .order_by(users.c.id)
        .with_for_update()
    )
    return list((await db.scalars(query)).all())


async def counts(db: AsyncSession, now: datetime) -> tuple[dict[str, int], dict[str, int], int]:
    """Accounts by role, by state, and how many are locked at `now`."""
    by_role = await db.execute(select(users.c.role, func.count()).group_by(users.c.role))
    by_state = await db.execute(select(users.c.state, func.count()).group_by(users.c.state))
    locked = await db.scalar(
        select(func.count()).select_from(users).where(users.c.locked_until > now)
    )
    roles = {str(row[0]): int(row[1]) for row in by_role}
    states = {str(row[0]): int(row[1]) for row in by_state}
    return roles, states, int(locked or 0)


async def count_users(db: AsyncSession) -> int:
    """How many accounts exist."""
    return int(await db.scalar(select(func.count()).select_from(users)) or 0)


# --- one-time tokens -----------------------------------------------------------


async def insert_one_time_token(
    db: AsyncSession,
    token_hash: str,
    user_id: UUID,
    purpose: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Store a reset or verification token's hash."""
    await db.execute(
        insert(one_time_tokens).values(
            token_hash=token_hash,
            user_id=user_id,
            purpose=purpose,
            created_at=now,
            expires_at=expires_at,
        )
    )


async def use_one_time_token(
    db: AsyncSession, token_hash: str, purpose: str, now: datetime
) -> UUID | None:
    """Consume a live token atomically; the user id it was for, or None."""
    query = (
        update(one_time_tokens)
        .where(
            one_time_tokens.c.token_hash == token_hash,
            one_time_tokens.c.purpose == purpose,
            one_time_tokens.c.used_at.is_(None),
            one_time_tokens.c.expires_at > now,
        )
        .values(used_at=now)
        .returning(one_time_tokens.c.user_id)
    )
    row = (await db.execute(query)).first()
    return None if row is None else row.user_id


async def kill_one_time_tokens(db: AsyncSession, user_id: UUID, now: datetime) -> None:
    """Make every unused token of a user unusable (password changed)."""
    await db.execute(
        update(one_time_tokens)
        .where(one_time_tokens.c.user_id == user_id, one_time_tokens.c.used_at.is_(None))
        .values(used_at=now)
    )


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}
