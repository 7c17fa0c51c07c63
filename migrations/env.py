"""The shared Alembic environment: each ini section migrates one schema only."""

from __future__ import annotations

import importlib

from alembic import context
from sqlalchemy import MetaData, create_engine, pool, text

from aims.kernel.embedded import resolve_database_url
from aims.kernel.settings import load_settings

config = context.config
schema = config.get_main_option("schema")
if schema is None:
    raise SystemExit("alembic: choose a lineage with --name auth|profiles|admin|jobs")


def target_metadata() -> MetaData | None:
    """The context's tables; the job queue's schema is owned by procrastinate's SQL."""
    if schema == "procrastinate":
        return None
    module = importlib.import_module(f"aims.{schema}.models")
    metadata: MetaData = module.metadata
    return metadata


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate sees only this context's schema, never the others'."""
    if type_ == "schema":
        return name == schema
    return True


def run_migrations_online() -> None:
    url = config.attributes.get("url") or resolve_database_url(load_settings())
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata(),
            version_table_schema=schema,
            include_schemas=True,
            include_name=include_name,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("alembic: offline (--sql) mode is not supported; run against a database")
run_migrations_online()
