"""AIMS commands run as a user runs them: separate processes, stopped with signals."""

from __future__ import annotations

import os
import pwd
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from tests.support.servers import free_port, wait_until_healthy

AIMS = str(Path(sys.executable).with_name("aims"))
STARTUP_SECONDS = 180
"""How long a first start may take: initdb and migrations, on a busy two-core machine."""


def aims_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """This environment without any AIMS_* variable, plus the data directory and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}
    return {**env, "AIMS_DATA_DIR": str(data_dir), **extra}


def start_aims(*arguments: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`aims ARGUMENTS...` in the background (stderr kept for failure messages)."""
    return subprocess.Popen(
        [AIMS, *arguments], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> None:
    """Wait until the app of `process` answers /health; fail early if it exits."""

    def exited() -> str | None:
        if process.poll() is None:
            return None
        return f"aims exited: {process.stderr.read().decode() if process.stderr else ''}"

    wait_until_healthy(base, STARTUP_SECONDS, exited)


@contextmanager
def running_aims(data_dir: Path, *options: str, **env: str) -> Iterator[str]:
    """`aims run` on a free port until the block ends (then stopped with SIGINT)."""
    port = free_port()
    process = start_aims("run", "--port", str(port), *options, env=aims_env(data_dir, **env))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process)
        yield base
    finally:
        stop(process, signal.SIGINT)


def stop(process: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGTERM) -> int:
    """Send `sig` and wait for the process to end; its exit code."""
    process.send_signal(sig)
    return process.wait(60)


def postgres_processes(data_dir: Path) -> list[psutil.Process]:
    """The PostgreSQL server processes whose data directory lies under `data_dir`."""
    pgdata = str((data_dir / "postgres").resolve())
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and pgdata in (process.info["cmdline"] or []):
            found.append(process)
    return found


def wait_until_no_postgres(data_dir: Path, seconds: float = 30) -> list[psutil.Process]:
    """Wait for the server of `data_dir` to be gone; the processes still there after `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := postgres_processes(data_dir)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def embedded_database_url(data_dir: Path) -> str:
    """The URL of the running embedded server under `data_dir` (without attaching to it)."""
    socket_dir = (data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[4]
    return f"postgresql+psycopg://postgres@/aims?host={socket_dir}"


def restart_postgres(data_dir: Path, down_seconds: float) -> None:
    """Stop the embedded server under `data_dir` (fast: every client is cut off), keep it down
    for `down_seconds`, then start it again with the options it had."""
    stop_postgres(data_dir)
    time.sleep(down_seconds)
    start_postgres(data_dir)


def stop_postgres(data_dir: Path) -> None:
    """Stop the embedded server under `data_dir` in fast mode, as its owner."""
    _pg_ctl(data_dir, "-m", "fast", "stop")


def start_postgres(data_dir: Path) -> None:
    """Start the embedded server under `data_dir` again, with the options it last had."""
    pgdata = (data_dir / "postgres").resolve()
    _binary, *arguments = shlex.split((pgdata / "postmaster.opts").read_text())
    at = arguments.index("-D")
    options = arguments[:at] + arguments[at + 2 :]
    _pg_ctl(data_dir, "-l", str(pgdata / "log"), "-o", shlex.join(options), "start")


def _pg_ctl(data_dir: Path, *arguments: str) -> None:
    pgdata = (data_dir / "postgres").resolve()
    binary = shlex.split((pgdata / "postmaster.opts").read_text())[0]
    pg_ctl = [str(Path(binary).with_name("pg_ctl")), "-D", str(pgdata), "-w"]
    owner = pwd.getpwuid(pgdata.stat().st_uid).pw_name if os.geteuid() == 0 else None
    subprocess.run([*pg_ctl, *arguments], user=owner, check=True, capture_output=True)
