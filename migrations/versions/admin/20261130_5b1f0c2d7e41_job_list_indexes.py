"""job list indexes: the console's job list pages by (created_at, id), optionally by state

Revision ID: 5b1f0c2d7e41
Revises: 00c9040527e7
Create Date: 2026-11-30 21:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5b1f0c2d7e41"
down_revision: str | None = "00c9040527e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_admin_jobs_created_at", "jobs", ["created_at", "id"], unique=False, schema="admin"
    )
    op.create_index(
        "ix_admin_jobs_state_created_at",
        "jobs",
        ["state", "created_at", "id"],
        unique=False,
        schema="admin",
    )


def downgrade() -> None:
    op.drop_index("ix_admin_jobs_state_created_at", table_name="jobs", schema="admin")
    op.drop_index("ix_admin_jobs_created_at", table_name="jobs", schema="admin")
