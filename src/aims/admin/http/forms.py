"""The upload form, streamed: the file part goes to the spool as it arrives, never to memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from litestar import Request
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from multipart import (
    MultipartError,
    MultipartSegment,
    ParserLimitReached,
    PushMultipartParser,
    parse_options_header,
)

from aims.admin.domain.uploads import REFUSAL_STATUS
from aims.admin.public import DocumentRefused, DocumentsFacade, ReceivedFile
from aims.auth.public import Principal

MAX_FIELD_BYTES = 1024
MAX_PARTS = 8
FILE_FIELD = "file"

Event: TypeAlias = MultipartSegment | bytes | None


@dataclass
class UploadForm:
    """What the form held: the spooled file (if any), its name, and the text fields."""

    received: ReceivedFile | None = None
    filename: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def _refused(code: str, detail: str, status: int, field: str | None = None) -> DocumentRefused:
    refused = DocumentRefused(code, detail, status)
    if field is not None:
        refused.errors = [{"field": field[:100], "message": detail}]
    return refused


async def read_upload_form(
    request: Request[Any, Any, Any], documents: DocumentsFacade, admin: Principal
) -> UploadForm:
    """Parse `multipart/form-data` from the request stream; the spooled file is discarded
    when anything goes wrong."""
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type != "multipart/form-data" or not options.get("boundary"):
        raise _refused(
            "invalid_upload", "Send the file as multipart/form-data (field `file`).", 415
        )
    form = UploadForm()
    try:
        await _fill(form, _events(request, options["boundary"]), documents, admin)
    except BaseException:
        if form.received is not None:
            await documents.discard(form.received)
        raise
    return form


async def _fill(
    form: UploadForm, events: AsyncIterator[Event], documents: DocumentsFacade, admin: Principal
) -> None:
    async for event in events:
        if not isinstance(event, MultipartSegment):
            continue
        if event.name == FILE_FIELD and event.filename is not None and form.received is None:
            form.filename = event.filename
            form.received = await documents.receive(admin, _part(events))
        else:
            form.fields[event.name or ""] = await _field(events, event.name or "")


async def _events(request: Request[Any, Any, Any], boundary: str) -> AsyncIterator[Event]:
    try:
        with PushMultipartParser(boundary, max_segment_count=MAX_PARTS) as parser:
            async for chunk in request.stream():
                for event in parser.parse(chunk):
                    yield event
    except ParserLimitReached as error:
        raise _refused("invalid_upload", f"The form is too large: {error}.", 413) from None
    except MultipartError as error:
        raise _refused(
            "invalid_upload", f"The form is not valid multipart data: {error}", 400
        ) from None
    except RequestEntityTooLarge:
        raise _refused(
            "too_large", "The upload is larger than allowed.", REFUSAL_STATUS["too_large"]
        ) from None


async def _part(events: AsyncIterator[Event]) -> AsyncIterator[bytes]:
    async for event in events:
        if event is None:
            return
        if isinstance(event, bytes):
            yield event


async def _field(events: AsyncIterator[Event], name: str) -> str:
    value = b""
    async for chunk in _part(events):
        value += chunk
        if len(value) > MAX_FIELD_BYTES:
            raise _refused(
                "invalid_upload", f"A form field is longer than {MAX_FIELD_BYTES} bytes.", 400
            )
    text = value.decode("utf-8", errors="replace")
    if "\x00" in text:
        raise _refused("invalid_upload", "The form field holds a NUL character.", 400, name)
    return text
