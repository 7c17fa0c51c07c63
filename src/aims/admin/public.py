"""The admin context's document service, as `web`, the CLI and other contexts see it.

Documents are uploaded files (PDF, PNG, JPEG, TIFF) that a durable job analyses
page by page into the hierarchy JSON of `hierarchy_schema()`. An upload is two
calls: `receive` streams the bytes to a private spool (hashing them and
enforcing the size limit), `upload` checks them, refuses duplicates and queues
the job. Every call takes the acting administrator (`None` for the operator's
command line), and every change is audited. Names and texts are stored as
given; whoever renders them must escape them.
"""

from __future__ import annotations

from collections.abc import AsyncIterable
from datetime import datetime
from typing import Annotated, Any, Literal, Protocol
from uuid import UUID

import msgspec

from aims.admin.domain.element_edits import (
    ELEMENT_TYPES,
    HEADING_TYPES,
    MAX_ELEMENT_TEXT,
    MAX_LEVEL,
    ElementEdit,
)
from aims.admin.domain.errors import (
    AnalysisNotReady,
    DocumentNotFound,
    DocumentRefused,
    DuplicateDocument,
    InvalidAnalysis,
    InvalidRequest,
    JobConflict,
    JobNotFound,
    PageNotFound,
    PageUnreadable,
    VersionMismatch,
)
from aims.admin.domain.jobs import JobState, Stage
from aims.auth.public import (
    AccountState,
    AuditQuery,
    ClientInfo,
    Principal,
    Role,
    SessionView,
    UserChanges,
    UserStats,
)
from aims.kernel.messages import IntegrationEvent

__all__ = [
    "ELEMENT_TYPES",
    "HEADING_TYPES",
    "MAX_ANALYSIS_BYTES",
    "MAX_ELEMENT_TEXT",
    "MAX_LEVEL",
    "MAX_USER_SEARCH_LENGTH",
    "AccountAuditEntry",
    "AccountAuditPage",
    "AnalysisNotReady",
    "AnalysisVersion",
    "AuditEntry",
    "AuditPage",
    "AuditQuery",
    "ConsoleStats",
    "DocumentFailed",
    "DocumentNotFound",
    "DocumentOverview",
    "DocumentPage",
    "DocumentProcessed",
    "DocumentRefused",
    "DocumentView",
    "DocumentsFacade",
    "DuplicateDocument",
    "ElementEdit",
    "Export",
    "ExportFormat",
    "InvalidAnalysis",
    "InvalidRequest",
    "JobConflict",
    "JobEntry",
    "JobFailure",
    "JobNotFound",
    "JobPage",
    "JobState",
    "JobView",
    "ManagedUser",
    "ManagedUserPage",
    "PageImage",
    "PageNotFound",
    "PageUnreadable",
    "ReceivedFile",
    "Rendition",
    "Stage",
    "UploadLimits",
    "UploadRequest",
    "UserChanges",
    "UserFilter",
    "UsersFacade",
    "VersionMismatch",
]

MAX_ANALYSIS_BYTES = 64 * 1024 * 1024
"""The largest edited version `save_edited` accepts."""

AnalysisVersion = Literal["original", "edited"]
ExportFormat = Literal["json", "markdown", "text"]
Actor = Principal | None
Languages = Annotated[str, msgspec.Meta(max_length=100)]


class UploadLimits(msgspec.Struct, frozen=True, kw_only=True):
    """What an upload may be (AIMS_DOCUMENT_MAX_*), and the OCR languages by default."""

    max_bytes: int
    max_pages: int
    max_page_pixels: int
    default_languages: str


class ReceivedFile(msgspec.Struct, frozen=True, kw_only=True):
    """Bytes spooled by `receive`, waiting for `upload` (or `discard`)."""

    token: str
    size: int
    sha256: str


class UploadRequest(msgspec.Struct, frozen=True, kw_only=True):
    """How to file a received upload: its name, OCR languages, and whether a copy of a file
    that is already stored may become a second document."""

    filename: str
    languages: Languages | None = None
    allow_duplicate: bool = False


class JobView(msgspec.Struct, frozen=True, kw_only=True):
    """A processing job and its progress (`pages_done` of `page_total`, `stage`)."""

    id: UUID
    document_id: UUID
    state: JobState
    stage: Stage
    pages_done: int
    page_total: int
    attempt: int
    max_attempts: int
    languages: str
    cancel_requested: bool
    error: str | None
    error_code: str | None
    error_page: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    retry_at: datetime | None


class JobEntry(msgspec.Struct, frozen=True, kw_only=True):
    """A job in the job list, with the name of its document."""

    job: JobView
    document_name: str


class JobPage(msgspec.Struct, frozen=True, kw_only=True):
    """Jobs newest first; pass `next_cursor` for the next page."""

    items: tuple[JobEntry, ...]
    next_cursor: str | None = None


class DocumentView(msgspec.Struct, frozen=True, kw_only=True):
    """A document: the stored file, its newest job, and which results exist."""

    id: UUID
    name: str
    media_type: str
    size_bytes: int
    sha256: str
    page_count: int
    languages: str
    status: JobState
    job: JobView | None
    has_analysis: bool
    has_edited: bool
    created_at: datetime
    created_by: UUID | None
    updated_at: datetime


