"""`aims worker` processes for tests, on the test's database and file store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from aims.kernel.settings import Settings

from .conftest import query

AIMS = str(Path(sys.executable).with_name("aims"))
COUNTER = Path(__file__).with_name("engine_counter")


class Worker:
    """One `aims worker` process; its log goes to a file (a full pipe would stall it)."""

    def __init__(self, settings: Settings, log: Path, engine_calls: Path | None = None) -> None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("AIMS_")}
        env |= {
            "AIMS_DATABASE_URL": settings.database_url or "",
            "AIMS_REDIS_URL": settings.redis_url or "",
            "AIMS_DATA_DIR": settings.data_dir,
            "AIMS_ANALYSIS_PROCESSES": "1",
            "AIMS_WORKER_CONCURRENCY": "1",
            "AIMS_JOB_STALLED_SECONDS": str(settings.job_stalled_seconds),
            "AIMS_LOG_LEVEL": "INFO",
        }
        if engine_calls is not None:
            env |= {"PYTHONPATH": str(COUNTER), "AIMS_TEST_ENGINE_CALLS": str(engine_calls)}
        self.log = log
        self.process = subprocess.Popen(
            [AIMS, "worker"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
        )

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> int:
        """SIGINT, as Ctrl-C would; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(60)


def wait_for_workers(database_url: str, count: int, seconds: float = 60) -> None:
    """Until `count` procrastinate workers have registered."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = query(database_url, "SELECT count(*) FROM procrastinate.procrastinate_workers")
        if found[0][0] >= count:
            return
        time.sleep(0.2)
    raise AssertionError(f"fewer than {count} workers registered within {seconds} s")
