"""`aims worker`: a standalone process that works the jobs the app defers."""

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

from tests.support.jobs import defer_auth_purge, job_status
from tests.support.processes import AIMS


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
