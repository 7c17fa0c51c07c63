"""outbox and inbox

Revision ID: 1677f73b5d24
Revises:
Create Date: 2026-11-26 16:46:31.419962
"""

from collections.abc import Sequence

from event_tables_v1 import create_event_tables, drop_event_tables

revision: str = "1677f73b5d24"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables("admin")


def downgrade() -> None:
    drop_event_tables("admin")
