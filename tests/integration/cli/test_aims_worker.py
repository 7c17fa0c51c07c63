"""`aims worker`: a standalone process that works the jobs the app defers."""

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

import procrastinate
import psycopg

from aims.kernel.db import libpq_url
from aims.kernel.jobs import build_job_app, opened
from tests.support.processes import AIMS


def job_status(database_url: str, job_id: int) -> str:
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


def test_a_standalone_worker_works_a_deferred_job_and_stops_on_sigint(
    database_url: str, redis_url: str, tmp_path: Path
) -> None:
    job_id = asyncio.run(defer_auth_purge(database_url))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}
    env |= {
        "AIMS_DATABASE_URL": database_url,
        "AIMS_REDIS_URL": redis_url,
        "AIMS_DATA_DIR": str(tmp_path),
    }
    worker = subprocess.Popen(
        [AIMS, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while job_status(database_url, job_id) != "succeeded" and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
            time.sleep(0.2)
        assert job_status(database_url, job_id) == "succeeded"
    finally:
        worker.send_signal(signal.SIGINT)
        exit_code = worker.wait(60)
    assert exit_code == 0
    assert b"Traceback" not in (worker.stderr.read() if worker.stderr else b"")
