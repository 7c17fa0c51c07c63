"""SQL of the admin audit log (append-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.models import audit_records
from aims.admin.public import AuditEntry

_COLUMNS = [audit_records.c[name] for name in AuditEntry.__struct_fields__]


async def append(session: AsyncSession, **values: Any) -> None:
    """Add one record."""
    await session.execute(insert(audit_records).values(**values))


async def page(
    session: AsyncSession, *, document_id: UUID | None, before: int | None, limit: int
) -> list[AuditEntry]:
    """Records newest first, older than the id `before` (keyset)."""
    query = select(*_COLUMNS).order_by(audit_records.c.id.desc()).limit(limit)
    if document_id is not None:
        query = query.where(audit_records.c.document_id == document_id)
    if before is not None:
        query = query.where(audit_records.c.id < before)
    return [AuditEntry(**row._asdict()) for row in await session.execute(query)]


async def purge_before(session: AsyncSession, cutoff: datetime) -> int:
    """Delete records older than `cutoff`; how many."""
    result = await session.execute(
        delete(audit_records).where(audit_records.c.occurred_at < cutoff)
    )
    return int(getattr(result, "rowcount", 0) or 0)
