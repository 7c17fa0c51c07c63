"""The document service's errors, each answered as a problem document (see `public`)."""

from __future__ import annotations

from uuid import UUID

from aims.kernel.messages import AppError


class DocumentNotFound(AppError):
    """No document with that id."""

    status = 404
    code = "document_not_found"
    title = "Document not found"


class JobNotFound(AppError):
    """No job with that id."""

    status = 404
    code = "job_not_found"
    title = "Job not found"


class PageNotFound(AppError):
    """The document has no page with that number."""

    status = 404
    code = "page_not_found"
    title = "Page not found"


class PageUnreadable(AppError):
    """The page cannot be rendered: it needs more memory than allowed, or is damaged."""

    status = 422
    code = "page_unreadable"
    title = "Page cannot be rendered"


class AnalysisNotReady(AppError):
    """The version asked for does not exist (yet)."""

    status = 404
    code = "analysis_not_ready"
    title = "Analysis not available"


class DocumentRefused(AppError):
    """An upload that cannot be accepted; `code` is one of the engine's refusal codes
    (empty, unsupported_type, ambiguous_type, too_large, too_many_pages, page_too_large,
    encrypted, embedded_files, corrupt), `invalid_upload` or `storage_full`, and `status` fits
    it (413, 415, 422, 507)."""

    def __init__(self, code: str, detail: str, status: int) -> None:
        super().__init__(detail)
        self.code = code
        self.status = status
        self.title = "Document refused"


class DuplicateDocument(AppError):
    """The same bytes are already stored as `document_id`."""

    status = 409
    code = "duplicate_document"
    title = "Document already uploaded"

    def __init__(self, document_id: UUID, name: str) -> None:
        super().__init__(f"This file is already stored as document {document_id} ({name}).")
        self.document_id = document_id


class InvalidAnalysis(AppError):
    """An edited version breaks the hierarchy schema or the editing rules."""

    status = 422
    code = "invalid_analysis"
    title = "The analysis is not valid"


class InvalidRequest(AppError):
    """A parameter or form field is not acceptable; `errors` names each."""

    status = 422
    code = "validation_failed"
    title = "Validation failed"


class VersionMismatch(AppError):
    """`If-Match` named a version that is no longer the current one."""

    status = 412
    code = "version_mismatch"
    title = "The analysis changed meanwhile"


class JobConflict(AppError):
    """The job (or document) is in a state that does not allow this."""

    status = 409
    code = "job_conflict"
    title = "Not possible in the job's state"
