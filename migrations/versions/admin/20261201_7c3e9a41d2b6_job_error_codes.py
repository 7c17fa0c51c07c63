"""job error codes: why a job failed as a stable code (and the page), so it can be translated

Revision ID: 7c3e9a41d2b6
Revises: 5b1f0c2d7e41
Create Date: 2026-12-01 16:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c3e9a41d2b6"
down_revision: str | None = "5b1f0c2d7e41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("jobs", sa.Column("error_code", sa.String(40)), schema="admin")
    op.add_column("jobs", sa.Column("error_page", sa.Integer()), schema="admin")


def downgrade() -> None:
    op.drop_column("jobs", "error_page", schema="admin")
    op.drop_column("jobs", "error_code", schema="admin")
