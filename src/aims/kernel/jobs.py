"""The durable job queue: procrastinate on PostgreSQL, in its own schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import procrastinate
import psycopg
from psycopg_pool import AsyncConnectionPool
from sqlalchemy.ext.asyncio import AsyncSession

from aims.kernel.db import JOBS_SCHEMA, libpq_url


def build_job_app(blueprints: dict[str, procrastinate.Blueprint]) -> procrastinate.App:
    """A procrastinate app with each context's tasks under its namespace (opened by `opened`)."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector())
    bind_blueprints(app, blueprints)
    return app


def bind_blueprints(app: procrastinate.App, blueprints: dict[str, procrastinate.Blueprint]) -> None:
    """Add each context's tasks under its namespace (once: a namespace bound before is kept)."""
    for namespace, blueprint in blueprints.items():
        if not any(name.startswith(f"{namespace}:") for name in app.tasks):
            app.add_tasks_from(blueprint, namespace=namespace)


@asynccontextmanager
async def opened(app: procrastinate.App, database_url: str) -> AsyncIterator[procrastinate.App]:
    """The app connected to `database_url` without waiting for it: a database that is down at
    start-up delays jobs until it answers, it does not stop the process."""
    pool = AsyncConnectionPool(
        libpq_url(database_url),
        kwargs={"options": f"-c search_path={JOBS_SCHEMA}"},
        min_size=1,
        max_size=4,
        open=False,
        check=AsyncConnectionPool.check_connection,
    )
    await pool.open(wait=False)
    try:
        async with app.open_async(pool=pool):
            yield app
    finally:
        await pool.close()


async def defer_in_transaction(
    db: AsyncSession, jobs: procrastinate.App, task_name: str, **task_kwargs: Any
) -> int:
    """Insert the job on `db`'s connection, inside its transaction: it exists only if, and
    once, the transaction commits (procrastinate's SQL names its objects unqualified, so its
    schema joins the search path for the statement)."""
    raw = (await (await db.connection()).get_raw_connection()).driver_connection
    assert isinstance(raw, psycopg.AsyncConnection)
    cursor = await raw.execute(_WIDEN_SEARCH_PATH, [f"{JOBS_SCHEMA}, "])
    row = await cursor.fetchone()
    assert row is not None
    try:
        deferrer = jobs.configure_task(task_name, connection=raw)
        job_id: int = await deferrer.defer_async(**task_kwargs)
    finally:
        await raw.execute("SELECT set_config('search_path', %s, true)", [row[0]])
    return job_id


_WIDEN_SEARCH_PATH = (
    "SELECT current_setting('search_path'),"
    " set_config('search_path', %s || current_setting('search_path'), true)"
)
