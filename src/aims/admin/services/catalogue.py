"""The document list, one document, deletion, and the audit trail of document actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from aims.admin.domain.cursor import decode_cursor, encode_cursor
from aims.admin.domain.jobs import JobState
from aims.admin.public import (
    AuditPage,
    DocumentNotFound,
    DocumentOverview,
    DocumentPage,
    DocumentView,
    InvalidRequest,
    JobFailure,
)
from aims.admin.repository import analyses, documents, overview
from aims.admin.repository import audit as audit_rows
from aims.admin.services.audit import note
from aims.admin.services.files import FileKeeper
from aims.auth.public import ClientInfo, Principal
from aims.kernel.db import Database

MAX_PAGE = 200
MAX_SEARCH = 200
RECENT_FAILURES = 5


@dataclass(frozen=True)
class Catalogue:
    """Reads and removes documents."""

    db: Database
    files: FileKeeper

    async def page(
        self, status: JobState | None, search: str | None, cursor: str | None, limit: int
    ) -> DocumentPage:
        """Newest first; `next_cursor` continues after the last item."""
        after = None
        if cursor:
            after = decode_cursor(cursor)
            if after is None:
                raise InvalidRequest(
                    "The cursor is not valid.",
                    errors=[{"field": "cursor", "message": "not a cursor from this list"}],
                )
        limit = max(1, min(limit, MAX_PAGE))
        async with self.db.autocommit() as session:
            rows = await documents.page(
                session,
                status=status,
                search=(search or "").strip()[:MAX_SEARCH] or None,
                after=after,
                limit=limit + 1,
            )
        items, more = rows[:limit], len(rows) > limit
        last = items[-1] if items else None
        next_cursor = encode_cursor(last.created_at, last.id) if more and last else None
        return DocumentPage(items=tuple(items), next_cursor=next_cursor)

    async def get(self, document_id: UUID) -> DocumentView:
        """One document, or `DocumentNotFound`."""
        async with self.db.autocommit() as session:
            view = await documents.view(session, document_id)
        if view is None:
            raise DocumentNotFound(f"No document {document_id}.")
        return view

    async def delete(
        self, actor: Principal | None, document_id: UUID, client: ClientInfo | None
    ) -> None:
        """Delete the rows (a running job stops at its next page), then unused files."""
        async with self.db.transaction() as session:
            versions = await analyses.hashes_of(session, document_id)
            removed = await documents.remove(session, document_id)
            if removed is None:
                raise DocumentNotFound(f"No document {document_id}.")
            name, sha256 = removed
            await note(
                session,
                "delete",
                actor,
                client,
                summary=f"deleted {name}",
                document_id=document_id,
                document_name=name,
                details={"sha256": sha256},
            )
        await self.files.release_original(sha256)
        await self.files.release_exports(versions)

    async def overview(self, since: datetime) -> DocumentOverview:
        """The dashboard's document figures."""
        async with self.db.autocommit() as session:
            by_status = await overview.documents_by_status(session)
            depth = await overview.queue_depth(session)
            pages = await overview.pages_since(session, since)
            failures = await overview.recent_failures(session, RECENT_FAILURES)
        return DocumentOverview(
            by_status={str(state): by_status.get(str(state), 0) for state in JobState},
            queue_depth=depth,
            pages_since=pages,
            recent_failures=tuple(JobFailure(**failure) for failure in failures),
        )

    async def audit(self, document_id: UUID | None, before: int | None, limit: int) -> AuditPage:
        """Document actions newest first."""
        limit = max(1, min(limit, MAX_PAGE))
        async with self.db.autocommit() as session:
            rows = await audit_rows.page(
                session, document_id=document_id, before=before, limit=limit + 1
            )
        items = rows[:limit]
        next_before = items[-1].id if len(rows) > limit else None
        return AuditPage(items=tuple(items), next_before=next_before)
