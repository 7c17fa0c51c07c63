"""SQL of signing keys."""

from __future__ import annotations

from sqlalchemy import delete, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.auth.keys import KeyRing, KeyState, SigningAlgorithm, SigningKey
from aims.auth.models import signing_keys

_KEYS_LOCK = 0x61696D735F6B6579  # "aims_key": serialises rotation across processes


async def lock_keys(db: AsyncSession) -> None:
    """Hold the key-rotation lock until the transaction ends."""
    await db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _KEYS_LOCK})


async def load_ring(db: AsyncSession) -> KeyRing:
    """Every stored (published) key."""
    rows = (await db.execute(select(signing_keys).order_by(signing_keys.c.created_at))).mappings()
    return KeyRing(
        tuple(
            SigningKey(
                kid=row["kid"],
                algorithm=SigningAlgorithm(row["algorithm"]),
                state=KeyState(row["state"]),
                private_jwk=row["private_jwk"],
                created_at=row["created_at"],
                activated_at=row["activated_at"],
                retired_at=row["retired_at"],
            )
            for row in rows
        )
    )


async def save_ring(db: AsyncSession, ring: KeyRing) -> None:
    """Make the table hold exactly the keys of `ring`."""
    kids = [key.kid for key in ring.keys]
    await db.execute(delete(signing_keys).where(signing_keys.c.kid.not_in(kids)))
    for key in ring.keys:
        values = {
            "kid": key.kid,
            "algorithm": str(key.algorithm),
            "state": str(key.state),
            "private_jwk": dict(key.private_jwk),
            "created_at": key.created_at,
            "activated_at": key.activated_at,
            "retired_at": key.retired_at,
        }
        query = insert(signing_keys).values(values)
        await db.execute(
            query.on_conflict_do_update(
                index_elements=["kid"],
                set_={
                    "state": query.excluded.state,
                    "activated_at": query.excluded.activated_at,
                    "retired_at": query.excluded.retired_at,
                },
            )
        )
