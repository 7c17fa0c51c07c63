"""The console's upload form: the file handed to the document service in pieces, and every
refusal as a message in the administrator's language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.exceptions import ClientException
from litestar.exceptions.http_exceptions import RequestEntityTooLarge

from aims.admin.public import (
    DocumentRefused,
    DocumentsFacade,
    DocumentView,
    DuplicateDocument,
    InvalidRequest,
    UploadRequest,
)
from aims.auth.public import ClientInfo, Principal
from aims.kernel.query import read_flag
from aims.kernel.text import unstorable, without_unstorable
from aims.web.admin.document_labels import FILE_REFUSALS
from aims.web.forms import N_

CHUNK_BYTES = 1024 * 1024
FORM_OVERHEAD = 64 * 1024
"""Room in the request body for the form's other fields beside the file."""
MAX_NAME = 255
TEXT_FIELDS = ("languages", "allow_duplicate", "name")
MAX_LANGUAGES = 100

REFUSALS = {
    **FILE_REFUSALS,
    "invalid_upload": N_("The form could not be read. Please try again."),
    "required": N_("Choose a file to upload."),
    "languages": N_("Choose installed OCR languages, such as jpn+eng."),
    "duplicate": N_("This file has already been uploaded."),
    "allow_duplicate": N_("The form could not be read: the duplicate option is not yes or no."),
    "unstorable": N_(
        "A field contains a character that is not allowed (a control character such as NUL)."
        " Remove it and try again."
    ),
}


@dataclass(frozen=True)
class UploadOutcome:
    """The stored document, or why not (a `REFUSALS` key, and the stored copy's id), with the
    form's other fields as sent (to show them again)."""

    document: DocumentView | None = None
    problem: str | None = None
    duplicate_of: UUID | None = None
    status: int = 200
    languages: str = ""
    allow_duplicate: bool = False
    text_field: str | None = None
    """The text field the refusal is about, when it is not the one its problem names."""

    @property
    def field_at_fault(self) -> str | None:
        """The form field the refusal is about: a text field (the OCR languages, the duplicate
        option), else the file."""
        if self.problem is None:
            return None
        if self.text_field is not None:
            return self.text_field
        return self.problem if self.problem in ("languages", "allow_duplicate") else "file"


async def _pieces(upload: UploadFile) -> AsyncIterator[bytes]:
    while piece := await upload.read(CHUNK_BYTES):
        yield piece


def _text(form: Any, name: str, limit: int) -> str:
    value = form.get(name)
    return without_unstorable(value).strip()[:limit] if isinstance(value, str) else ""


def _unstorable_field(form: Any) -> str | None:
    """The first text field holding a NUL (the route lets it through to be shown here)."""
    return next((name for name in TEXT_FIELDS if unstorable(_raw_text(form, name))), None)


def _raw_text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def upload_from_form(
    request: Request[Any, Any, Any],
    documents: DocumentsFacade,
    admin: Principal,
    client: ClientInfo,
) -> UploadOutcome:
    """Read the form (bounded by the route's body limit) and upload its file."""
    try:
        form = await request.form()
    except RequestEntityTooLarge:
        return UploadOutcome(problem="too_large", status=413)
    except ClientException:
        return UploadOutcome(problem="invalid_upload", status=400)
    allow_duplicate = read_flag(form.get("allow_duplicate"))
    sent = UploadOutcome(
        languages=_text(form, "languages", MAX_LANGUAGES), allow_duplicate=bool(allow_duplicate)
    )
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return replace(sent, problem="required", status=422)
    if (field := _unstorable_field(form)) is not None:
        await upload.close()
        return replace(sent, problem="unstorable", text_field=field, status=422)
    if allow_duplicate is None:
        await upload.close()
        return replace(sent, problem="allow_duplicate", status=422)
    wanted = UploadRequest(
        filename=_text(form, "name", MAX_NAME) or upload.filename[:MAX_NAME],
        languages=sent.languages or None,
        allow_duplicate=sent.allow_duplicate,
    )
    try:
        outcome = await _filed(documents, admin, upload, wanted, client)
    finally:
        await upload.close()
    return replace(outcome, languages=sent.languages, allow_duplicate=sent.allow_duplicate)


async def _filed(
    documents: DocumentsFacade,
    admin: Principal,
    upload: UploadFile,
    wanted: UploadRequest,
    client: ClientInfo,
) -> UploadOutcome:
    try:
        received = await documents.receive(admin, _pieces(upload))
        return UploadOutcome(document=await documents.upload(admin, received, wanted, client))
    except DuplicateDocument as duplicate:
        return UploadOutcome(problem="duplicate", duplicate_of=duplicate.document_id, status=409)
    except DocumentRefused as refused:
        problem = refused.code if refused.code in REFUSALS else "invalid_upload"
        return UploadOutcome(problem=problem, status=refused.status)
    except InvalidRequest as invalid:
        return UploadOutcome(problem="languages", status=invalid.status)
