"""After PostgreSQL stops and starts again, the job worker of `aims run` and of `aims worker`
works jobs again: procrastinate's worker ends by itself when its LISTEN connection dies."""

import asyncio
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from aims.kernel.db import libpq_url
from tests.support.jobs import defer_auth_purge, wait_until_done
from tests.support.processes import (
    STARTUP_SECONDS,
    aims_env,
    embedded_database_url,
    restart_postgres,
    start_aims,
    stop,
    wait_for_health,
    wait_until_no_postgres,
)
from tests.support.servers import free_port

pytestmark = pytest.mark.slow

OUTAGE_SECONDS = 7
JOBS_TABLE = "SELECT to_regclass('procrastinate.procrastinate_jobs') IS NOT NULL"


@contextmanager
def running(command: str, data_dir: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """`aims run` or `aims worker` on the embedded default; the process and the app's URL."""
    port = free_port()
    arguments = ["run", "--port", str(port)] if command == "run" else ["worker"]
    process = start_aims(*arguments, env=aims_env(data_dir))
    base = f"http://127.0.0.1:{port}"
    try:
        if command == "run":
            wait_for_health(base, process)
        wait_for_migrated_database(data_dir, process)
        yield process, base
    finally:
        assert stop(process) == 0


def wait_for_migrated_database(data_dir: Path, process: subprocess.Popen[bytes]) -> None:
    """Wait until the process has started the embedded server and made the job queue."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            url = libpq_url(embedded_database_url(data_dir))
            with psycopg.connect(url, connect_timeout=2) as conn:
                if conn.execute(JOBS_TABLE).fetchone() == (True,):
                    return
        except (OSError, IndexError, psycopg.Error):
            pass  # not started, or not migrated yet
        time.sleep(0.5)
    raise AssertionError("the embedded database was not ready in time")


def work_one_job(data_dir: Path) -> str:
    """Defer a job as another process would; its status once worked (or given up on)."""
    url = embedded_database_url(data_dir)
    return wait_until_done(url, asyncio.run(defer_auth_purge(url)))


@pytest.mark.parametrize("command", ["run", "worker"])
def test_jobs_are_worked_again_after_postgres_restarts(embedded_dir: Path, command: str) -> None:
    with running(command, embedded_dir) as (process, base):
        assert work_one_job(embedded_dir) == "succeeded"
        restart_postgres(embedded_dir, OUTAGE_SECONDS)
        assert work_one_job(embedded_dir) == "succeeded"
        assert process.poll() is None
        if command == "run":
            ready = httpx.get(f"{base}/ready", timeout=10)
            assert ready.status_code == 200, ready.text
            assert ready.json()["checks"]["worker"]["restarts"] >= 1
    assert wait_until_no_postgres(embedded_dir) == [], "the restarted server is stopped too"
