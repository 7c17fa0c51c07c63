"""The durable job queue: procrastinate on PostgreSQL, in its own schema."""

from __future__ import annotations

import procrastinate

from aims.kernel.db import JOBS_SCHEMA, libpq_url


def build_job_app(
    database_url: str, blueprints: dict[str, procrastinate.Blueprint]
) -> procrastinate.App:
    """A procrastinate app on `database_url` with each context's tasks under its namespace."""
    connector = procrastinate.PsycopgConnector(
        conninfo=libpq_url(database_url),
        kwargs={"options": f"-c search_path={JOBS_SCHEMA}"},
        min_size=1,
        max_size=4,
    )
    app = procrastinate.App(connector=connector)
    for namespace, blueprint in blueprints.items():
        app.add_tasks_from(blueprint, namespace=namespace)
    return app