class DocumentPage(msgspec.Struct, frozen=True, kw_only=True):
    """Documents newest first; pass `next_cursor` for the next page."""

    items: tuple[DocumentView, ...]
    next_cursor: str | None = None


class Rendition(msgspec.Struct, frozen=True, kw_only=True):
    """Stored bytes with the validator (`etag`) that changes whenever they do."""

    content: bytes
    media_type: str
    etag: str


class Export(Rendition, frozen=True, kw_only=True):
    """A result as JSON, Markdown or text, with the file name to save it under."""

    version: AnalysisVersion
    filename: str


class PageImage(Rendition, frozen=True, kw_only=True):
    """A page rendered as PNG for the console (element boxes are in PDF points)."""


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One document action: who did it, when, to what, and what changed."""

    id: int
    occurred_at: datetime
    action: str
    actor_id: UUID | None
    actor_email: str | None
    document_id: UUID | None
    document_name: str | None
    job_id: UUID | None
    summary: str
    details: dict[str, Any]
    ip: str | None
    user_agent: str | None
    request_id: str | None


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """Audit entries newest first; pass `next_before` for older ones."""

    items: tuple[AuditEntry, ...]
    next_before: int | None = None


class JobFailure(msgspec.Struct, frozen=True, kw_only=True):
    """A job that gave up: which document, why, after how many attempts, when."""

    job_id: UUID
    document_id: UUID
    document_name: str
    error: str | None
    error_code: str | None
    error_page: int | None
    attempts: int
    finished_at: datetime | None


class DocumentOverview(msgspec.Struct, frozen=True, kw_only=True):
    """The document figures of the dashboard."""

    by_status: dict[str, int]
    queue_depth: int
    pages_since: int
    recent_failures: tuple[JobFailure, ...]


class DocumentsFacade(Protocol):
    """What `web`, the CLI and other contexts may ask of the document service."""

    def limits(self) -> UploadLimits:
        """The upload limits and default OCR languages."""
        ...

    def hierarchy_schema(self) -> bytes:
        """The JSON Schema every analysis (original and edited) satisfies."""
        ...

    async def receive(self, actor: Actor, chunks: AsyncIterable[bytes]) -> ReceivedFile:
        """Spool an upload's bytes; `DocumentRefused` (too_large) stops it at the limit."""
        ...

    async def discard(self, received: ReceivedFile) -> None:
        """Drop spooled bytes that will not be uploaded."""
        ...

    async def upload(
        self,
        actor: Actor,
        received: ReceivedFile,
        request: UploadRequest,
        client: ClientInfo | None = None,
    ) -> DocumentView:
        """Check the spooled file, store it and queue its job; `DocumentRefused` or
        `DuplicateDocument` leave nothing behind."""
        ...

    async def list_documents(
        self,
        actor: Actor,
        *,
        status: JobState | None = None,
        search: str | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> DocumentPage:
        """Documents newest first, by status and name (keyset pagination)."""
        ...

    async def get(self, actor: Actor, document_id: UUID) -> DocumentView:
        """One document."""
        ...

    async def delete(
        self, actor: Actor, document_id: UUID, client: ClientInfo | None = None
    ) -> None:
        """Delete a document, its results and (once no document uses them) its files."""
        ...

    async def analysis(
        self, actor: Actor, document_id: UUID, version: AnalysisVersion | None = None
    ) -> Export:
        """The hierarchy JSON (by default the edited version if there is one, else the
        original); `AnalysisNotReady` when the version does not exist (yet)."""
        ...

    async def save_edited(
        self,
        actor: Actor,
        document_id: UUID,
        content: bytes,
        client: ClientInfo | None = None,
        if_match: str | None = None,
    ) -> Export:
        """Store a corrected version beside the original; `InvalidAnalysis` names the first
        violations, `VersionMismatch` when `if_match` is not the current version's etag."""
        ...

    async def edit_element(
        self,
        actor: Actor,
        document_id: UUID,
        edit: ElementEdit,
        client: ClientInfo | None = None,
        if_match: str | None = None,
    ) -> Export:
        """Correct one element of the current version (text, type, level, or its place in the
        reading order) and store the result as the edited version; the section tree is
        rebuilt from the headings. `InvalidAnalysis` names what is wrong (`field` is
        `element_id`, `type`, `level`, `move` or a JSON pointer); `VersionMismatch` as in
        `save_edited`."""
        ...

    async def reset(
        self, actor: Actor, document_id: UUID, client: ClientInfo | None = None
    ) -> DocumentView:
        """Drop the edited version, so the original is served again."""
        ...

    async def export(
        self,
        actor: Actor,
        document_id: UUID,
        export_format: ExportFormat,
        version: AnalysisVersion | None = None,
    ) -> Export:
        """The result as JSON, Markdown or text (the edited version when there is one)."""
        ...

    async def page_image(self, actor: Actor, document_id: UUID, page: int) -> PageImage:
        """Page `page` (1-based) as PNG, rendered once and kept."""
        ...

    async def reprocess(
        self,
        actor: Actor,
        document_id: UUID,
        languages: str | None = None,
        client: ClientInfo | None = None,
    ) -> JobView:
        """Analyse the document again in a new job; the edited version is kept."""
        ...

    async def job(self, actor: Actor, job_id: UUID) -> JobView:
        """A job's state and progress."""
        ...

    async def list_jobs(
        self,
        actor: Actor,
        *,
        state: JobState | None = None,
        cursor: str | None = None,
        limit: int = 50,
    ) -> JobPage:
        """Jobs newest first, optionally in one state (keyset pagination)."""
        ...

    async def cancel(self, actor: Actor, job_id: UUID, client: ClientInfo | None = None) -> JobView:
        """Cancel a queued job, or stop a running one after the pages in progress."""
        ...

    async def retry(self, actor: Actor, job_id: UUID, client: ClientInfo | None = None) -> JobView:
        """Queue a failed or cancelled job again; the pages it finished are kept."""
        ...

    async def audit(
        self,
        actor: Actor,
        *,
        document_id: UUID | None = None,
        before: int | None = None,
        limit: int = 50,
    ) -> AuditPage:
        """Document actions newest first, optionally of one document."""
        ...

    async def overview(self, actor: Actor, since: datetime) -> DocumentOverview:
        """Documents by status, jobs waiting or running, pages finished since `since`, and
        the newest failed jobs."""
        ...


class DocumentProcessed(IntegrationEvent, frozen=True, kw_only=True):
    """A job finished: the document's original analysis is new."""

    document_id: UUID
    job_id: UUID
    page_count: int
    analysis_sha256: str


class DocumentFailed(IntegrationEvent, frozen=True, kw_only=True):
    """A job gave up after its last attempt; `reason` says why."""

    document_id: UUID
    job_id: UUID
    reason: str
    attempts: int


MAX_USER_SEARCH_LENGTH = 254
"""The longest text a user search takes (an e-mail address at most)."""


class UserFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Which users to list: e-mail or name containing `search`, of `role`, in `state`; after
    `cursor` (keyset, by e-mail)."""

    search: str | None = None
    role: Role | None = None
    state: AccountState | None = None
    cursor: str | None = None
    limit: int = 50


class ManagedUser(msgspec.Struct, frozen=True, kw_only=True):
    """An account as the console lists it: auth's view with the profile's display name."""

    id: UUID
    email: str
    display_name: str | None
    role: Role
    state: AccountState
    email_verified: bool
    mfa_enabled: bool
    created_at: datetime
    locked_until: datetime | None = None


class ManagedUserPage(msgspec.Struct, frozen=True, kw_only=True):
    """Users by e-mail; pass `next_cursor` as `cursor` for the next page."""

    items: tuple[ManagedUser, ...]
    next_cursor: str | None = None


class AccountAuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """A security or account event with the e-mail of who did it."""

    id: int
    occurred_at: datetime
    action: str
    result: str
    actor_id: UUID | None
    actor_email: str | None
    subject_id: UUID | None
    subject_email: str | None
    ip: str | None
    user_agent: str | None
    request_id: str | None
    details: dict[str, str]


class AccountAuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """Account events newest first; pass `next_before` as `before` for older ones."""

    items: tuple[AccountAuditEntry, ...]
    next_before: int | None = None


class ConsoleStats(msgspec.Struct, frozen=True, kw_only=True):
    """The dashboard's figures: accounts, documents, the queue and recent failures."""

    users: UserStats
    documents: DocumentOverview
    since: datetime


class UsersFacade(Protocol):
    """User administration for the console and the admin API: auth's accounts with the
    profiles' names. Every call takes the acting administrator; changes are audited by auth."""

    async def list_users(self, actor: Principal, wanted: UserFilter) -> ManagedUserPage:
        """Users by e-mail, filtered, keyset-paginated."""
        ...

    async def get_user(self, actor: Principal, user_id: UUID) -> ManagedUser:
        """One account (`NotFound` from auth when it does not exist)."""
        ...

    async def change_user(
        self, actor: Principal, user_id: UUID, changes: UserChanges, client: ClientInfo
    ) -> ManagedUser:
        """Change role (super_admin) and/or state; the user's sessions end at once."""
        ...

    async def unlock(self, actor: Principal, user_id: UUID, client: ClientInfo) -> ManagedUser:
        """Lift a brute-force lock."""
        ...

    async def revoke_sessions(self, actor: Principal, user_id: UUID, client: ClientInfo) -> None:
        """End every session of the account."""
        ...

    async def sessions(self, actor: Principal, user_id: UUID) -> list[SessionView]:
        """The account's live sessions."""
        ...

    async def audit(self, actor: Principal, query: AuditQuery) -> AccountAuditPage:
        """Account and security events newest first, filtered."""
        ...

    async def stats(self, actor: Principal, since: datetime) -> ConsoleStats:
        """The dashboard's figures (pages counted from `since`)."""
        ...
