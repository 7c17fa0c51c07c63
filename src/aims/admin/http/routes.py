"""The admin router: every route behind `admin_only`; the upload with its own body limit."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import Provide

from aims.admin.http.documents import NO_STORE, Admin, Client, Documents, DocumentsController
from aims.admin.http.forms import read_upload_form
from aims.admin.http.guard import admin_only, provide_admin
from aims.admin.http.jobs import AuditController, JobsController
from aims.admin.http.openapi import UploadOperation
from aims.admin.http.users import AccountAuditController, UsersController, stats
from aims.admin.public import DocumentView, InvalidRequest, UploadRequest
from aims.kernel.openapi import problems

PREFIX = "/api/v1/admin"
FORM_OVERHEAD = 64 * 1024
"""Room in the request body for the form's headers and text fields beside the file."""

_TRUE = {"1", "true", "yes", "on"}


def upload_route(max_bytes: int) -> Any:
    """`POST /documents`, accepting a body of the file limit plus the form's overhead."""

    @post(
        "/documents",
        status_code=202,
        request_max_body_size=max_bytes + FORM_OVERHEAD,
        operation_class=UploadOperation,
        opt=problems(400, 409, 413, 415, 422),
        tags=["admin: documents"],
    )
    async def upload_document(
        request: Request[Any, Any, Any], admin: Admin, documents: Documents, client: Client
    ) -> Response[DocumentView]:
        """Upload a PDF, PNG, JPEG or TIFF (multipart field `file`); it is checked, stored
        once by its sha256 and queued for analysis. A refusal stores nothing."""
        form = await read_upload_form(request, documents, admin)
        if form.received is None:
            raise InvalidRequest(
                "Send the document in the form field `file`.",
                errors=[{"field": "file", "message": "required"}],
            )
        upload = UploadRequest(
            filename=form.fields.get("name") or form.filename or "",
            languages=form.fields.get("languages") or None,
            allow_duplicate=form.fields.get("allow_duplicate", "").strip().lower() in _TRUE,
        )
        document = await documents.upload(admin, form.received, upload, client)
        headers = NO_STORE | {"Location": f"{PREFIX}/documents/{document.id}"}
        return Response(document, status_code=202, headers=headers)

    return upload_document


@get(
    "/schemas/hierarchy.json",
    media_type="application/schema+json",
    opt=problems(),
    tags=["admin: documents"],
)
async def hierarchy_schema(admin: Admin, documents: Documents) -> Response[bytes]:
    """The JSON Schema every analysis satisfies, original or edited (the project's own)."""
    return Response(
        documents.hierarchy_schema(), headers={"Cache-Control": "private, max-age=3600"}
    )


def admin_router(max_upload_bytes: int, *, require_mfa: bool) -> Router:
    """Everything under /api/v1/admin."""
    return Router(
        path=PREFIX,
        guards=[admin_only(require_mfa=require_mfa)],
        dependencies={"admin": Provide(provide_admin, sync_to_thread=False)},
        route_handlers=[
            upload_route(max_upload_bytes),
            DocumentsController,
            JobsController,
            AuditController,
            hierarchy_schema,
            UsersController,
            AccountAuditController,
            stats,
        ],
    )
