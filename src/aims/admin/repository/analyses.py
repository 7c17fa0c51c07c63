"""SQL of analysis versions: the original result and the edited one of each document."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.models import analyses


@dataclass(frozen=True)
class StoredAnalysis:
    """One stored version."""

    version: str
    content: bytes
    sha256: str
    created_at: datetime


async def get(session: AsyncSession, document_id: UUID, version: str) -> StoredAnalysis | None:
    """The version, if the document has it."""
    row = (
        await session.execute(
            select(
                analyses.c.version, analyses.c.content, analyses.c.sha256, analyses.c.created_at
            ).where(analyses.c.document_id == document_id, analyses.c.version == version)
        )
    ).first()
    return None if row is None else StoredAnalysis(**row._asdict())


async def put(
    session: AsyncSession,
    *,
    document_id: UUID,
    version: str,
    content: bytes,
    sha256: str,
    job_id: UUID | None,
    created_by: UUID | None,
) -> None:
    """Store (or replace) a version."""
    values = {
        "content": content,
        "sha256": sha256,
        "job_id": job_id,
        "created_by": created_by,
    }
    statement = insert(analyses).values(document_id=document_id, version=version, **values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[analyses.c.document_id, analyses.c.version],
            set_=values | {"created_at": statement.excluded.created_at},
        )
    )


async def remove(session: AsyncSession, document_id: UUID, version: str) -> bool:
    """Delete a version; whether there was one."""
    result = await session.execute(
        delete(analyses)
        .where(analyses.c.document_id == document_id, analyses.c.version == version)
        .returning(analyses.c.sha256)
    )
    return result.first() is not None


async def in_use(session: AsyncSession, sha256s: set[str]) -> set[str]:
    """Which of these version hashes a stored version still has."""
    if not sha256s:
        return set()
    rows = await session.execute(
        select(analyses.c.sha256).distinct().where(analyses.c.sha256.in_(sha256s))
    )
    return set(rows.scalars())


async def hashes_of(session: AsyncSession, document_id: UUID) -> set[str]:
    """The hashes of the document's stored versions."""
    rows = await session.execute(
        select(analyses.c.sha256).where(analyses.c.document_id == document_id)
    )
    return set(rows.scalars())
