"""notify other processes of changed profiles

Revision ID: 7a3c9e1d2b55
Revises: 1f6187f6694a
Create Date: 2026-11-30 21:00:00

A trigger sends `NOTIFY profiles_changed, '<user id>'` in the transaction that changes or
removes a profile, so every process drops its in-memory copy (aims.profiles.cache).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7a3c9e1d2b55"
down_revision: str | None = "1f6187f6694a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION profiles.notify_profile_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('profiles_changed', OLD.user_id::text);
            RETURN NULL;
        END $$;
        CREATE TRIGGER profile_changed AFTER UPDATE OR DELETE ON profiles.profiles FOR EACH ROW
            EXECUTE FUNCTION profiles.notify_profile_changed();
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER profile_changed ON profiles.profiles")
    op.execute("DROP FUNCTION profiles.notify_profile_changed()")
