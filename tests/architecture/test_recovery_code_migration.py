"""The auth migration to salted recovery codes keeps older codes and undoes itself only safely."""

import hashlib
import json
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, text

from aims.kernel import migrations

BEFORE = "5e1f0c2d9a44"  # the auth revision before salted recovery codes
OLD_CODES = [hashlib.sha256(b"k7m2px9qrt").hexdigest(), None]
ACTOR_INDEX = "ix_auth_audit_events_actor_id"
OLD_ENROLMENT = text(
    "INSERT INTO auth.mfa (user_id, secret, created_at, confirmed_at, recovery_code_hashes) "
    "VALUES (gen_random_uuid(), 'sealed', now(), now(), CAST(:hashes AS jsonb))"
)
SALTED_ENROLMENT = text(
    "INSERT INTO auth.mfa (user_id, secret, created_at, confirmed_at, recovery_code_hashes, "
    "recovery_code_salt, recovery_code_cost) VALUES (gen_random_uuid(), 'sealed', now(), now(), "
    """'["00"]', :salt, '{"time_cost": 1}')"""
)


@pytest.fixture
def auth_config(empty_database: str) -> Config:
    """The auth lineage's Alembic config on an empty database."""
    return migrations.alembic_config("auth", empty_database)


@pytest.fixture
def database(empty_database: str) -> Iterator[Connection]:
    """A connection in autocommit to the same database."""
    engine = create_engine(empty_database, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def actor_index(connection: Connection) -> str | None:
    """The definition of the audit index by actor, if it exists."""
    found = connection.execute(
        text("SELECT indexdef FROM pg_indexes WHERE schemaname = 'auth' AND indexname = :name"),
        {"name": ACTOR_INDEX},
    ).scalar()
    return None if found is None else str(found)


def mfa_columns(connection: Connection) -> set[str]:
    """The columns of auth.mfa."""
    query = (
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'auth' AND table_name = 'mfa'"
    )
    return set(connection.execute(text(query)).scalars())


def test_older_codes_survive_the_upgrade_and_the_downgrade(
    auth_config: Config, database: Connection
) -> None:
    command.upgrade(auth_config, BEFORE)
    database.execute(OLD_ENROLMENT, {"hashes": json.dumps(OLD_CODES)})
    command.upgrade(auth_config, "head")
    row = database.execute(
        text("SELECT recovery_code_hashes, recovery_code_salt, recovery_code_cost FROM auth.mfa")
    ).one()
    assert tuple(row) == (OLD_CODES, None, None)
    assert (actor_index(database) or "").endswith("(actor_id, id) WHERE (actor_id IS NOT NULL)")
    command.downgrade(auth_config, BEFORE)
    assert actor_index(database) is None
    assert {"recovery_code_salt", "recovery_code_cost"}.isdisjoint(mfa_columns(database))
    assert database.execute(text("SELECT recovery_code_hashes FROM auth.mfa")).scalar() == OLD_CODES


def test_the_downgrade_refuses_to_strand_salted_codes(
    auth_config: Config, database: Connection
) -> None:
    command.upgrade(auth_config, "head")
    database.execute(SALTED_ENROLMENT, {"salt": bytes(16)})
    with pytest.raises(RuntimeError, match="1 second-factor enrolment") as refused:
        command.downgrade(auth_config, BEFORE)
    assert actor_index(database) is not None
    clear = str(refused.value).split("first run ")[1].split(";")[0]
    database.execute(text(clear))
    command.downgrade(auth_config, BEFORE)
    assert database.execute(text("SELECT recovery_code_hashes FROM auth.mfa")).scalar() == []
