"""outbox and inbox

Revision ID: 13f1197dd9fa
Revises:
Create Date: 2026-11-26 16:46:28.648425
"""

from collections.abc import Sequence

from event_tables_v1 import create_event_tables, drop_event_tables

revision: str = "13f1197dd9fa"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables("profiles")


def downgrade() -> None:
    drop_event_tables("profiles")
