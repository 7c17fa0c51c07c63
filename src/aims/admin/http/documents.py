"""Documents and their results: list, detail, delete, analysis (read, edit, reset), exports,
page images, reprocess."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, RawBody, SkipValidation

from aims.admin.http.openapi import (
    AnalysisOperation,
    AnalysisReadOperation,
    ExportOperation,
    ReprocessOperation,
)
from aims.admin.public import (
    MAX_ANALYSIS_BYTES,
    MAX_ELEMENT_TEXT,
    MAX_LEVEL,
    AnalysisVersion,
    DocumentPage,
    DocumentsFacade,
    DocumentView,
    ElementEdit,
    Export,
    ExportFormat,
    JobState,
    JobView,
    Rendition,
)
from aims.auth.public import ClientInfo, Principal
from aims.kernel.edge import require_json_media_type
from aims.kernel.messages import RequestBody
from aims.kernel.openapi import problems

Documents = NamedDependency[SkipValidation[DocumentsFacade]]
Admin = NamedDependency[SkipValidation[Principal]]
Client = NamedDependency[SkipValidation[ClientInfo]]
Version = Annotated[AnalysisVersion | None, Parameter(description="default: edited if any")]

NO_STORE = {"Cache-Control": "no-store"}
REVALIDATE = "private, no-cache"


class ElementChange(RequestBody, frozen=True, kw_only=True):
    """The new text, type and level of an element, and/or `move` up or down the reading order
    (applied together: the element is changed, then moved)."""

    text: Annotated[str, msgspec.Meta(max_length=MAX_ELEMENT_TEXT)] | None = None
    type: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    level: Annotated[int, msgspec.Meta(ge=0, le=MAX_LEVEL)] | None = None
    move: Literal["up", "down"] | None = None


class ReprocessBody(RequestBody, frozen=True, kw_only=True):
    """Optionally, other OCR languages for the new job."""

    languages: Annotated[str, msgspec.Meta(max_length=100)] | None = None


def rendition(
    request: Request[Any, Any, Any],
    item: Rendition,
    *,
    cache_control: str = REVALIDATE,
    headers: dict[str, str] | None = None,
) -> Response[bytes]:
    """Stored bytes with their ETag; 304 when the client has them already."""
    cache = {"ETag": item.etag, "Cache-Control": cache_control}
    if item.etag in request.headers.get("if-none-match", ""):
        return Response(b"", status_code=304, headers=cache)
    return Response(item.content, media_type=item.media_type, headers=cache | (headers or {}))


class DocumentsController(Controller):
    """`/documents...` except the upload (see `routes`)."""

    path = "/documents"
    tags = ["admin: documents"]  # noqa: RUF012 (Litestar declares it an instance field)

    @get("/", opt=problems(422))
    async def list_documents(
        self,
        admin: Admin,
        documents: Documents,
        status: FromQuery[JobState | None] = None,
        q: Annotated[str | None, Parameter(max_length=200, description="name contains")] = None,
        cursor: Annotated[str | None, Parameter(max_length=200)] = None,
        limit: Annotated[int, Parameter(ge=1, le=200)] = 50,
    ) -> Response[DocumentPage]:
        """Documents newest first, by status and name; `next_cursor` continues."""
        found = await documents.list_documents(
            admin, status=status, search=q, cursor=cursor, limit=limit
        )
        return Response(found, headers=NO_STORE)

    @get("/{document_id:uuid}", opt=problems(404))
    async def get_document(
        self, document_id: FromPath[UUID], admin: Admin, documents: Documents
    ) -> Response[DocumentView]:
        """One document with its newest job's progress."""
        return Response(await documents.get(admin, document_id), headers=NO_STORE)

    @delete("/{document_id:uuid}", opt=problems(404))
    async def delete_document(
        self, document_id: FromPath[UUID], admin: Admin, documents: Documents, client: Client
    ) -> None:
        """Delete the document, its results and (once unused) its files; a running job stops."""
        await documents.delete(admin, document_id, client)

    @get(
        "/{document_id:uuid}/analysis",
        opt=problems(404),
        media_type="application/json",
        operation_class=AnalysisReadOperation,
    )
    async def get_analysis(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        admin: Admin,
        documents: Documents,
        version: Version = None,
    ) -> Response[bytes]:
        """The hierarchy JSON (schema: `/api/v1/admin/schemas/hierarchy.json`)."""
        return rendition(request, await documents.analysis(admin, document_id, version))

    @put(
        "/{document_id:uuid}/analysis",
        opt=problems(404, 412, 413, 415, 422),
        request_max_body_size=MAX_ANALYSIS_BYTES,
        media_type="application/json",
        operation_class=AnalysisOperation,
    )
    async def save_edited(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        body: RawBody,
        admin: Admin,
        documents: Documents,
        client: Client,
    ) -> Response[bytes]:
        """Save a corrected version beside the original (validated against the schema; element
        IDs stay stable); send `If-Match` with the version's ETag to refuse lost updates."""
        require_json_media_type(request.content_type[0], body)
        if_match = request.headers.get("if-match")
        saved = await documents.save_edited(admin, document_id, body, client, if_match)
        return rendition(request, saved)

    @patch(
        "/{document_id:uuid}/analysis/elements/{element_id:str}",
        opt=problems(404, 412, 422),
        media_type="application/json",
        operation_class=AnalysisReadOperation,
    )
    async def edit_element(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        element_id: Annotated[str, Parameter(max_length=20, pattern=r"^ID-[1-9][0-9]*$")],
        data: JSONBody[ElementChange],
        admin: Admin,
        documents: Documents,
        client: Client,
    ) -> Response[bytes]:
        """Correct one element of the current version (or move it in the reading order) and
        save the result as the edited version; the section tree follows the new levels."""
        edit = ElementEdit(element_id=element_id, **msgspec.structs.asdict(data))
        if_match = request.headers.get("if-match")
        saved = await documents.edit_element(admin, document_id, edit, client, if_match)
        return rendition(request, saved)

    @post("/{document_id:uuid}/analysis/reset", status_code=200, opt=problems(404))
    async def reset_analysis(
        self, document_id: FromPath[UUID], admin: Admin, documents: Documents, client: Client
    ) -> Response[DocumentView]:
        """Drop the edited version: the original is served again."""
        return Response(await documents.reset(admin, document_id, client), headers=NO_STORE)

    @get("/{document_id:uuid}/markdown", opt=problems(404), media_type="text/markdown")
    async def get_markdown(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        admin: Admin,
        documents: Documents,
        version: Version = None,
    ) -> Response[bytes]:
        """Markdown with real heading levels."""
        return rendition(request, await documents.export(admin, document_id, "markdown", version))

    @get("/{document_id:uuid}/text", opt=problems(404), media_type="text/plain")
    async def get_text(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        admin: Admin,
        documents: Documents,
        version: Version = None,
    ) -> Response[bytes]:
        """Plain text in reading order."""
        return rendition(request, await documents.export(admin, document_id, "text", version))

    @get(
        "/{document_id:uuid}/export",
        opt=problems(404),
        media_type="application/octet-stream",
        operation_class=ExportOperation,
    )
    async def export(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        admin: Admin,
        documents: Documents,
        format: FromQuery[ExportFormat] = "json",
        version: Version = None,
    ) -> Response[bytes]:
        """The result as a file to save (JSON, Markdown or text)."""
        found: Export = await documents.export(admin, document_id, format, version)
        disposition = f"attachment; filename*=UTF-8''{quote(found.filename, safe='')}"
        return rendition(request, found, headers={"Content-Disposition": disposition})

    @get(
        "/{document_id:uuid}/pages/{page:int}/image",
        opt=problems(404, 422),
        media_type="image/png",
    )
    async def page_image(
        self,
        request: Request[Any, Any, Any],
        document_id: FromPath[UUID],
        page: FromPath[int],
        admin: Admin,
        documents: Documents,
    ) -> Response[bytes]:
        """The page as PNG (element boxes are in PDF points of the page's width and height)."""
        image = await documents.page_image(admin, document_id, page)
        return rendition(request, image, cache_control="private, max-age=86400")

    @post(
        "/{document_id:uuid}/reprocess",
        status_code=202,
        opt=problems(404, 409, 422),
        operation_class=ReprocessOperation,
    )
    async def reprocess(
        self,
        document_id: FromPath[UUID],
        admin: Admin,
        documents: Documents,
        client: Client,
        data: JSONBody[ReprocessBody | None] = None,
    ) -> Response[JobView]:
        """Analyse the document again in a new job (the edited version is kept)."""
        languages = data.languages if data else None
        job = await documents.reprocess(admin, document_id, languages, client)
        return Response(job, status_code=202, headers=NO_STORE)
