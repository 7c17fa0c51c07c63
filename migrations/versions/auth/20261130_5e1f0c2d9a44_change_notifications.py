"""notify other processes of revoked sessions and changed accounts

Revision ID: 5e1f0c2d9a44
Revises: 5b0e1c2d9a41
Create Date: 2026-11-30 18:00:00

Triggers send NOTIFY in the transaction that changes the rows, whatever process or tool
runs it: `auth_session_revoked` with a session id when a session is revoked or deleted,
`auth_account_changed` with a user id when an account or its second factor changes. Every
app process listens (aims.kernel.notify) and keeps its revocation set and account cache
current from them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1f0c2d9a44"
down_revision: str | None = "5b0e1c2d9a41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = """
CREATE FUNCTION auth.notify_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('auth_session_revoked', OLD.id::text);
    RETURN NULL;
END $$;

CREATE FUNCTION auth.notify_account_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('auth_account_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
    ELSE
        PERFORM pg_notify('auth_account_changed', to_jsonb(NEW) ->> TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER session_revoked AFTER UPDATE OF revoked_at ON auth.sessions FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION auth.notify_session_revoked();
CREATE TRIGGER session_deleted AFTER DELETE ON auth.sessions FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL)
    EXECUTE FUNCTION auth.notify_session_revoked();
CREATE TRIGGER account_changed AFTER INSERT OR UPDATE OR DELETE ON auth.users FOR EACH ROW
    EXECUTE FUNCTION auth.notify_account_changed('id');
CREATE TRIGGER second_factor_changed AFTER INSERT OR UPDATE OR DELETE ON auth.mfa FOR EACH ROW
    EXECUTE FUNCTION auth.notify_account_changed('user_id');
"""


def upgrade() -> None:
    op.execute(FUNCTIONS)
    op.execute(TRIGGERS)
    op.create_index(
        "ix_auth_sessions_revoked_at",
        "sessions",
        ["revoked_at"],
        unique=False,
        schema="auth",
        postgresql_where=sa.text("revoked_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_auth_sessions_revoked_at",
        table_name="sessions",
        schema="auth",
        postgresql_where=sa.text("revoked_at IS NOT NULL"),
    )
    for trigger, table in (
        ("second_factor_changed", "mfa"),
        ("account_changed", "users"),
        ("session_deleted", "sessions"),
        ("session_revoked", "sessions"),
    ):
        op.execute(f"DROP TRIGGER {trigger} ON auth.{table}")
    op.execute("DROP FUNCTION auth.notify_account_changed()")
    op.execute("DROP FUNCTION auth.notify_session_revoked()")
