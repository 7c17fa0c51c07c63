"""`aims run` on the embedded default, as a user starts it from a shell."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest

from tests.support.servers import free_port

AIMS = str(Path(sys.executable).with_name("aims"))


def aims_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}
    return {**env, "AIMS_DATA_DIR": str(data_dir), **extra}


@contextmanager
def running_aims(data_dir: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [AIMS, "run", "--port", str(port)],
        env=aims_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(60)


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"aims run exited: {process.stderr.read().decode() if process.stderr else ''}"
            )
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise AssertionError("aims run did not come up")


def embedded_socket(data_dir: Path) -> str:
    return str(data_dir / "postgres")


@pytest.mark.slow
def test_embedded_default_serves_and_keeps_data_across_restarts(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with running_aims(data_dir) as base:
        ready = httpx.get(f"{base}/ready", timeout=10)
        assert ready.status_code == 200, ready.text
        assert set(ready.json()["checks"]) == {"database", "redis", "tesseract"}
        with psycopg.connect(
            host=embedded_socket(data_dir), user="postgres", dbname="aims"
        ) as conn:
            conn.execute("CREATE TABLE public.survives_restart (note text)")
            conn.execute("INSERT INTO public.survives_restart VALUES ('kept')")
    with running_aims(data_dir) as base:
        assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
        with psycopg.connect(
            host=embedded_socket(data_dir), user="postgres", dbname="aims"
        ) as conn:
            assert conn.execute("SELECT note FROM public.survives_restart").fetchone() == ("kept",)


def test_several_workers_without_redis_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    result = subprocess.run(
        [AIMS, "run", "--workers", "2"],
        env=aims_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "AIMS_REDIS_URL" in result.stderr


def test_a_bad_setting_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    result = subprocess.run(
        [AIMS, "run"],
        env=aims_env(tmp_path, AIMS_DB_POOL_SIZE="lots"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.startswith("aims: error: AIMS_DB_POOL_SIZE")
    assert "Traceback" not in result.stderr


def test_check_reports_what_the_machine_has(tmp_path: Path) -> None:
    result = subprocess.run(
        [AIMS, "check"], env=aims_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "ok" in lines["tesseract"]
    assert "jpn_vert" in lines["tesseract"]
    assert "ok" in lines["database"]
    assert "not configured" in lines["redis"]


def test_check_names_a_missing_tesseract(tmp_path: Path) -> None:
    result = subprocess.run(
        [AIMS, "check"],
        env=aims_env(
            tmp_path,
            AIMS_TESSERACT_CMD="no-such-tesseract",
            AIMS_DATABASE_URL="postgresql+psycopg://x@127.0.0.1:1/x",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "MISSING" in result.stdout
    assert "no-such-tesseract not found" in result.stdout
