"""documents jobs page results analyses audit

Revision ID: 00c9040527e7
Revises: 1677f73b5d24
Create Date: 2026-11-30 17:05:52.901223
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "00c9040527e7"
down_revision: str | None = "1677f73b5d24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_records",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "occurred_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_email", sa.String(length=254), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("document_name", sa.String(length=255), nullable=True),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column(
            "details", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.String(length=400), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_records")),
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_audit_records_document_id"),
        "audit_records",
        ["document_id", "id"],
        unique=False,
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_audit_records_occurred_at"),
        "audit_records",
        ["occurred_at"],
        unique=False,
        schema="admin",
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=50), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("page_count", sa.Integer(), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("current_job_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_documents_created_at"),
        "documents",
        ["created_at", "id"],
        unique=False,
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_documents_sha256"), "documents", ["sha256"], unique=False, schema="admin"
    )
    op.create_index(
        op.f("ix_admin_documents_status"),
        "documents",
        ["status", "created_at", "id"],
        unique=False,
        schema="admin",
    )
    op.create_table(
        "analyses",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.String(length=10), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["admin.documents.id"],
            name=op.f("fk_analyses_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "version", name=op.f("pk_analyses")),
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_analyses_sha256"), "analyses", ["sha256"], unique=False, schema="admin"
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("page_total", sa.Integer(), nullable=False),
        sa.Column("pages_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempt", sa.Integer(), server_default="0", nullable=False),
        sa.Column("recoveries", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["admin.documents.id"],
            name=op.f("fk_jobs_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_jobs_document_id"),
        "jobs",
        ["document_id", "created_at"],
        unique=False,
        schema="admin",
    )
    op.create_index(
        op.f("ix_admin_jobs_state"), "jobs", ["state", "heartbeat_at"], unique=False, schema="admin"
    )
    op.create_table(
        "page_results",
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("page_number", sa.Integer(), nullable=False),
        sa.Column("result", sa.LargeBinary(), nullable=False),
        sa.Column("text_source", sa.String(length=20), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=200), nullable=False),
        sa.Column("completions", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "completed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["admin.jobs.id"],
            name=op.f("fk_page_results_job_id_jobs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("job_id", "page_number", name=op.f("pk_page_results")),
        schema="admin",
    )


def downgrade() -> None:
    op.drop_table("page_results", schema="admin")
    op.drop_index(op.f("ix_admin_jobs_state"), table_name="jobs", schema="admin")
    op.drop_index(op.f("ix_admin_jobs_document_id"), table_name="jobs", schema="admin")
    op.drop_table("jobs", schema="admin")
    op.drop_index(op.f("ix_admin_analyses_sha256"), table_name="analyses", schema="admin")
    op.drop_table("analyses", schema="admin")
    op.drop_index(op.f("ix_admin_documents_status"), table_name="documents", schema="admin")
    op.drop_index(op.f("ix_admin_documents_sha256"), table_name="documents", schema="admin")
    op.drop_index(op.f("ix_admin_documents_created_at"), table_name="documents", schema="admin")
    op.drop_table("documents", schema="admin")
    op.drop_index(
        op.f("ix_admin_audit_records_occurred_at"), table_name="audit_records", schema="admin"
    )
    op.drop_index(
        op.f("ix_admin_audit_records_document_id"), table_name="audit_records", schema="admin"
    )
    op.drop_table("audit_records", schema="admin")
