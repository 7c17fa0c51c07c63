"""Load from outside: servers as child processes pinned to cores, wrk as the load generator.

The layout of bench/hotpaths.py: the servers under test share core 0 (one core each, as
`taskset` gives it), while PostgreSQL, Redis and wrk run on core 1, so the load
generator never competes with the server it measures.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

SERVER_CORE = 0
LOAD_CORE = 1


def cores_available() -> bool:
    """Whether this machine has the two cores the layout pins to."""
    return len(os.sched_getaffinity(0)) >= 2


def pin(pid: int, core: int) -> None:
    """Move a process and every thread and child it has to one core."""
    for task in _tree(pid):
        try:
            os.sched_setaffinity(task, {core})
        except (ProcessLookupError, PermissionError):
            continue


def _tree(pid: int) -> list[int]:
    """A process, its threads and its descendants (from /proc)."""
    found = [pid]
    tasks = Path(f"/proc/{pid}/task")
    if tasks.exists():
        found += [int(task.name) for task in tasks.iterdir()]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            found += _tree(int(child))
    return found


@dataclass
class Server:
    """An HTTP server started as a child process and pinned to the server core."""

    name: str
    command: Sequence[str]
    port: int
    env: dict[str, str]
    log: Path
    cwd: Path | None = None
    core: int | None = SERVER_CORE
    """The core the server is pinned to; None: not pinned."""
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, health_path: str | None, seconds: float = 120) -> None:
        """Start and wait until `health_path` answers (None: a process without HTTP, such as
        `aims worker`, is not waited for)."""
        pinned = [] if self.core is None else ["taskset", "-c", str(self.core)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [*pinned, *self.command],
                env={**os.environ, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.cwd,
            )
        if health_path is None:
            return
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; see {self.log}")
            try:
                if httpx.get(self.url + health_path, timeout=1).status_code < 500:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not come up; see {self.log}")

    def stop(self) -> None:
        """Ask to stop (SIGTERM), kill after 30 s."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


@dataclass(frozen=True)
class WrkResult:
    """What wrk measured: requests per second, latency quantiles, errors."""

    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
_QUANTILE = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*?(\d+) timeout")


def wrk(
    url: str,
    *,
    seconds: int,
    connections: int,
    headers: dict[str, str] | None = None,
    script: str | None = None,
) -> WrkResult:
    """Run wrk (one thread, on the load core) against `url` and parse its report."""
    command = ["taskset", "-c", str(LOAD_CORE), "wrk", "-t1", f"-c{connections}"]
    command += [f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script is not None:
            lua.write(script)
            lua.flush()
            command += ["-s", lua.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return _parse(output)


def _parse(output: str) -> WrkResult:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    quantiles = {q: float(v) * _UNIT_MS[unit] for q, v, unit in _QUANTILE.findall(output)}
    if rate is None or set(quantiles) != {"50", "99"}:
        raise RuntimeError(f"cannot read wrk's report:\n{output}")
    errors = sum(int(a or b or 0) for a, b in _ERRORS.findall(output))
    return WrkResult(float(rate.group(1)), quantiles["50"], quantiles["99"], errors)


def post_script(body: str, content_type: str) -> str:
    """A wrk Lua script that POSTs `body` on every request."""
    escaped = body.replace("\\", "\\\\").replace('"', '\\"')
    return (
        'wrk.method = "POST"\n'
        f'wrk.body = "{escaped}"\n'
        f'wrk.headers["Content-Type"] = "{content_type}"\n'
    )


@contextmanager
def background_wrk(url: str, *, seconds: int, connections: int, script: str) -> Iterator[None]:
    """wrk running in the background for the duration of the block (a load, not a measure)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        command = ["taskset", "-c", str(LOAD_CORE), "wrk", "-t1", f"-c{connections}"]
        command += [f"-d{seconds}s", "-s", lua.name, url]
        flood = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            yield
        finally:
            flood.terminate()
            flood.wait()


def peer_venv(work: Path, requirements: Path) -> Path:
    """The peer's own virtual environment (created once per requirements file)."""
    venv = work / "peer-venv"
    marker = venv / "requirements.txt"
    wanted = requirements.read_text()
    if not (marker.exists() and marker.read_text() == wanted):
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", str(requirements)], check=True)
        marker.write_text(wanted)
    return venv
