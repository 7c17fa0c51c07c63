"""ORM tables of the admin context, all in the `admin` schema."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from aims.kernel.db import context_metadata
from aims.kernel.events import inbox_table, outbox_table

metadata = context_metadata("admin")
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)


def _at(name: str, *, nullable: bool = True) -> Column[object]:
    default = None if nullable else func.now()
    return Column(name, DateTime(timezone=True), nullable=nullable, server_default=default)


documents = Table(
    "documents",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("media_type", String(50), nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("languages", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("current_job_id", Uuid),
    Column("created_by", Uuid),
    _at("created_at", nullable=False),
    _at("updated_at", nullable=False),
    Index(None, "sha256"),
    Index(None, "created_at", "id"),
    Index(None, "status", "created_at", "id"),
)
"""One uploaded file; `status` mirrors the state of its newest job."""

jobs = Table(
    "jobs",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("document_id", Uuid, ForeignKey(documents.c.id, ondelete="CASCADE"), nullable=False),
    Column("state", String(20), nullable=False),
    Column("stage", String(30), nullable=False),
    Column("languages", String(100), nullable=False),
    Column("page_total", Integer, nullable=False),
    Column("pages_done", Integer, nullable=False, server_default="0"),
    Column("attempt", Integer, nullable=False, server_default="0"),
    Column("recoveries", Integer, nullable=False, server_default="0"),
    Column("cancel_requested", Boolean, nullable=False, server_default="false"),
    Column("error", Text),
    Column("error_code", String(40)),
    Column("error_page", Integer),
    Column("worker", String(200)),
    _at("heartbeat_at"),
    _at("run_after"),
    Column("requested_by", Uuid),
    _at("created_at", nullable=False),
    _at("started_at"),
    _at("finished_at"),
    _at("updated_at", nullable=False),
    Index(None, "document_id", "created_at"),
    Index(None, "state", "heartbeat_at"),
    Index("ix_admin_jobs_created_at", "created_at", "id"),
    Index("ix_admin_jobs_state_created_at", "state", "created_at", "id"),
)
"""One processing run of a document: its state machine, progress and claim."""

page_results = Table(
    "page_results",
    metadata,
    Column("job_id", Uuid, ForeignKey(jobs.c.id, ondelete="CASCADE"), nullable=False),
    Column("page_number", Integer, nullable=False),
    Column("result", LargeBinary, nullable=False),
    Column("text_source", String(20), nullable=False),
    Column("seconds", Float, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("worker", String(200), nullable=False),
    Column("completions", Integer, nullable=False, server_default="1"),
    _at("completed_at", nullable=False),
    PrimaryKeyConstraint("job_id", "page_number"),
)
"""The engine's result for one page of one job, written once (a repeat only counts)."""

analyses = Table(
    "analyses",
    metadata,
    Column("document_id", Uuid, ForeignKey(documents.c.id, ondelete="CASCADE"), nullable=False),
    Column("version", String(10), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("job_id", Uuid),
    Column("created_by", Uuid),
    _at("created_at", nullable=False),
    PrimaryKeyConstraint("document_id", "version"),
    Index(None, "sha256"),
)
"""The hierarchy JSON of a document: the `original` result and the admin's `edited` one."""

audit_records = Table(
    "audit_records",
    metadata,
    Column("id", BigInteger, Identity(), primary_key=True),
    _at("occurred_at", nullable=False),
    Column("action", String(40), nullable=False),
    Column("actor_id", Uuid),
    Column("actor_email", String(254)),
    Column("document_id", Uuid),
    Column("document_name", String(255)),
    Column("job_id", Uuid),
    Column("summary", String(500), nullable=False),
    Column("details", JSONB, nullable=False, server_default="{}"),
    Column("ip", String(64)),
    Column("user_agent", String(400)),
    Column("request_id", String(128)),
    Index(None, "occurred_at"),
    Index(None, "document_id", "id"),
)
"""Append-only record of every document action an administrator (or the operator) took."""
