"""SQL of TOTP enrolments and recovery codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import mfa
from aims.auth.passwords import Argon2Parameters
from aims.auth.totp import SaltedHashing


@dataclass(frozen=True, slots=True, kw_only=True)
class MfaRecord:
    """A user's TOTP secret (confirmed or pending) and recovery-code hashes (None = used)."""

    user_id: UUID
    secret: str
    created_at: datetime
    confirmed_at: datetime | None
    last_used_step: int | None
    recovery_code_hashes: list[str | None]
    recovery_code_salt: bytes | None  # None: codes stored as SHA-256, from before salting
    recovery_code_cost: dict[str, int] | None

    @property
    def recovery_code_hashing(self) -> SaltedHashing | None:
        """How the recovery codes are hashed; None for the SHA-256 codes of old enrolments."""
        if self.recovery_code_salt is None:
            return None
        cost = msgspec.convert(self.recovery_code_cost, Argon2Parameters)
        return SaltedHashing(salt=self.recovery_code_salt, cost=cost)


def recovery_codes(hashes: list[str], hashing: SaltedHashing) -> dict[str, Any]:
    """The column values (for `change`) of new recovery codes: their hashes and how."""
    return {
        "recovery_code_hashes": hashes,
        "recovery_code_salt": hashing.salt,
        "recovery_code_cost": msgspec.to_builtins(hashing.cost),
    }


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
                "recovery_code_salt": None,
                "recovery_code_cost": None,
            },
        )
    )


async def change(db: AsyncSession, user_id: UUID, **values: Any) -> None:
    """Update an enrolment."""
    await db.execute(update(mfa).where(mfa.c.user_id == user_id).values(**values))


async def remove(db: AsyncSession, user_id: UUID) -> None:
    """Forget a user's second factor."""
    await db.execute(delete(mfa).where(mfa.c.user_id == user_id))
