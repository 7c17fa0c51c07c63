"""The async database engine, per-process pool, and sessions."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import psycopg
from sqlalchemy import Insert, MetaData, Table, bindparam, event, insert, text
from sqlalchemy.engine import Connection, ExceptionContext, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from aims.kernel.settings import Settings

CONTEXT_SCHEMAS = ("auth", "profiles", "admin")
"""The PostgreSQL schema each bounded context owns, one per context."""

JOBS_SCHEMA = "procrastinate"
"""The schema the job queue owns."""

UNREACHABLE_MEMORY_SECONDS = 10.0
"""How long a failed connection marks the database unreachable."""

PING_WHEN_IDLE_SECONDS = 1.0
"""A pooled connection unused for longer is pinged before use; a busier one is trusted (the
ping is a round trip, a third of a short transaction's time)."""

LAST_USE = "aims_last_use"
"""Where a pooled connection's record keeps the time it was last returned (or opened)."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


UNREACHABLE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, PoolTimeoutError, OSError)
"""What a statement raises when the database cannot be reached (see `is_unreachable_error`)."""


def is_unreachable_error(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached now (down, cut off, pool exhausted),
    rather than that a statement was wrong."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or isinstance(exc.orig, psycopg.OperationalError)
    return isinstance(exc, PoolTimeoutError | OSError)


def context_metadata(schema: str) -> MetaData:
    """A MetaData for one context: every table it holds lives in `schema`."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


def _note_last_use(_: DBAPIConnection, record: ConnectionPoolEntry) -> None:
    record.info[LAST_USE] = time.monotonic()


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as a plain libpq URI, for tools that speak psycopg directly."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


@dataclass(frozen=True, slots=True)
class NewRow:
    """One row to insert: its table and its column values."""

    table: Table
    values: Mapping[str, Any]

    async def insert_in(self, session: AsyncSession) -> None:
        """Insert the row in the session's transaction."""
        await session.execute(_plain_insert(self.table), dict(self.values))


@lru_cache(maxsize=64)
def _plain_insert(table: Table) -> Insert:
    return insert(table)


RowShape = tuple[tuple[Table, tuple[str, ...]], ...]
"""The tables and column names of rows inserted together (what their statement depends on)."""


@lru_cache(maxsize=64)
def _insert_together(shape: RowShape) -> Insert:
    """One statement for rows of `shape`, built once: later calls only bind values."""
    *first, last = (
        insert(table).values({name: bindparam(f"row{n}_{name}") for name in names})
        for n, (table, names) in enumerate(shape)
    )
    return last.add_cte(*(statement.cte(f"insert_{n}") for n, statement in enumerate(first)))


class Database:
    """One process's engine and session factory."""

    def __init__(self, url: str, settings: Settings) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_max_overflow,
            pool_recycle=settings.db_pool_recycle_seconds,
            pool_timeout=settings.db_pool_timeout_seconds,
            connect_args={
                "options": f"-c statement_timeout={settings.db_statement_timeout_ms}",
                "connect_timeout": 5,
            },
        )
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._autocommit_engine = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._unreachable_until = 0.0
        event.listen(self.engine.sync_engine, "handle_error", self._on_error)
        event.listen(self.engine.sync_engine, "engine_connect", self._on_connect)
        event.listen(self.engine.sync_engine.pool, "checkout", self._ping_when_idle)
        for moment in ("connect", "checkin"):
            event.listen(self.engine.sync_engine.pool, moment, _note_last_use)

    @property
    def is_unreachable(self) -> bool:
        """True for a few seconds after a connection to the database failed."""
        return time.monotonic() < self._unreachable_until

    def _on_error(self, context: ExceptionContext) -> None:
        if context.is_disconnect or isinstance(
            context.original_exception, psycopg.OperationalError
        ):
            self._unreachable_until = time.monotonic() + UNREACHABLE_MEMORY_SECONDS

    def _on_connect(self, _connection: Connection) -> None:
        self._unreachable_until = 0.0

    def _ping_when_idle(
        self, dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, _: object
    ) -> None:
        """Pre-ping, for connections idle long enough to have died unnoticed; a dead one is
        replaced by the pool (DisconnectionError) before the caller sees it."""
        if time.monotonic() - record.info.get(LAST_USE, 0.0) < PING_WHEN_IDLE_SECONDS:
            return
        try:
            self.engine.dialect.do_ping(dbapi_connection)
        except self.engine.dialect.loaded_dbapi.Error as exc:
            raise DisconnectionError(str(exc)) from exc

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncSession]:
        """A session outside any transaction, each statement committing on its own: for reads
        that need no snapshot across statements, without the BEGIN and COMMIT round trips."""
        async with AsyncSession(self._autocommit_engine) as session:
            yield session

    async def insert_together(self, *rows: NewRow) -> None:
        """Insert the rows with one statement (data-modifying WITH): one round trip, all or
        none."""
        shape = tuple((row.table, tuple(row.values)) for row in rows)
        values = {
            f"row{n}_{name}": value
            for n, row in enumerate(rows)
            for name, value in row.values.items()
        }
        async with self._autocommit_engine.connect() as connection:
            await connection.execute(_insert_together(shape), values)

    async def ping(self) -> None:
        """Raise unless the database answers."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()
