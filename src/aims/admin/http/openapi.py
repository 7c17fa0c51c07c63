"""What the OpenAPI document says about the admin API's bodies and errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """An RFC 9457 problem document (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[dict[str, str]] = msgspec.field(default_factory=list)
    request_id: str | None = None


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """Problem-document responses for each status, plus the 401 and 403 of every admin route."""
    described = {
        400: "Malformed request",
        401: "No valid access token",
        403: "Not an administrator",
        404: "No such document, job or page",
        409: "Conflicts with the document's or job's state",
        412: "The If-Match version is no longer current",
        413: "Too large: file, pages or page pixels",
        415: "Not a PDF, PNG, JPEG or TIFF (or not multipart/form-data)",
        422: "Not acceptable: names the fields or the first violations",
    }
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=described[status],
            media_type="application/problem+json",
        )
        for status in sorted({401, 403, *statuses})
    }


def _string(description: str, **extra: Any) -> Schema:
    return Schema(type=OpenAPIType.STRING, description=description, **extra)


UPLOAD_FORM = Schema(
    type=OpenAPIType.OBJECT,
    required=["file"],
    properties={
        "file": _string("PDF, PNG, JPEG or TIFF; its type is read from the bytes", format="binary"),
        "languages": _string("Tesseract languages, default AIMS_OCR_LANGUAGES (jpn+eng)"),
        "name": _string("name to list the document under; default the file's name"),
        "allow_duplicate": _string("true: store a file already stored as another document"),
    },
)


ANALYSIS = Schema(
    type=OpenAPIType.OBJECT,
    description="Hierarchy JSON; its schema is GET /api/v1/admin/schemas/hierarchy.json",
)


@dataclass
class UploadOperation(Operation):
    """The upload route reads its multipart body as a stream; this documents that body."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content={"multipart/form-data": OpenAPIMediaType(schema=UPLOAD_FORM)}, required=True
        )


@dataclass
class AnalysisOperation(Operation):
    """Saving an edit reads the raw JSON (stored as sent); this documents that body."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content={"application/json": OpenAPIMediaType(schema=ANALYSIS)}, required=True
        )
