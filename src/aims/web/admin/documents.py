"""Console documents: the list with its filters and the upload form, one document with its live
job progress and page viewer, page images and downloads."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, Parameter
from litestar.response import Redirect, Template

from aims.admin.public import AnalysisVersion, ExportFormat, JobState
from aims.kernel.edge import REPORTS_UNSTORABLE_TEXT
from aims.web.admin.deps import Documents
from aims.web.admin.detail import DOCUMENTS, DOCUMENTS_URL, render_detail
from aims.web.admin.guards import Console
from aims.web.admin.uploads import FORM_OVERHEAD, REFUSALS, upload_from_form

Cursor = Annotated[str | None, Parameter(max_length=200)]
Search = Annotated[str | None, Parameter(max_length=200)]
ElementParam = Annotated[str | None, Parameter(max_length=20)]
PageParam = Annotated[int, Parameter(ge=1, le=100_000)]
PAGE_SIZE = 25


def upload_handler(max_bytes: int) -> Any:
    """`POST /admin/documents`: the upload form, with a body limit of the file's plus the
    form's (the route is built when the limit is known)."""

    @post(
        DOCUMENTS,
        request_max_body_size=max_bytes + FORM_OVERHEAD,
        include_in_schema=False,
        opt={REPORTS_UNSTORABLE_TEXT: True},  # upload_from_form marks the field
    )
    async def upload_document(
        request: Request[Any, Any, Any], console: Console, documents: Documents
    ) -> Template | Redirect:
        """Store the uploaded file and show its document (and job progress); else the list
        again with the reason beside the file field."""
        outcome = await upload_from_form(request, documents, console.user, console.client)
        if outcome.document is not None:
            return Redirect(f"{DOCUMENTS_URL}/{outcome.document.id}", status_code=303)
        found = await documents.list_documents(console.user, limit=PAGE_SIZE)
        return console.page(
            "admin/documents/list.html",
            status_code=outcome.status,
            found=found,
            filters={},
            limits=documents.limits(),
            problem=REFUSALS[outcome.problem or "invalid_upload"],
            duplicate_of=outcome.duplicate_of,
            sent=outcome,
        )

    return upload_document


class DocumentPages(Controller):
    """/admin/documents and the pages of one document."""

    include_in_schema = False

    @get(DOCUMENTS)
    async def list_documents(
        self,
        console: Console,
        documents: Documents,
        status: FromQuery[JobState | None] = None,
        q: Search = None,
        cursor: Cursor = None,
    ) -> Template:
        """Newest first, by status and name, a page at a time."""
        found = await documents.list_documents(
            console.user, status=status, search=q, cursor=cursor, limit=PAGE_SIZE
        )
        filters = {key: value for key, value in (("status", status), ("q", q)) if value}
        return console.page(
            "admin/documents/list.html",
            found=found,
            filters=filters,
            next_query=urlencode(filters | {"cursor": found.next_cursor})
            if found.next_cursor
            else None,
            limits=documents.limits(),
        )

    @get(DOCUMENTS + "/{document_id:uuid}")
    async def detail(
        self,
        document_id: FromPath[UUID],
        console: Console,
        documents: Documents,
        page: PageParam = 1,
        element: ElementParam = None,
        version: FromQuery[AnalysisVersion | None] = None,
    ) -> Template:
        """The document, its job's progress, and the viewer and editor once analysed."""
        return await render_detail(console, documents, document_id, page, element, version)

    @get(DOCUMENTS + "/{document_id:uuid}/progress")
    async def progress(
        self, document_id: FromPath[UUID], console: Console, documents: Documents
    ) -> Template:
        """The job's progress as a fragment (polled by htmx while the job is active)."""
        document = await documents.get(console.user, document_id)
        return console.page("admin/documents/_progress.html", document=document)

    @get(DOCUMENTS + "/{document_id:uuid}/pages/{page_number:int}/image")
    async def page_image(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        page_number: FromPath[int],
        console: Console,
        documents: Documents,
    ) -> Response[bytes]:
        """The page as PNG for the viewer (cached by the browser, revalidated by ETag)."""
        image = await documents.page_image(console.user, document_id, page_number)
        headers = {"ETag": image.etag, "Cache-Control": "private, max-age=86400"}
        if image.etag in request.headers.get("if-none-match", ""):
            return Response(b"", status_code=304, headers=headers)
        return Response(image.content, media_type=image.media_type, headers=headers)

    @get(DOCUMENTS + "/{document_id:uuid}/export")
    async def export(
        self,
        document_id: FromPath[UUID],
        console: Console,
        documents: Documents,
        format: FromQuery[ExportFormat] = "json",
        version: FromQuery[AnalysisVersion | None] = None,
    ) -> Response[bytes]:
        """The result as a file: JSON, Markdown or text."""
        found = await documents.export(console.user, document_id, format, version)
        disposition = f"attachment; filename*=UTF-8''{quote(found.filename, safe='')}"
        return Response(
            found.content,
            media_type=found.media_type,
            headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
        )
