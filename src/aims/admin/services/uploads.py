"""Upload: spool the bytes, check them in a worker process, store them once, queue the job."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable
from dataclasses import dataclass

from aims.admin import analysis
from aims.admin.adapters import child_tasks
from aims.admin.adapters.processes import ChildCrashed, ProcessPool
from aims.admin.adapters.spool import Spool, SpoolFull, SpoolOverflow
from aims.admin.domain.files import original_key
from aims.admin.domain.jobs import JobState
from aims.admin.domain.uploads import REFUSAL_STATUS, display_name
from aims.admin.ports import FileStorage, JobTrigger
from aims.admin.public import (
    DocumentRefused,
    DocumentView,
    DuplicateDocument,
    ReceivedFile,
    UploadLimits,
    UploadRequest,
)
from aims.admin.repository import documents
from aims.admin.repository import jobs as job_rows
from aims.admin.services.audit import note
from aims.admin.services.languages import LanguageChoice
from aims.admin.services.triggers import wake_quietly
from aims.auth.public import ClientInfo, Principal
from aims.kernel.db import Database


def refused(code: str, detail: str) -> DocumentRefused:
    """The refusal of an upload, with the status its code is answered with."""
    return DocumentRefused(code, detail, REFUSAL_STATUS.get(code, 422))


@dataclass(frozen=True)
class Uploads:
    """Receives files and turns accepted ones into queued documents."""

    db: Database
    spool: Spool
    storage: FileStorage
    inspector: ProcessPool
    trigger: JobTrigger
    limits: UploadLimits
    languages: LanguageChoice

    async def receive(self, chunks: AsyncIterable[bytes]) -> ReceivedFile:
        """Spool the bytes; past the size limit, or when the disk is full, nothing is kept."""
        try:
            return await self.spool.receive(chunks, self.limits.max_bytes)
        except SpoolOverflow as overflow:
            raise refused("too_large", f"The file is larger than {overflow.limit} bytes.") from None
        except SpoolFull:
            raise refused("storage_full", "There is no room left to store the file.") from None

    async def discard(self, received: ReceivedFile) -> None:
        """Drop a spooled file."""
        await self.spool.discard(received.token)

    async def upload(
        self,
        actor: Principal | None,
        received: ReceivedFile,
        request: UploadRequest,
        client: ClientInfo | None,
    ) -> DocumentView:
        """Check, deduplicate, store and queue; the spooled file is gone afterwards."""
        try:
            languages = await self.languages.choose(request.languages)
            checked = await self._check(received)
            view = await self._file(actor, received, request, checked, languages, client)
        finally:
            await self.spool.discard(received.token)
        assert view.job is not None
        await wake_quietly(self.trigger, view.job.id)
        return view

    async def _check(self, received: ReceivedFile) -> analysis.CheckedInput:
        if received.size == 0:
            raise refused("empty", "The file is empty.")
        limits = analysis.Limits(
            max_bytes=self.limits.max_bytes,
            max_pages=self.limits.max_pages,
            max_page_pixels=self.limits.max_page_pixels,
        )
        path = str(self.spool.path(received.token))
        try:
            return await self.inspector.run(child_tasks.check_file, path, limits)
        except analysis.DocumentRejected as rejection:
            raise refused(rejection.code, _sentence(rejection.message)) from None
        except ChildCrashed:
            raise refused("corrupt", "The file cannot be read.") from None

    async def _file(
        self,
        actor: Principal | None,
        received: ReceivedFile,
        request: UploadRequest,
        checked: analysis.CheckedInput,
        languages: str,
        client: ClientInfo | None,
    ) -> DocumentView:
        document_id, job_id = uuid.uuid4(), uuid.uuid4()
        name = display_name(request.filename)
        async with self.db.transaction() as session:
            await documents.lock_file(session, checked.sha256)
            copy = await documents.named_copy(session, checked.sha256)
            if copy is not None and not request.allow_duplicate:
                raise DuplicateDocument(*copy)
            await self.storage.put_file(
                original_key(checked.sha256), self.spool.path(received.token)
            )
            await documents.insert_document(
                session,
                id=document_id,
                name=name,
                media_type=checked.media_type,
                size_bytes=received.size,
                sha256=checked.sha256,
                page_count=checked.page_count,
                languages=languages,
                status=JobState.QUEUED,
                current_job_id=job_id,
                created_by=actor.user_id if actor else None,
            )
            await job_rows.create(
                session,
                job_id=job_id,
                document_id=document_id,
                languages=languages,
                page_total=checked.page_count,
                requested_by=actor.user_id if actor else None,
            )
            summary = f"uploaded {name} ({checked.page_count} pages, {received.size} bytes)"
            await note(
                session,
                "upload",
                actor,
                client,
                summary=summary,
                document_id=document_id,
                document_name=name,
                job_id=job_id,
                details={"sha256": checked.sha256, "languages": languages},
            )
            view = await documents.view(session, document_id)
        assert view is not None
        return view


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."
