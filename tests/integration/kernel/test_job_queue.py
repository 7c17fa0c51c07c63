"""The in-process worker runs jobs another process deferred to the PostgreSQL queue."""

import asyncio
from collections.abc import Callable

import procrastinate
import psycopg
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.kernel.db import libpq_url
from aims.kernel.jobs import build_job_app, opened
from aims.kernel.runtime import Runtime
from aims.kernel.settings import Settings
from aims.kernel.worker import hand_back_stalled_jobs
from aims.main import build_app
from tests.support.jobs import job_status


async def test_a_deferred_job_is_worked_by_the_running_app(
    settings_for: Callable[..., Settings],
) -> None:
    done: list[str] = []
    tasks = procrastinate.Blueprint()

    @tasks.task(name="record")
    async def record(word: str) -> None:
        done.append(word)

    settings = settings_for(in_process_worker=True)
    assert settings.database_url is not None
    runtime = Runtime.build(settings, settings.database_url, run_worker=True)
    runtime.job_blueprints["test"] = tasks
    app: Litestar = build_app(runtime)
    async with (
        AsyncTestClient(app),
        opened(build_job_app({"test": tasks}), settings.database_url) as queue,
    ):
        await queue.configure_task("test:record").defer_async(
            word="hello"
        )  # as another process would
        for _ in range(100):
            if done:
                break
            await asyncio.sleep(0.1)
    assert done == ["hello"]


async def test_a_job_whose_worker_died_is_handed_back_to_the_queue(database_url: str) -> None:
    tasks = procrastinate.Blueprint()

    @tasks.task(name="record")
    async def record(word: str) -> None:
        return None

    async with opened(build_job_app({"test": tasks}), database_url) as queue:
        job_id = await queue.configure_task("test:record").defer_async(word="interrupted")
        await asyncio.to_thread(run_by_a_worker_that_died, database_url, job_id)
        assert job_status(database_url, job_id) == "doing"
        assert await hand_back_stalled_jobs(queue) >= 1
    assert job_status(database_url, job_id) == "todo"


def run_by_a_worker_that_died(database_url: str, job_id: int) -> None:
    """Mark the job as taken by a worker whose last heartbeat is an hour old (killed)."""
    with psycopg.connect(
        libpq_url(database_url), autocommit=True, options="-c search_path=procrastinate"
    ) as conn:
        row = conn.execute(
            "INSERT INTO procrastinate.procrastinate_workers (last_heartbeat)"
            " VALUES (now() - interval '1 hour') RETURNING id"
        ).fetchone()
        assert row is not None
        conn.execute(
            "UPDATE procrastinate.procrastinate_jobs SET status = 'doing', worker_id = %s"
            " WHERE id = %s",
            (row[0], job_id),
        )
