"""recovery codes hashed with argon2id and a salt per enrolment; audit records by actor

Revision ID: 7d7231b24889
Revises: 5e1f0c2d9a44
Create Date: 2026-12-01 10:30:00

`auth.mfa` gains the salt and the argon2id parameters its recovery codes are hashed
with. Enrolments from before keep their SHA-256 codes (salt and parameters null), which
still sign in; setting up two-step verification again stores new codes salted.
`auth.audit_events` gains an index on (actor_id, id) for "what did this account do",
newest first, over the rows that have an actor.

The downgrade refuses while any enrolment holds salted codes: the earlier code compares
SHA-256 and would refuse every one of them without a word.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "7d7231b24889"
down_revision: str | None = "5e1f0c2d9a44"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SALT_AND_COST_TOGETHER = "(recovery_code_salt IS NULL) = (recovery_code_cost IS NULL)"
CLEAR_SALTED_CODES = (
    "UPDATE auth.mfa SET recovery_code_hashes = '[]', recovery_code_salt = NULL, "
    "recovery_code_cost = NULL WHERE recovery_code_salt IS NOT NULL"
)


def upgrade() -> None:
    op.add_column("mfa", sa.Column("recovery_code_salt", sa.LargeBinary()), schema="auth")
    op.add_column(
        "mfa",
        sa.Column("recovery_code_cost", postgresql.JSONB(astext_type=sa.Text())),
        schema="auth",
    )
    op.create_check_constraint(
        op.f("ck_mfa_recovery_code_hashing"), "mfa", SALT_AND_COST_TOGETHER, schema="auth"
    )
    op.create_index(
        op.f("ix_auth_audit_events_actor_id"),
        "audit_events",
        ["actor_id", "id"],
        unique=False,
        schema="auth",
        postgresql_where=sa.text("actor_id IS NOT NULL"),
    )


def downgrade() -> None:
    salted = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM auth.mfa WHERE recovery_code_salt IS NOT NULL")
    )
    if salted:
        raise RuntimeError(
            f"{salted} second-factor enrolment(s) hold recovery codes hashed with argon2id, "
            "which the earlier schema cannot check. To downgrade anyway, first run "
            f"{CLEAR_SALTED_CODES}; those users keep their authenticator app and get new "
            "recovery codes by setting up two-step verification again."
        )
    op.drop_index(
        op.f("ix_auth_audit_events_actor_id"),
        table_name="audit_events",
        schema="auth",
        postgresql_where=sa.text("actor_id IS NOT NULL"),
    )
    op.drop_constraint(op.f("ck_mfa_recovery_code_hashing"), "mfa", schema="auth", type_="check")
    op.drop_column("mfa", "recovery_code_cost", schema="auth")
    op.drop_column("mfa", "recovery_code_salt", schema="auth")
