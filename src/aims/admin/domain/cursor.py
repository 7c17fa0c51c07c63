"""Keyset positions of the document list, as opaque cursors."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from uuid import UUID

from aims.admin.domain.errors import InvalidRequest


def encode_cursor(created_at: datetime, document_id: UUID) -> str:
    """The cursor that continues after this document."""
    raw = f"{created_at.isoformat()}|{document_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, UUID] | None:
    """The position a cursor names; None when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        created_at, document_id = raw.split("|")
        position = datetime.fromisoformat(created_at), UUID(document_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return position if position[0].tzinfo is not None else None


def position_of(cursor: str | None) -> tuple[datetime, UUID] | None:
    """Where a list continues: None from the start; `InvalidRequest` for a foreign cursor."""
    if not cursor:
        return None
    position = decode_cursor(cursor)
    if position is None:
        raise InvalidRequest(
            "The cursor is not valid.",
            errors=[{"field": "cursor", "message": "not a cursor from this list"}],
        )
    return position
