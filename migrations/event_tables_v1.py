"""The outbox and inbox every context schema starts with (version 1, frozen).

Migrations call these instead of repeating the same DDL per schema. A later
change to the event tables gets a new revision (and, if shared, a `_v2`
module); this one never changes, so old revisions keep meaning what they did.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql


def create_event_tables(schema: str) -> None:
    """Create `<schema>.inbox` and `<schema>.outbox` with the relay's index."""
    op.create_table(
        "inbox",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("handler", sa.String(length=200), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("event_id", "handler", name=op.f("pk_inbox")),
        schema=schema,
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        schema=schema,
    )
    op.create_index(
        op.f(f"ix_{schema}_outbox_occurred_at"),
        "outbox",
        ["occurred_at"],
        unique=False,
        schema=schema,
        postgresql_where="published_at IS NULL",
    )


def drop_event_tables(schema: str) -> None:
    """Drop what `create_event_tables` made."""
    op.drop_index(
        op.f(f"ix_{schema}_outbox_occurred_at"),
        table_name="outbox",
        schema=schema,
        postgresql_where="published_at IS NULL",
    )
    op.drop_table("outbox", schema=schema)
    op.drop_table("inbox", schema=schema)
