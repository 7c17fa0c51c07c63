"""Jobs: progress, cancel, retry; and the audit trail of document actions."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath, FromQuery, Parameter, QueryParameter

from aims.admin.http.documents import NO_STORE, Admin, Client, Documents
from aims.admin.public import AuditPage, JobPage, JobState, JobView
from aims.kernel.openapi import problems
from aims.kernel.query import KeysetId


class JobsController(Controller):
    """`/jobs/{id}`: what a job is doing, and stopping or restarting it."""

    path = "/jobs"
    tags = ["admin: documents"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/", opt=problems(422))
    async def list_jobs(
        self,
        admin: Admin,
        documents: Documents,
        job_state: Annotated[JobState | None, QueryParameter(name="state")] = None,
        cursor: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    ) -> Response[JobPage]:
        """Jobs newest first with their documents' names, by state; `next_cursor` continues."""
        found = await documents.list_jobs(admin, state=job_state, cursor=cursor, limit=limit)
        return Response(found, headers=NO_STORE)

    @get("/{job_id:uuid}", opt=problems(404))
    async def get_job(
        self, job_id: FromPath[UUID], admin: Admin, documents: Documents
    ) -> Response[JobView]:
        """State and progress: pages done of the total, current stage, attempts, last error."""
        return Response(await documents.job(admin, job_id), headers=NO_STORE)

    @post("/{job_id:uuid}/cancel", status_code=202, opt=problems(404, 409))
    async def cancel_job(
        self, job_id: FromPath[UUID], admin: Admin, documents: Documents, client: Client
    ) -> Response[JobView]:
        """Cancel: a queued job at once, a running one after the pages in progress."""
        job = await documents.cancel(admin, job_id, client)
        return Response(job, status_code=202, headers=NO_STORE)

    @post("/{job_id:uuid}/retry", status_code=202, opt=problems(404, 409))
    async def retry_job(
        self, job_id: FromPath[UUID], admin: Admin, documents: Documents, client: Client
    ) -> Response[JobView]:
        """Queue a failed or cancelled job again; the pages it finished are kept."""
        job = await documents.retry(admin, job_id, client)
        return Response(job, status_code=202, headers=NO_STORE)


class AuditController(Controller):
    """`/audit`: who did what to which document."""

    path = "/audit"
    tags = ["admin: documents"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/", opt=problems())
    async def document_audit(
        self,
        admin: Admin,
        documents: Documents,
        document_id: FromQuery[UUID | None] = None,
        before: KeysetId = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    ) -> Response[AuditPage]:
        """Uploads, edits, resets, deletions, reprocessing, cancels and retries, newest first."""
        found = await documents.audit(admin, document_id=document_id, before=before, limit=limit)
        return Response(found, headers=NO_STORE)
