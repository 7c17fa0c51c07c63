"""Audit records of document actions, written in the action's own transaction."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.repository import audit as audit_rows
from aims.auth.public import ClientInfo, Principal
from aims.kernel.logging import request_id_var


async def note(
    session: AsyncSession,
    action: str,
    actor: Principal | None,
    client: ClientInfo | None,
    *,
    summary: str,
    document_id: UUID | None = None,
    document_name: str | None = None,
    job_id: UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append who did `action` to what, from where, and what it changed."""
    await audit_rows.append(
        session,
        action=action,
        actor_id=actor.user_id if actor else None,
        actor_email=actor.email if actor else None,
        document_id=document_id,
        document_name=document_name,
        job_id=job_id,
        summary=summary[:500],
        details=details or {},
        ip=client.ip if client else None,
        user_agent=(client.user_agent or "")[:400] or None if client else None,
        request_id=request_id_var.get(),
    )
