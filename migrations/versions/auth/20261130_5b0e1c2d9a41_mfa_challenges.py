"""MFA challenges: the sign-in step between the password and the second factor

Revision ID: 5b0e1c2d9a41
Revises: ffbc6f9b7129
Create Date: 2026-11-30 17:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b0e1c2d9a41"
down_revision: str | None = "ffbc6f9b7129"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mfa_challenges",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("client_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_mfa_challenges")),
        schema="auth",
    )
    op.create_index(
        op.f("ix_auth_mfa_challenges_user_id"),
        "mfa_challenges",
        ["user_id"],
        unique=False,
        schema="auth",
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_auth_mfa_challenges_user_id"), table_name="mfa_challenges", schema="auth"
    )
    op.drop_table("mfa_challenges", schema="auth")
