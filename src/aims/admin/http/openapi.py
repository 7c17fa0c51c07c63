"""What the OpenAPI document says about the admin API's bodies and errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType


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
