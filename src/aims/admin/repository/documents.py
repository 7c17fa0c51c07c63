"""SQL of documents: the listing (keyset), one document with its newest job, removal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, Select, delete, exists, func, insert, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from aims.admin.domain.jobs import JobState
from aims.admin.models import analyses, documents, jobs
from aims.admin.public import DocumentView
from aims.admin.repository.jobs import COLUMNS as JOB_COLUMNS
from aims.admin.repository.jobs import record as job_record

_DOCUMENT_COLUMNS = [
    documents.c[name]
    for name in DocumentView.__struct_fields__
    if name in documents.c and name != "status"
]
_JOB_LABELS = [column.label(f"job_{column.name}") for column in JOB_COLUMNS]


def _version_exists(version: str) -> Any:
    return exists().where(analyses.c.document_id == documents.c.id, analyses.c.version == version)


def _views() -> Select[Any]:
    return select(
        *_DOCUMENT_COLUMNS,
        documents.c.status,
        _version_exists("original").label("has_analysis"),
        _version_exists("edited").label("has_edited"),
        *_JOB_LABELS,
    ).outerjoin(jobs, jobs.c.id == documents.c.current_job_id)


def _view(row: Row[Any]) -> DocumentView:
    values = row._asdict()
    job_values = {key[4:]: values.pop(key) for key in list(values) if key.startswith("job_")}
    job = None if job_values["id"] is None else job_record(job_values).view()
    return DocumentView(**values | {"status": JobState(values["status"]), "job": job})


@dataclass(frozen=True)
class StoredDocument:
    """What processing needs to know of a document's file."""

    id: UUID
    name: str
    sha256: str
    media_type: str
    page_count: int


async def stored(session: AsyncSession, document_id: UUID) -> StoredDocument | None:
    """The document's file facts, if the document exists."""
    columns = [documents.c[name] for name in StoredDocument.__dataclass_fields__]
    row = (await session.execute(select(*columns).where(documents.c.id == document_id))).first()
    return None if row is None else StoredDocument(**row._asdict())


async def insert_document(session: AsyncSession, **values: Any) -> None:
    """A new document row."""
    await session.execute(insert(documents).values(**values))


async def view(session: AsyncSession, document_id: UUID) -> DocumentView | None:
    """One document with its newest job."""
    row = (await session.execute(_views().where(documents.c.id == document_id))).first()
    return None if row is None else _view(row)


async def page(
    session: AsyncSession,
    *,
    status: JobState | None,
    search: str | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[DocumentView]:
    """Documents newest first, after the keyset position `after`."""
    query = _views().order_by(documents.c.created_at.desc(), documents.c.id.desc()).limit(limit)
    if status is not None:
        query = query.where(documents.c.status == status)
    if search:
        query = query.where(documents.c.name.ilike(_contains(search), escape="\\"))
    if after is not None:
        created_at, document_id = after
        # A row comparison, which the (created_at, id) index answers: a deep page reads only
        # its own rows (an OR of the two columns was a filter over every newer row).
        query = query.where(
            tuple_(documents.c.created_at, documents.c.id) < tuple_(created_at, document_id)
        )
    return [_view(row) for row in await session.execute(query)]


def _contains(text_: str) -> str:
    escaped = text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def named_copy(session: AsyncSession, sha256: str) -> tuple[UUID, str] | None:
    """A document holding the file with this hash (the oldest), if any."""
    row = (
        await session.execute(
            select(documents.c.id, documents.c.name)
            .where(documents.c.sha256 == sha256)
            .order_by(documents.c.created_at)
            .limit(1)
        )
    ).first()
    return None if row is None else (row.id, row.name)


async def lock_row(session: AsyncSession, document_id: UUID) -> bool:
    """Hold the document's row until the transaction ends; whether it exists."""
    row = await session.execute(
        select(documents.c.id).where(documents.c.id == document_id).with_for_update()
    )
    return row.first() is not None


async def lock_file(session: AsyncSession, sha256: str) -> None:
    """Serialise, until this transaction ends, everything that stores or deletes this file."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": sha256}
    )


async def in_use(session: AsyncSession, sha256s: set[str]) -> set[str]:
    """Which of these file hashes some document still holds."""
    if not sha256s:
        return set()
    rows = await session.execute(
        select(documents.c.sha256).distinct().where(documents.c.sha256.in_(sha256s))
    )
    return set(rows.scalars())


async def remove(session: AsyncSession, document_id: UUID) -> tuple[str, str] | None:
    """Delete a document (its jobs, pages and analyses go with it); its (name, sha256)."""
    row = (
        await session.execute(
            delete(documents)
            .where(documents.c.id == document_id)
            .returning(documents.c.name, documents.c.sha256)
        )
    ).first()
    return None if row is None else (row.name, row.sha256)


async def follow_job(
    session: AsyncSession, document_id: UUID, job_id: UUID, state: str, languages: str
) -> None:
    """Make `job_id` (run with `languages`) the document's newest job, in `state`."""
    await session.execute(
        update(documents)
        .where(documents.c.id == document_id)
        .values(current_job_id=job_id, status=state, languages=languages, updated_at=func.now())
    )


async def mirror_state(session: AsyncSession, job_id: UUID, state: str) -> None:
    """Show the job's state on its document, if it is still the document's newest job."""
    await session.execute(
        update(documents)
        .where(documents.c.current_job_id == job_id)
        .values(status=state, updated_at=func.now())
    )
