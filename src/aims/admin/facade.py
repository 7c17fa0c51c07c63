"""`DocumentsFacade` over the admin services: access check, one unit of work per call."""

from __future__ import annotations

from collections.abc import AsyncIterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from aims.admin.analysis.schema import hierarchy_schema_bytes
from aims.admin.public import (
    AnalysisVersion,
    AuditPage,
    DocumentOverview,
    DocumentPage,
    DocumentView,
    Export,
    ExportFormat,
    JobState,
    JobView,
    PageImage,
    ReceivedFile,
    UploadLimits,
    UploadRequest,
)
from aims.admin.services.access import require_admin
from aims.admin.services.catalogue import Catalogue
from aims.admin.services.jobs import JobControl
from aims.admin.services.results import Results
from aims.admin.services.uploads import Uploads
from aims.auth.public import ClientInfo, Principal

Actor = Principal | None


@dataclass(frozen=True)
class DocumentService:
    """The document service: every call checks the actor, then runs one use case."""

    uploads: Uploads
    catalogue: Catalogue
    results: Results
    control: JobControl
    require_mfa: bool

    def _allow(self, actor: Actor) -> None:
        require_admin(actor, require_mfa=self.require_mfa)

    def limits(self) -> UploadLimits:
        """The upload limits and default OCR languages."""
        return self.uploads.limits

    def hierarchy_schema(self) -> bytes:
        """The JSON Schema of every analysis."""
        return hierarchy_schema_bytes()

    async def receive(self, actor: Actor, chunks: AsyncIterable[bytes]) -> ReceivedFile:
        """Spool an upload's bytes."""
        self._allow(actor)
        return await self.uploads.receive(chunks)

    async def discard(self, received: ReceivedFile) -> None:
        """Drop spooled bytes."""
        await self.uploads.discard(received)

    async def upload(
        self,
        actor: Actor,
        received: ReceivedFile,
        request: UploadRequest,
        client: ClientInfo | None = None,
    ) -> DocumentView:
        """Check, store and queue a spooled upload."""
        try:
            self._allow(actor)
        except Exception:
            await self.uploads.discard(received)
            raise
        return await self.uploads.upload(actor, received, request, client)

    async def list_documents(
        self,
        actor: Actor,
        *,
        status: JobState | None = None,
        search: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> DocumentPage:
        """Documents newest first."""
        self._allow(actor)
        return await self.catalogue.page(status, search, cursor, limit)

    async def get(self, actor: Actor, document_id: UUID) -> DocumentView:
        """One document."""
        self._allow(actor)
        return await self.catalogue.get(document_id)

    async def delete(
        self, actor: Actor, document_id: UUID, client: ClientInfo | None = None
    ) -> None:
        """Delete a document and its unused files."""
        self._allow(actor)
        await self.catalogue.delete(actor, document_id, client)

    async def analysis(
        self, actor: Actor, document_id: UUID, version: AnalysisVersion | None = None
    ) -> Export:
        """A stored analysis version as JSON."""
        self._allow(actor)
        return await self.results.analysis(document_id, version)

    async def save_edited(
        self,
        actor: Actor,
        document_id: UUID,
        content: bytes,
        client: ClientInfo | None = None,
        if_match: str | None = None,
    ) -> Export:
        """Store a corrected version."""
        self._allow(actor)
        return await self.results.save_edited(actor, document_id, content, client, if_match)

    async def reset(
        self, actor: Actor, document_id: UUID, client: ClientInfo | None = None
    ) -> DocumentView:
        """Drop the edited version."""
        self._allow(actor)
        return await self.results.reset(actor, document_id, client)

    async def export(
        self,
        actor: Actor,
        document_id: UUID,
        export_format: ExportFormat,
        version: AnalysisVersion | None = None,
    ) -> Export:
        """The result as JSON, Markdown or text."""
        self._allow(actor)
        return await self.results.export(document_id, export_format, version)

    async def page_image(self, actor: Actor, document_id: UUID, page: int) -> PageImage:
        """A page as PNG."""
        self._allow(actor)
        return await self.results.page_image(document_id, page)

    async def reprocess(
        self,
        actor: Actor,
        document_id: UUID,
        languages: str | None = None,
        client: ClientInfo | None = None,
    ) -> JobView:
        """Analyse the document again."""
        self._allow(actor)
        return await self.control.reprocess(actor, document_id, languages, client)

    async def job(self, actor: Actor, job_id: UUID) -> JobView:
        """A job's progress."""
        self._allow(actor)
        return await self.control.job(job_id)

    async def cancel(self, actor: Actor, job_id: UUID, client: ClientInfo | None = None) -> JobView:
        """Cancel a job."""
        self._allow(actor)
        return await self.control.cancel(actor, job_id, client)

    async def retry(self, actor: Actor, job_id: UUID, client: ClientInfo | None = None) -> JobView:
        """Queue a failed or cancelled job again."""
        self._allow(actor)
        return await self.control.retry(actor, job_id, client)

    async def audit(
        self,
        actor: Actor,
        *,
        document_id: UUID | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> AuditPage:
        """Document actions newest first."""
        self._allow(actor)
        return await self.catalogue.audit(document_id, before, limit)

    async def overview(self, actor: Actor, since: datetime) -> DocumentOverview:
        """Documents by status, the queue, pages finished since `since`, recent failures."""
        self._allow(actor)
        return await self.catalogue.overview(since)
