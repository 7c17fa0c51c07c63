"""Results: the hierarchy JSON (original and edited), its exports and the page images."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from uuid import UUID

from aims.admin import analysis
from aims.admin.adapters import child_tasks
from aims.admin.adapters.processes import ChildCrashed, ChildOutOfMemory, ProcessPool
from aims.admin.domain.element_edits import ElementEdit
from aims.admin.domain.files import (
    EXPORT_EXTENSIONS,
    export_key,
    original_key,
    page_image_etag,
    page_image_key,
)
from aims.admin.ports import FileMissing, FileStorage
from aims.admin.public import (
    AnalysisNotReady,
    AnalysisVersion,
    DocumentNotFound,
    DocumentView,
    Export,
    ExportFormat,
    InvalidAnalysis,
    PageImage,
    PageNotFound,
    PageUnreadable,
    VersionMismatch,
)
from aims.admin.repository import analyses, documents
from aims.admin.repository.analyses import StoredAnalysis
from aims.admin.services.audit import note
from aims.auth.public import ClientInfo, Principal
from aims.kernel.db import Database

JSON = "application/json"
EDIT_ATTEMPTS = 3
"""Times an unpinned element correction is applied again when versions are saved meanwhile."""
_MEDIA_TYPES = {"markdown": "text/markdown", "text": "text/plain"}
"""Litestar adds `; charset=utf-8` to text types."""


def etag_of(stored: StoredAnalysis) -> str:
    """The validator of an analysis version: its hash."""
    return f'"{stored.sha256}"'


@dataclass(frozen=True)
class Results:
    """Serves, corrects and renders what the jobs produced."""

    db: Database
    storage: FileStorage
    inspector: ProcessPool
    max_page_pixels: int

    async def analysis(self, document_id: UUID, version: AnalysisVersion | None) -> Export:
        """A stored version as JSON; with no version asked, the edited one if there is one."""
        document, stored = await self._version(document_id, version)
        return _as_export(document, stored, "json", stored.content, JSON)

    async def export(
        self, document_id: UUID, export_format: ExportFormat, version: AnalysisVersion | None
    ) -> Export:
        """JSON, or Markdown / text rendered once per version and kept in the store."""
        if export_format == "json":
            return await self.analysis(document_id, version)
        document, stored = await self._version(document_id, version)
        key = export_key(stored.sha256, EXPORT_EXTENSIONS[export_format])
        try:
            content = await self.storage.read_bytes(key)
        except FileMissing:
            content = await self.inspector.run(
                child_tasks.render_export, stored.content, export_format
            )
            await self.storage.put_bytes(key, content)
        return _as_export(document, stored, export_format, content, _MEDIA_TYPES[export_format])

    async def save_edited(
        self,
        actor: Principal | None,
        document_id: UUID,
        content: bytes,
        client: ClientInfo | None,
        if_match: str | None,
    ) -> Export:
        """Check the edit in a worker process, then store it beside the original."""
        document, original, current = await self._editable(document_id, if_match)
        check = await self.inspector.run(
            child_tasks.check_edit, content, current.content, original.content
        )
        return await self._store(actor, document, original, content, check, client, if_match)

    async def edit_element(
        self,
        actor: Principal | None,
        document_id: UUID,
        edit: ElementEdit,
        client: ClientInfo | None,
        if_match: str | None,
    ) -> Export:
        """Apply one element's correction to the current version (in a worker process, which
        rebuilds the section tree and checks the result), then store it as the edited one.
        Without `if_match`, a version saved meanwhile is not overwritten: the correction is
        applied again to that one."""
        tries = 1 if if_match is not None else EDIT_ATTEMPTS
        for _ in range(tries - 1):
            with contextlib.suppress(VersionMismatch):
                return await self._edit_once(actor, document_id, edit, client, if_match)
        return await self._edit_once(actor, document_id, edit, client, if_match)

    async def _edit_once(
        self,
        actor: Principal | None,
        document_id: UUID,
        edit: ElementEdit,
        client: ClientInfo | None,
        if_match: str | None,
    ) -> Export:
        document, original, current = await self._editable(document_id, if_match)
        edited = await self.inspector.run(
            child_tasks.edit_element, current.content, original.content, edit
        )
        pinned = if_match or etag_of(current)
        return await self._store(
            actor, document, original, edited.content, edited.check, client, pinned
        )

    async def _editable(
        self, document_id: UUID, if_match: str | None
    ) -> tuple[DocumentView, StoredAnalysis, StoredAnalysis]:
        document, original = await self._version(document_id, "original")
        async with self.db.autocommit() as session:
            current = await analyses.get(session, document_id, "edited") or original
        _check_precondition(if_match, current)
        return document, original, current

    async def _store(
        self,
        actor: Principal | None,
        document: DocumentView,
        original: StoredAnalysis,
        content: bytes,
        check: child_tasks.EditCheck,
        client: ClientInfo | None,
        if_match: str | None,
    ) -> Export:
        if check.violations:
            first = check.violations[0]
            where = first["field"] or "/"
            detail = f"{len(check.violations)} problem(s); first at {where}: {first['message']}"
            raise InvalidAnalysis(detail, errors=check.violations)
        sha256 = hashlib.sha256(content).hexdigest()
        async with self.db.transaction() as session:
            if not await documents.lock_row(session, document.id):
                raise DocumentNotFound(f"No document {document.id}.")
            latest = await analyses.get(session, document.id, "edited") or original
            _check_precondition(if_match, latest)
            await analyses.put(
                session,
                document_id=document.id,
                version="edited",
                content=content,
                sha256=sha256,
                job_id=None,
                created_by=actor.user_id if actor else None,
            )
            await note(
                session,
                "save_edited",
                actor,
                client,
                summary=f"edited {document.name}: {check.summary}",
                document_id=document.id,
                document_name=document.name,
                details=check.details | {"sha256": sha256},
            )
            saved = await analyses.get(session, document.id, "edited")
        assert saved is not None
        return _as_export(document, saved, "json", saved.content, JSON)

    async def reset(
        self, actor: Principal | None, document_id: UUID, client: ClientInfo | None
    ) -> DocumentView:
        """Drop the edited version (audited when there was one)."""
        async with self.db.transaction() as session:
            document = await documents.view(session, document_id)
            if document is None:
                raise DocumentNotFound(f"No document {document_id}.")
            if await analyses.remove(session, document_id, "edited"):
                await note(
                    session,
                    "reset_edited",
                    actor,
                    client,
                    summary=f"reset {document.name} to the original analysis",
                    document_id=document_id,
                    document_name=document.name,
                )
            view = await documents.view(session, document_id)
        assert view is not None
        return view

    async def page_image(self, document_id: UUID, page: int) -> PageImage:
        """The page as PNG: from the store, or rendered in a worker process and kept."""
        async with self.db.autocommit() as session:
            document = await documents.stored(session, document_id)
        if document is None:
            raise DocumentNotFound(f"No document {document_id}.")
        if not 1 <= page <= document.page_count:
            raise PageNotFound(f"The document has pages 1 to {document.page_count}.")
        key = page_image_key(document.sha256, page)
        try:
            content = await self.storage.read_bytes(key)
        except FileMissing:
            content = await self._render(document.sha256, document.media_type, page)
            await self.storage.put_bytes(key, content)
        return PageImage(
            content=content, media_type="image/png", etag=page_image_etag(document.sha256, page)
        )

    async def _render(self, sha256: str, media_type: str, page: int) -> bytes:
        """The page rendered in a worker process; one that exhausts or stops it, or that pdfium
        cannot load, is refused."""
        async with self.storage.local_file(original_key(sha256)) as path:
            try:
                return await self.inspector.run(
                    child_tasks.render_page, str(path), media_type, page, self.max_page_pixels
                )
            except (ChildOutOfMemory, ChildCrashed, analysis.DocumentRejected):
                raise PageUnreadable(
                    f"Page {page} cannot be rendered: it needs more memory than allowed,"
                    " or is damaged."
                ) from None

    async def _version(
        self, document_id: UUID, version: AnalysisVersion | None
    ) -> tuple[DocumentView, StoredAnalysis]:
        async with self.db.autocommit() as session:
            document = await documents.view(session, document_id)
            if document is None:
                raise DocumentNotFound(f"No document {document_id}.")
            wanted = version or ("edited" if document.has_edited else "original")
            stored = await analyses.get(session, document_id, wanted)
        if stored is None:
            raise AnalysisNotReady(f"Document {document_id} has no {wanted} analysis yet.")
        return document, stored


def _check_precondition(if_match: str | None, current: StoredAnalysis) -> None:
    if if_match is not None and if_match.strip() not in (etag_of(current), "*"):
        raise VersionMismatch("Another version was saved meanwhile; load it and edit again.")


def _as_export(
    document: DocumentView,
    stored: StoredAnalysis,
    export_format: ExportFormat,
    content: bytes,
    media_type: str,
) -> Export:
    extension = {"json": "json", **EXPORT_EXTENSIONS}[export_format]
    stem = PurePosixPath(document.name).stem or "document"
    return Export(
        content=content,
        media_type=media_type,
        etag=f'"{stored.sha256}-{extension}"' if export_format != "json" else etag_of(stored),
        version="edited" if stored.version == "edited" else "original",
        filename=f"{stem}.{stored.version}.{extension}",
    )
