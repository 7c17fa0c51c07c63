"""SQL of sessions (one refresh-token family each) and their refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import one_time_tokens, refresh_tokens, sessions
from aims.kernel.db import NewRow


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionRecord:
    """One row of `auth.sessions`."""

    id: UUID
    user_id: UUID
    refresh_secret: bytes
    created_at: datetime
    last_seen_at: datetime
    authenticated_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    ip: str | None
    user_agent: str | None
    mfa: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class RefreshRecord:
    """A refresh token row joined with its session's state."""

    id: UUID
    session_id: UUID
    issued_at: datetime
    consumed_at: datetime | None
    successor_id: UUID | None
    session_created_at: datetime
    session_revoked_at: datetime | None


def new_session(record: SessionRecord) -> NewRow:
    """The row that starts a session (one refresh-token family)."""
    return NewRow(sessions, _fields(record))


async def session_by_id(db: AsyncSession, session_id: UUID) -> SessionRecord | None:
    """One session, revoked or not."""
    row = (await db.execute(select(sessions).where(sessions.c.id == session_id))).mappings().first()
    return None if row is None else SessionRecord(**row)


async def is_session_revoked(db: AsyncSession, session_id: UUID) -> bool:
    """True when the session was revoked or does not exist (never 'allow' by default)."""
    revoked = await db.execute(select(sessions.c.revoked_at).where(sessions.c.id == session_id))
    row = revoked.first()
    return row is None or row.revoked_at is not None


async def active_sessions(db: AsyncSession, user_id: UUID, now: datetime) -> list[SessionRecord]:
    """A user's live sessions, newest activity first."""
    query = (
        select(sessions)
        .where(
            sessions.c.user_id == user_id,
            sessions.c.revoked_at.is_(None),
            sessions.c.expires_at > now,
        )
        .order_by(sessions.c.last_seen_at.desc())
    )
    return [SessionRecord(**row) for row in (await db.execute(query)).mappings()]


async def revoke_sessions(
    db: AsyncSession,
    user_id: UUID,
    now: datetime,
    *,
    only: UUID | None = None,
    keep: UUID | None = None,
) -> list[UUID]:
    """Revoke a user's live sessions (one, or all but `keep`); returns the ids revoked."""
    query = update(sessions).where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
    if only is not None:
        query = query.where(sessions.c.id == only)
    if keep is not None:
        query = query.where(sessions.c.id != keep)
    result = await db.execute(query.values(revoked_at=now).returning(sessions.c.id))
    return [row.id for row in result]


async def recently_revoked_sessions(db: AsyncSession, since: datetime) -> list[UUID]:
    """Sessions revoked at or after `since` (to refill the revocation list)."""
    query = select(sessions.c.id).where(sessions.c.revoked_at >= since)
    return [row.id for row in await db.execute(query)]


async def touch_session(db: AsyncSession, session_id: UUID, **values: Any) -> None:
    """Update a session's activity fields."""
    await db.execute(update(sessions).where(sessions.c.id == session_id).values(**values))


def new_refresh_token(token_id: UUID, session_id: UUID, token_hash: str, now: datetime) -> NewRow:
    """The row that stores a refresh token's hash in its family."""
    values = {"id": token_id, "session_id": session_id, "token_hash": token_hash, "issued_at": now}
    return NewRow(refresh_tokens, values)


async def refresh_token_by_hash(db: AsyncSession, token_hash: str) -> RefreshRecord | None:
    """The refresh token with this hash and its session's state, locked for rotation."""
    query = (
        select(
            refresh_tokens.c.id,
            refresh_tokens.c.session_id,
            refresh_tokens.c.issued_at,
            refresh_tokens.c.consumed_at,
            refresh_tokens.c.successor_id,
            sessions.c.created_at.label("session_created_at"),
            sessions.c.revoked_at.label("session_revoked_at"),
        )
        .join(sessions, sessions.c.id == refresh_tokens.c.session_id)
        .where(refresh_tokens.c.token_hash == token_hash)
        .with_for_update(of=refresh_tokens)
    )
    row = (await db.execute(query)).mappings().first()
    return None if row is None else RefreshRecord(**row)


async def consume_refresh_token(
    db: AsyncSession, token_id: UUID, successor_id: UUID, now: datetime
) -> None:
    """Mark a refresh token used and link the token that replaced it."""
    await db.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.id == token_id)
        .values(consumed_at=now, successor_id=successor_id)
    )


async def purge_dead(db: AsyncSession, cutoff: datetime) -> tuple[int, int]:
    """Delete sessions ended before `cutoff` (with their tokens) and stale mail tokens."""
    dead = delete(sessions).where(
        or_(sessions.c.expires_at < cutoff, sessions.c.revoked_at < cutoff)
    )
    session_ids = [row.id for row in await db.execute(dead.returning(sessions.c.id))]
    if session_ids:
        await db.execute(delete(refresh_tokens).where(refresh_tokens.c.session_id.in_(session_ids)))
    stale = await db.execute(
        delete(one_time_tokens).where(
            or_(one_time_tokens.c.expires_at < cutoff, one_time_tokens.c.used_at < cutoff)
        )
    )
    return len(session_ids), int(getattr(stale, "rowcount", 0) or 0)


def _fields(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__slots__}
