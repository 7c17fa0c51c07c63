"""outbox and inbox

Revision ID: be7d0222b7a4
Revises:
Create Date: 2026-11-26 16:46:26.054654
"""

from collections.abc import Sequence

from event_tables_v1 import create_event_tables, drop_event_tables

revision: str = "be7d0222b7a4"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_event_tables("auth")


def downgrade() -> None:
    drop_event_tables("auth")
