"""`aims db ...`: schema migrations of every context."""

from __future__ import annotations

import click
import psycopg
from alembic.util.exc import CommandError as AlembicCommandError
from sqlalchemy.exc import SQLAlchemyError

from aims.cli.errors import CommandError, one_line_errors
from aims.kernel import migrations
from aims.kernel.embedded import EmbeddedDatabaseError, resolve_database_url
from aims.kernel.settings import SettingsError, load_settings

DB_ERRORS = (
    SettingsError,
    psycopg.Error,
    EmbeddedDatabaseError,
    SQLAlchemyError,
    AlembicCommandError,
    ValueError,
)


def _database_url() -> str:
    return resolve_database_url(load_settings())


@click.group()
def db() -> None:
    """Migrate the database (one Alembic lineage per context schema)."""


@db.command()
@one_line_errors(*DB_ERRORS)
def upgrade() -> None:
    """Upgrade every context's schema to the newest revision."""
    migrations.upgrade(_database_url())
    click.echo("database is at head")


@db.command()
@click.option("--lineage", type=click.Choice(list(migrations.LINEAGES)), help="Only this lineage.")
@click.option("--revision", default="base", show_default=True, help="Target revision.")
@one_line_errors(*DB_ERRORS)
def downgrade(lineage: str | None, revision: str) -> None:
    """Downgrade (by default every lineage, to an empty schema)."""
    migrations.downgrade(_database_url(), revision, lineage)
    click.echo(f"downgraded to {revision}")


@db.command()
@one_line_errors(*DB_ERRORS)
def check() -> None:
    """Fail when a model change has no migration yet."""
    drift = migrations.unmigrated_changes(_database_url())
    if drift:
        raise CommandError("; ".join(f"{name}: {detail}" for name, detail in drift.items()))
    click.echo("no model change lacks a migration")


@db.command()
@click.argument("lineage", type=click.Choice([n for n in migrations.LINEAGES if n != "jobs"]))
@click.option("-m", "--message", required=True, help="What the revision changes.")
@click.option("--empty", is_flag=True, help="Write an empty revision instead of autogenerating.")
@one_line_errors(*DB_ERRORS)
def revision(lineage: str, message: str, empty: bool) -> None:
    """Write a new revision for one context from its models."""
    migrations.revision(lineage, message, _database_url(), autogenerate=not empty)
