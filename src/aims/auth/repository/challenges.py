"""SQL of MFA challenges (stored by the hash of the opaque value the client holds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.models import mfa_challenges


@dataclass(frozen=True, slots=True, kw_only=True)
class ChallengeRecord:
    """One row of `auth.mfa_challenges`."""

    token_hash: str
    user_id: UUID
    client_hash: str
    created_at: datetime
    expires_at: datetime
    attempts: int


async def insert_challenge(db: AsyncSession, record: ChallengeRecord) -> None:
    """Store a new challenge."""
    await db.execute(
        insert(mfa_challenges).values(
            token_hash=record.token_hash,
            user_id=record.user_id,
            client_hash=record.client_hash,
            created_at=record.created_at,
            expires_at=record.expires_at,
            attempts=record.attempts,
        )
    )


async def claim_attempt(
    db: AsyncSession, token_hash: str, client_hash: str, now: datetime, max_attempts: int
) -> tuple[UUID, int] | None:
    """Count one code attempt on a live challenge of this client, atomically.

    The account and the attempts made so far (this one included), or None when the
    challenge is unknown, expired, out of attempts or was issued to another client.
    """
    query = (
        update(mfa_challenges)
        .where(
            mfa_challenges.c.token_hash == token_hash,
            mfa_challenges.c.client_hash == client_hash,
            mfa_challenges.c.expires_at > now,
            mfa_challenges.c.attempts < max_attempts,
        )
        .values(attempts=mfa_challenges.c.attempts + 1)
        .returning(mfa_challenges.c.user_id, mfa_challenges.c.attempts)
    )
    row = (await db.execute(query)).first()
    return None if row is None else (row.user_id, row.attempts)


async def delete_challenge(db: AsyncSession, token_hash: str) -> bool:
    """Forget a challenge (used, or out of attempts); False when it was already gone."""
    query = delete(mfa_challenges).where(mfa_challenges.c.token_hash == token_hash)
    return (await db.execute(query.returning(mfa_challenges.c.token_hash))).first() is not None


async def purge_expired(db: AsyncSession, now: datetime) -> int:
    """Delete challenges past their lifetime."""
    result = await db.execute(delete(mfa_challenges).where(mfa_challenges.c.expires_at < now))
    return int(getattr(result, "rowcount", 0) or 0)
