"""What the OpenAPI document says about the admin API's bodies and answers where the routes
read or write raw bytes (Litestar would document them as strings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.openapi.spec import (
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIType


def _string(description: str, **extra: Any) -> Schema:
    return Schema(type=OpenAPIType.STRING, description=description, **extra)


UPLOAD_FORM = Schema(
    type=OpenAPIType.OBJECT,
    required=["file"],
    additional_properties=False,
    properties={
        "file": _string("PDF, PNG, JPEG or TIFF; its type is read from the bytes", format="binary"),
        "languages": _string("Tesseract languages, default AIMS_OCR_LANGUAGES (jpn+eng)"),
        "name": _string("name to list the document under; default the file's name"),
        "allow_duplicate": _string(
            "true: store a file already stored as another document; true/false (also 1/0,"
            " on/off, yes/no), anything else is refused with 422"
        ),
    },
)


ANALYSIS = Schema(
    type=OpenAPIType.OBJECT,
    description="Hierarchy JSON; its schema is GET /api/v1/admin/schemas/hierarchy.json",
)


TEXT = Schema(type=OpenAPIType.STRING)
JSON_SCHEMA = Schema(type=OpenAPIType.OBJECT, description="a JSON Schema (draft 2020-12)")
REPROCESS = Schema(
    type=[OpenAPIType.OBJECT, OpenAPIType.NULL],
    additional_properties=False,
    properties={
        "languages": Schema(
            type=[OpenAPIType.STRING, OpenAPIType.NULL],
            description="Tesseract languages for the new job; default the document's",
            max_length=100,
        )
    },
)


def _answer(operation: Operation, contents: dict[str, Schema]) -> None:
    """The 200 answer's media types and their schemas."""
    answer = (operation.responses or {}).get("200")
    if isinstance(answer, OpenAPIResponse):
        answer.content = {
            name: OpenAPIMediaType(schema=schema) for name, schema in contents.items()
        }


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
        _answer(self, {"application/json": ANALYSIS})


@dataclass
class AnalysisReadOperation(Operation):
    """Reading the analysis, or correcting one element, answers the version's JSON bytes."""

    def __post_init__(self) -> None:
        _answer(self, {"application/json": ANALYSIS})


@dataclass
class ExportOperation(Operation):
    """An export is the analysis JSON, Markdown or plain text, by `format`."""

    def __post_init__(self) -> None:
        _answer(self, {"application/json": ANALYSIS, "text/markdown": TEXT, "text/plain": TEXT})


@dataclass
class SchemaOperation(Operation):
    """The hierarchy schema is itself a JSON object."""

    def __post_init__(self) -> None:
        _answer(self, {"application/schema+json": JSON_SCHEMA})


@dataclass
class ReprocessOperation(Operation):
    """Reprocessing takes an optional body: without one, the document's languages are kept."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content={"application/json": OpenAPIMediaType(schema=REPROCESS)}, required=False
        )
