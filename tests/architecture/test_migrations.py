"""Each context's migrations round-trip, and its tables stay in its own schema."""

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from aims.kernel import migrations


def tables_by_schema(url: str) -> dict[str, set[str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        ).all()
    engine.dispose()
    found: dict[str, set[str]] = {}
    for schema, table in rows:
        found.setdefault(schema, set()).add(table)
    return found


@pytest.mark.parametrize("lineage", [name for name in migrations.LINEAGES if name != "jobs"])
def test_context_migrations_round_trip_cleanly(empty_database: str, lineage: str) -> None:
    config = migrations.alembic_config(lineage, empty_database)
    command.upgrade(config, "head")
    command.check(config)  # raises when the models and the migrations disagree
    command.downgrade(config, "base")
    assert tables_by_schema(empty_database).get(lineage, set()) == {"alembic_version"}
    command.upgrade(config, "head")
    command.check(config)


def test_every_table_lives_only_in_its_contexts_schema(empty_database: str) -> None:
    migrations.upgrade(empty_database)
    found = tables_by_schema(empty_database)
    assert set(found) == {"auth", "profiles", "admin", "procrastinate"}
    for lineage, schema in migrations.LINEAGES.items():
        if lineage == "jobs":
            continue
        module = __import__(f"aims.{lineage}.models", fromlist=["metadata"])
        owned = {table.name for table in module.metadata.tables.values()}
        assert {table.schema for table in module.metadata.tables.values()} == {schema}
        assert found[schema] == owned | {"alembic_version"}


def test_the_job_queue_schema_round_trips(empty_database: str) -> None:
    config = migrations.alembic_config("jobs", empty_database)
    command.upgrade(config, "head")
    assert "procrastinate_jobs" in tables_by_schema(empty_database)["procrastinate"]
    command.downgrade(config, "base")
    assert tables_by_schema(empty_database)["procrastinate"] == {"alembic_version"}
    command.upgrade(config, "head")
    assert "procrastinate_jobs" in tables_by_schema(empty_database)["procrastinate"]
