"""SQL of TOTP enrolments and recovery codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import mfa


@dataclass(frozen=True, slots=True, kw_only=True)
class MfaRecord:
    """A user's TOTP secret (confirmed or pending) and recovery-code hashes (None = used)."""

    user_id: UUID
    secret: str
    created_at: datetime
    confirmed_at: datetime | None
    last_used_step: int | None
    recovery_code_hashes: list[str | None]


async def get(db: AsyncSession, user_id: UUID, *, lock: bool = False) -> MfaRecord | None:
    """The enrolment of a user, if any."""
    query = select(mfa).where(mfa.c.user_id == user_id)
    row = (await db.execute(query.with_for_update() if lock else query)).mappings().first()
    return None if row is None else MfaRecord(**row)


async def enabled_users(db: AsyncSession, user_ids: list[UUID]) -> set[UUID]:
    """Which of these users have a confirmed second factor."""
    query = select(mfa.c.user_id).where(mfa.c.user_id.in_(user_ids), mfa.c.confirmed_at.isnot(None))
    return {row.user_id for row in await db.execute(query)}


async def start(db: AsyncSession, user_id: UUID, secret: str, now: datetime) -> None:
    """Store a pending secret, replacing an unconfirmed one."""
    query = insert(mfa).values(user_id=user_id, secret=secret, created_at=now)
    await db.execute(
        query.on_conflict_do_update(
            index_elements=["user_id"],
            set_={
                "secret": secret,
                "created_at": now,
                "confirmed_at": None,
                "last_used_step": None,
                "recovery_code_hashes": [],
            },
        )
    )


async def change(db: AsyncSession, user_id: UUID, **values: Any) -> None:
    """Update an enrolment."""
    await db.execute(update(mfa).where(mfa.c.user_id == user_id).values(**values))


async def remove(db: AsyncSession, user_id: UUID) -> None:
    """Forget a user's second factor."""
    await db.execute(delete(mfa).where(mfa.c.user_id == user_id))
