"""The job queue's schema, from the pinned procrastinate release's SQL.

A procrastinate upgrade that changes its schema ships migration SQL files;
apply them in a new revision of this lineage.

Revision ID: 0001_jobs
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op
from procrastinate.schema import SchemaManager

revision: str = "0001_jobs"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Through the driver's own cursor: procrastinate's SQL contains literal "%".
    with op.get_bind().connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute("SET LOCAL search_path TO procrastinate")
        cursor.execute(SchemaManager.get_schema())
        cursor.execute("SET LOCAL search_path TO public")


def downgrade() -> None:
    op.get_bind().exec_driver_sql(
        "DO $$ DECLARE r record; BEGIN "
        "FOR r IN SELECT oid::regclass::text AS t FROM pg_class "
        "WHERE relnamespace = 'procrastinate'::regnamespace AND relkind = 'r' "
        "AND relname <> 'alembic_version' LOOP EXECUTE 'DROP TABLE ' || r.t || ' CASCADE'; END LOOP; "
        "FOR r IN SELECT p.oid::regprocedure::text AS f FROM pg_proc p "
        "WHERE p.pronamespace = 'procrastinate'::regnamespace LOOP "
        "EXECUTE 'DROP FUNCTION ' || r.f || ' CASCADE'; END LOOP; "
        "FOR r IN SELECT t.oid::regtype::text AS ty FROM pg_type t "
        "WHERE t.typnamespace = 'procrastinate'::regnamespace AND (t.typtype = 'e' OR "
        "(t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')) LOOP "
        "EXECUTE 'DROP TYPE ' || r.ty || ' CASCADE'; END LOOP; END $$"
    )
