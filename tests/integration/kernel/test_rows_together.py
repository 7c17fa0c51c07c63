"""`Database.insert_together`: rows of several tables in one statement, all or none."""

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError

from aims.kernel.db import Database, NewRow
from aims.kernel.settings import Settings

metadata = sa.MetaData(schema="public")
SUFFIX = uuid4().hex[:8]
parents = sa.Table(
    f"together_parent_{SUFFIX}",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("note", JSONB, nullable=False),
)
children = sa.Table(
    f"together_child_{SUFFIX}",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("parent_id", sa.Uuid, nullable=False),
    sa.Column("label", sa.Text, nullable=False),
)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url, Settings(database_url=database_url))
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    yield database
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
    await database.dispose()


async def stored(db: Database, table: sa.Table) -> list[dict[str, Any]]:
    async with db.autocommit() as session:
        rows = await session.execute(sa.select(table).order_by(table.c.id))
        return [dict(row) for row in rows.mappings()]


def family(parent_id: UUID, note: dict[str, str], labels: list[str]) -> list[NewRow]:
    kids = [
        NewRow(children, {"id": uuid4(), "parent_id": parent_id, "label": label})
        for label in labels
    ]
    return [NewRow(parents, {"id": parent_id, "note": note}), *kids]


async def test_every_row_is_stored_with_its_own_values(db: Database) -> None:
    first, second = uuid4(), uuid4()
    await db.insert_together(*family(first, {"by": "one"}, ["a", "b"]))
    await db.insert_together(*family(second, {"by": "two"}, ["c", "d"]))  # same shape, new values

    notes = {row["id"]: row["note"] for row in await stored(db, parents)}
    assert notes == {first: {"by": "one"}, second: {"by": "two"}}
    labels = {(row["parent_id"], row["label"]) for row in await stored(db, children)}
    assert labels == {(first, "a"), (first, "b"), (second, "c"), (second, "d")}


async def test_one_refused_row_leaves_none_stored(db: Database) -> None:
    taken = uuid4()
    await db.insert_together(NewRow(parents, {"id": taken, "note": {}}))

    rows = family(uuid4(), {"by": "late"}, ["x"])
    with pytest.raises(IntegrityError):
        await db.insert_together(*rows, NewRow(parents, {"id": taken, "note": {}}))

    assert [row["id"] for row in await stored(db, parents)] == [taken]
    assert await stored(db, children) == []
