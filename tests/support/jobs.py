"""Deferring jobs as another process would, and watching them in the queue."""

from __future__ import annotations

import time

import procrastinate
import psycopg

from aims.kernel.db import libpq_url
from aims.kernel.jobs import build_job_app, opened


def job_status(database_url: str, job_id: int) -> str:
    """The job's status in the queue: todo, doing, succeeded, failed, ..."""
    with psycopg.connect(libpq_url(database_url)) as conn:
        row = conn.execute(
            "SELECT status FROM procrastinate.procrastinate_jobs WHERE id = %s", (job_id,)
        ).fetchone()
    assert row is not None
    return str(row[0])


async def defer_auth_purge(database_url: str) -> int:
    """Defer auth's purge job as the app would (only the task's name matters here)."""
    purge = procrastinate.Blueprint()

    @purge.task(name="purge")
    async def stand_in(timestamp: int) -> None:
        return None

    async with opened(build_job_app({"auth": purge}), database_url) as queue:
        job_id: int = await queue.configure_task("auth:purge").defer_async(
            timestamp=int(time.time())
        )
        return job_id


def wait_until_done(database_url: str, job_id: int, seconds: float = 120) -> str:
    """Wait for the job to succeed (or fail); its last status."""
    deadline = time.monotonic() + seconds
    while (status := job_status(database_url, job_id)) in ("todo", "doing"):
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    return status
