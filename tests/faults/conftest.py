"""Fault tests: real PostgreSQL and Redis servers of their own that a test may stop, a disk
that fills up, processes killed. Each test is bounded; the servers shared by the rest of the
suite are never touched."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from aims.kernel import migrations
from aims.kernel.embedded import release_embedded_postgres, start_embedded_postgres
from aims.kernel.settings import env_name
from tests.conftest import directory_outside_pytest
from tests.support.processes import (
    aims_env,
    start_aims,
    start_postgres,
    stop,
    stop_postgres,
    wait_for_health,
)
from tests.support.servers import free_port

FAST_HASHING_SETTINGS = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}
"""Cheap password hashing: the faults are under test, not argon2."""
FAST_HASHING = {env_name(field): str(value) for field, value in FAST_HASHING_SETTINGS.items()}


@dataclass(frozen=True)
class OwnPostgres:
    """An embedded PostgreSQL of the fault tests, with the migrated database `aims`."""

    data_dir: Path
    url: str

    def stop(self) -> None:
        """Stop the server (fast: every client is cut off)."""
        stop_postgres(self.data_dir)

    def start(self) -> None:
        """Start the server again with the options it had."""
        start_postgres(self.data_dir)


@pytest.fixture(scope="package")
def own_postgres() -> Iterator[OwnPostgres]:
    """A PostgreSQL server for the fault tests alone; a test that stops it starts it again."""
    with directory_outside_pytest() as path:
        url = start_embedded_postgres(path)
        migrations.upgrade(url)
        yield OwnPostgres(path, url)
        release_embedded_postgres(path)


@contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted at `path` (needs root, or passwordless sudo)."""
    path.mkdir(parents=True, exist_ok=True)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    mount = subprocess.run(
        [*sudo, "mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    assert mount.returncode == 0, f"cannot mount a {size} tmpfs (root needed): {mount.stderr}"
    try:
        yield path
    finally:
        subprocess.run([*sudo, "umount", "--lazy", str(path)], check=True)


@contextmanager
def running_app(
    postgres: OwnPostgres, *options: str, **env: str
) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    """`aims run OPTIONS` on `postgres` (and `env`), with a client of it; stopped with SIGTERM
    at the end (SIGKILL would leave the server processes of `--workers N` behind)."""
    port = free_port()
    settings = {"AIMS_DATABASE_URL": postgres.url, **FAST_HASHING, **env}
    with directory_outside_pytest() as data_dir:
        process = start_aims(
            "run", "--port", str(port), *options, env=aims_env(data_dir, **settings)
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base, process)
            with httpx.Client(base_url=base, timeout=30) as client:
                yield process, client
        finally:
            if process.poll() is None:
                stop(process, signal.SIGTERM)
