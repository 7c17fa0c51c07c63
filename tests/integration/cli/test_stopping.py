"""Stopping `aims run` or `aims worker` stops the embedded PostgreSQL it started, unless
another AIMS process still uses it (SIGTERM is what systemd, Docker and supervisors send)."""

import json
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD
from tests.support.processes import (
    AIMS,
    STARTUP_SECONDS,
    aims_env,
    postgres_processes,
    start_aims,
    stop,
    wait_for_health,
    wait_until_no_postgres,
)
from tests.support.servers import free_port

pytestmark = pytest.mark.slow


def start_app(data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = start_aims("run", "--port", str(port), env=aims_env(data_dir))
    base = f"http://127.0.0.1:{port}"
    wait_for_health(base, process)
    return process, base


def handles(data_dir: Path) -> list[int]:
    """The processes pgserver counts as using the embedded server."""
    try:
        return list(json.loads((data_dir / "postgres" / ".handle_pids.json").read_text()))
    except (FileNotFoundError, json.JSONDecodeError):  # not there yet, or being rewritten
        return []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_app_leaves_no_postgres_behind(embedded_dir: Path, sig: signal.Signals) -> None:
    app, base = start_app(embedded_dir)
    assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
    assert postgres_processes(embedded_dir)
    assert stop(app, sig) == 0
    assert wait_until_no_postgres(embedded_dir) == []
    assert handles(embedded_dir) == []


def test_a_worker_stopped_with_sigterm_leaves_no_postgres_behind(embedded_dir: Path) -> None:
    worker = start_aims("worker", env=aims_env(embedded_dir))
    try:
        wait_for_handle(embedded_dir, worker.pid)
    finally:
        exit_code = stop(worker)
    assert exit_code == 0
    assert wait_until_no_postgres(embedded_dir) == []


def test_the_server_stays_while_another_aims_process_uses_it(embedded_dir: Path) -> None:
    app, _ = start_app(embedded_dir)
    worker = start_aims("worker", env=aims_env(embedded_dir))
    try:
        wait_for_handle(embedded_dir, worker.pid)
        assert stop(app) == 0
        assert postgres_processes(embedded_dir), "the worker still uses the server"
        assert create_admin(embedded_dir).returncode == 0, "the CLI beside the worker still works"
    finally:
        assert stop(worker) == 0
    assert wait_until_no_postgres(embedded_dir) == []


def test_a_killed_process_does_not_keep_the_server_forever(embedded_dir: Path) -> None:
    killed, _ = start_app(embedded_dir)
    stop(killed, signal.SIGKILL)  # no chance to release: its handle stays on the list
    assert postgres_processes(embedded_dir)
    app, base = start_app(embedded_dir)  # attaches to the orphaned server
    assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
    assert stop(app) == 0
    assert wait_until_no_postgres(embedded_dir) == []


def wait_for_handle(data_dir: Path, pid: int) -> None:
    """Wait until process `pid` has attached to the embedded server."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while pid not in handles(data_dir):
        assert time.monotonic() < deadline, "the process never attached to the server"
        time.sleep(0.2)


def create_admin(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AIMS, "users", "create-admin", "--email", "root@example.com", "--password-stdin"],
        input=PASSWORD + "\n",
        env=aims_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
    )
