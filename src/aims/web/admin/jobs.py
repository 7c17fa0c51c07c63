"""Console jobs: every processing job with its state, progress and attempts; cancel and retry
behind a confirmation page."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, Parameter, QueryParameter
from litestar.response import Redirect, Template

from aims.admin.public import JobConflict, JobState
from aims.web.admin.deps import Documents
from aims.web.admin.guards import Console
from aims.web.admin.navigation import CONSOLE
from aims.web.notices import with_notice

JOBS = "/jobs"
JOBS_URL = CONSOLE + JOBS
PAGE_SIZE = 50
Action = Literal["cancel", "retry"]


class JobPages(Controller):
    """/admin/jobs and its buttons."""

    include_in_schema = False

    @get(JOBS)
    async def list_jobs(
        self,
        console: Console,
        documents: Documents,
        job_state: Annotated[JobState | None, QueryParameter(name="state")] = None,
        cursor: Annotated[str | None, Parameter(max_length=200)] = None,
    ) -> Template:
        """Newest first, optionally in one state; the table refreshes itself while shown."""
        found = await documents.list_jobs(
            console.user, state=job_state, cursor=cursor, limit=PAGE_SIZE
        )
        filters = {"state": job_state} if job_state else {}
        next_query = (
            urlencode(filters | {"cursor": found.next_cursor}) if found.next_cursor else None
        )
        template = "admin/jobs/_rows.html" if console.htmx else "admin/jobs/list.html"
        return console.page(template, found=found, filters=filters, next_query=next_query)

    @get(JOBS + "/{job_id:uuid}/{action:str}")
    async def confirm(
        self,
        job_id: FromPath[UUID],
        action: FromPath[Action],
        console: Console,
        documents: Documents,
    ) -> Template:
        """Ask before cancelling or retrying."""
        job = await documents.job(console.user, job_id)
        document = await documents.get(console.user, job.document_id)
        return console.page("admin/confirm.html", action=action, job=job, document=document)

    @post(JOBS + "/{job_id:uuid}/{action:str}")
    async def act(
        self,
        job_id: FromPath[UUID],
        action: FromPath[Action],
        console: Console,
        documents: Documents,
    ) -> Redirect:
        """Cancel (a running job stops after its pages in progress) or retry the job."""
        run = documents.cancel if action == "cancel" else documents.retry
        try:
            await run(console.user, job_id, console.client)
        except JobConflict:
            return Redirect(with_notice(JOBS_URL, "job_conflict"), status_code=303)
        notice = "job_cancelled" if action == "cancel" else "job_retried"
        return Redirect(with_notice(JOBS_URL, notice), status_code=303)
