"""The admin router: every route behind `admin_only`; the upload with its own body limit."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import Provide

from aims.admin.http.documents import NO_STORE, Admin, Client, Documents, DocumentsController
from aims.admin.http.forms import read_upload_form
from aims.admin.http.guard import admin_only, provide_admin
from aims.admin.http.jobs import AuditController, JobsController
from aims.admin.http.openapi import SchemaOperation, UploadOperation
from aims.admin.http.users import AccountAuditController, UsersController, stats
from aims.admin.public import DocumentView, InvalidRequest, UploadRequest
from aims.kernel.openapi import problems
from aims.kernel.query import read_flag

PREFIX = "/api/v1/admin"
FORM_OVERHEAD = 64 * 1024
"""Room in the request body for the form's headers and text fields beside the file."""

FORM_FIELDS = frozenset({"languages", "name", "allow_duplicate"})
"""The text fields of the upload form besides `file`; any other is refused, as in JSON."""


def upload_route(max_bytes: int) -> Any:
    """`POST /documents`, accepting a body of the file limit plus the form's overhead."""

    @post(
        "/documents",
        status_code=202,
        request_max_body_size=max_bytes + FORM_OVERHEAD,
        operation_class=UploadOperation,
        opt=problems(400, 409, 413, 415, 422, 507),
        tags=["admin: documents"],
    )
    async def upload_document(
        request: Request[Any, Any, Any], admin: Admin, documents: Documents, client: Client
    ) -> Response[DocumentView]:
        """Upload a PDF, PNG, JPEG or TIFF (multipart field `file`); it is checked, stored
        once by its sha256 and queued for analysis. A refusal stores nothing."""
        form = await read_upload_form(request, documents, admin)
        allow_duplicate = read_flag(form.fields.get("allow_duplicate"))
        if form.received is not None and (refusal := _refusal(form.fields, allow_duplicate)):
            await documents.discard(form.received)
            raise refusal
        if form.received is None:
            raise InvalidRequest(
                "Send the document in the form field `file`.",
                errors=[{"field": "file", "message": "required"}],
            )
        upload = UploadRequest(
            filename=form.fields.get("name") or form.filename or "",
            languages=form.fields.get("languages") or None,
            allow_duplicate=bool(allow_duplicate),
        )
        document = await documents.upload(admin, form.received, upload, client)
        headers = NO_STORE | {"Location": f"{PREFIX}/documents/{document.id}"}
        return Response(document, status_code=202, headers=headers)

    return upload_document


def _refusal(fields: dict[str, str], allow_duplicate: bool | None) -> InvalidRequest | None:
    """What is wrong with the form's text fields: one the route does not take, or a flag
    that is neither yes nor no."""
    if unknown := sorted(fields.keys() - FORM_FIELDS):
        return InvalidRequest(
            "The form holds a field this route does not take.",
            errors=[{"field": name[:100], "message": "unknown field"} for name in unknown],
        )
    if allow_duplicate is None:
        return InvalidRequest(
            "`allow_duplicate` is a yes/no field: send true or false.",
            errors=[{"field": "allow_duplicate", "message": "not true or false"}],
        )
    return None


@get(
    "/schemas/hierarchy.json",
    media_type="application/schema+json",
    operation_class=SchemaOperation,
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
