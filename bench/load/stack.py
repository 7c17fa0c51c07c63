"""The system under load: app and worker processes sharing one PostgreSQL and one Redis."""

from __future__ import annotations

import secrets
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from bench.common import Servers, real_servers
from bench.loadgen import Server

from tests.support.processes import STARTUP_SECONDS
from tests.support.servers import free_port, wait_until_healthy

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


def aims_env(servers: Servers) -> dict[str, str]:
    """One data directory and application secret for every process; one analysis process
    per worker; warnings only in the logs."""
    return {
        "AIMS_DATABASE_URL": servers.database_url,
        "AIMS_REDIS_URL": servers.redis_url,
        "AIMS_DATA_DIR": str(Path(servers.scratch) / "data"),
        "AIMS_ANALYSIS_PROCESSES": "1",
        "AIMS_LOG_LEVEL": "WARNING",
        "AIMS_SECRET_KEY": secrets.token_urlsafe(32),
    }


def apps(env: dict[str, str], work: Path, count: int) -> list[Server]:
    """`count` × `aims run --no-worker` (not started, not pinned)."""
    found = []
    for number in range(count):
        port = free_port()
        command = [AIMS, "run", "--no-worker", "--port", str(port)]
        log = work / f"app-{number}.log"
        found.append(Server(f"app-{number}", command, port, env, log, core=None))
    return found


def workers(env: dict[str, str], work: Path, count: int) -> list[Server]:
    """`count` × `aims worker` (not started, not pinned; port 0: no HTTP)."""
    return [
        Server(f"worker-{n}", [AIMS, "worker"], 0, env, work / f"worker-{n}.log", core=None)
        for n in range(count)
    ]


@contextmanager
def started(processes: list[Server]) -> Iterator[None]:
    """Start every process at once, wait for those with a port to be healthy; stop all after."""
    with ExitStack() as stack:
        for process in processes:
            process.start(None)
            stack.callback(process.stop)
        for process in processes:
            if process.port:
                wait_until_healthy(process.url, STARTUP_SECONDS, lambda p=process: _exited(p))
        yield


def _exited(server: Server) -> str | None:
    """Why waiting for `server` is pointless: it has exited (None while it runs)."""
    if server.process is not None and server.process.poll() is None:
        return None
    return f"{server.name} exited; see {server.log}"


@contextmanager
def aims_processes(servers: Servers, app_count: int, worker_count: int) -> Iterator[list[Server]]:
    """`app_count` apps and `worker_count` workers on `servers`; yields the apps, healthy."""
    env = aims_env(servers)
    work = Path(servers.scratch)
    serving = apps(env, work, app_count)
    with started([*serving, *workers(env, work, worker_count)]):
        yield serving
