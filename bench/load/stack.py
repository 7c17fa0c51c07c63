"""The system under load: app and worker processes sharing one PostgreSQL and one Redis."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.common import Servers, real_servers
from bench.loadgen import Server

from tests.support.servers import free_port

AIMS = str(Path(sys.executable).with_name("aims"))


@contextmanager
def backing_services(database_url: str | None, redis_url: str | None) -> Iterator[Servers]:
    """The given (migrated) database and Redis, else embedded ones made for this run."""
    if database_url is None or redis_url is None:
        with real_servers() as servers:
            yield servers
        return
    with tempfile.TemporaryDirectory(prefix="aims-load-") as scratch:
        yield Servers(database_url, redis_url, scratch)


@contextmanager
def aims_processes(servers: Servers, apps: int, workers: int) -> Iterator[list[Server]]:
    """`apps` × `aims run --no-worker` and `workers` × `aims worker`, unpinned, on one data
    directory; yields the apps, started and healthy. The first app starts alone, so it
    alone creates the data directory's secret."""
    work = Path(servers.scratch)
    env = {
        "AIMS_DATABASE_URL": servers.database_url,
        "AIMS_REDIS_URL": servers.redis_url,
        "AIMS_DATA_DIR": str(work / "data"),
        "AIMS_ANALYSIS_PROCESSES": "1",
        "AIMS_LOG_LEVEL": "WARNING",
    }
    app_servers = []
    for number in range(apps):
        port = free_port()
        command = [AIMS, "run", "--no-worker", "--port", str(port)]
        log = work / f"app-{number}.log"
        app_servers.append(Server(f"app-{number}", command, port, env, log, core=None))
    worker_processes = [
        Server(f"worker-{n}", [AIMS, "worker"], 0, env, work / f"worker-{n}.log", core=None)
        for n in range(workers)
    ]
    with ExitStack() as stack:
        for process in [app_servers[0], *worker_processes, *app_servers[1:]]:
            process.start(None if process in worker_processes else "/health")
            stack.callback(process.stop)
        yield app_servers
