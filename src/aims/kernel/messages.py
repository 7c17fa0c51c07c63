"""Pure message types shared by every context's public contract."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import msgspec


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class IntegrationEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A fact one context publishes for others; delivered at least once.

    Subclasses live in a context's `public` module; handlers must be idempotent.
    """

    event_id: UUID = msgspec.field(default_factory=uuid4)
    occurred_at: datetime = msgspec.field(default_factory=utcnow)

    @classmethod
    def event_type(cls) -> str:
        """The stable name the event is stored and routed under."""
        return cls.__name__


class RequestBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Base of a JSON request body: a field the API does not know is refused, not ignored."""


class AppError(Exception):
    """An error a client can act on; rendered as an RFC 9457 problem document.

    Subclasses set `status`, `code` and `title`; `detail` says what happened and
    `errors` names bad fields (`{"field": ..., "message": ...}`).
    """

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(self, detail: str = "", *, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors or []
