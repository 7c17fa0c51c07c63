"""The image's command, run as the container runs it: the entry point with the Dockerfile's
environment (production, embedded PostgreSQL on the data volume, no setting given). It serves
the whole product, keeps everything across a hard stop, and stops cleanly on SIGTERM."""

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD, bearer
from tests.support.processes import aims_env, stop, wait_for_health, wait_until_no_postgres
from tests.support.servers import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
ENTRYPOINT = ROOT / "scripts" / "docker-entrypoint.sh"
CREDENTIALS = {"email": "container-user@example.com", "password": PASSWORD}


def image_environment() -> dict[str, str]:
    """The runtime stage's ENV of the Dockerfile (the last stage's ENV instructions)."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    runtime = text.split(" AS runtime", 1)[1]
    found: dict[str, str] = {}
    for line in runtime.splitlines():
        if line.startswith("ENV "):
            found.update(pair.split("=", 1) for pair in line[4:].split())
    return found


def container_env(volume: Path) -> dict[str, str]:
    image = image_environment()
    assert image["AIMS_ENVIRONMENT"] == "production"
    aims_only = {k: v for k, v in image.items() if k.startswith("AIMS_")}
    env = aims_env(volume, **{**aims_only, "AIMS_DATA_DIR": str(volume)})
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    return env


@contextmanager
def container(volume: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The entry point with the image's default command (on loopback, a free port)."""
    port = free_port()
    process = subprocess.Popen(
        [str(ENTRYPOINT), "run", "--host", "127.0.0.1", "--port", str(port)],
        env=container_env(volume),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base, process)
        yield process, base
    finally:
        if process.poll() is None:
            stop(process, signal.SIGKILL)


def sign_in(base: str) -> httpx.Response:
    return httpx.post(f"{base}/api/v1/auth/login", json=CREDENTIALS, timeout=30)


def test_the_container_runs_everything_keeps_it_through_a_hard_stop_and_stops_on_sigterm(
    embedded_dir: Path,
) -> None:
    volume = embedded_dir / "volume"
    volume.mkdir(mode=0o700)
    with container(volume) as (process, base):
        ready = httpx.get(f"{base}/ready", timeout=10)
        assert ready.status_code == 200, ready.text
        registered = httpx.post(f"{base}/api/v1/auth/register", json=CREDENTIALS, timeout=30)
        assert registered.status_code == 201, registered.text
        token = sign_in(base).json()["access_token"]
        process.kill()  # `docker kill`, a power cut: no clean stop
        process.wait(30)
    secret = volume / "secret_key"
    assert secret.stat().st_mode & 0o777 == 0o600
    kept_secret = secret.read_text()

    with container(volume) as (process, base):
        assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
        assert httpx.get(f"{base}/api/v1/auth/me", headers=bearer(token)).status_code == 200
        assert sign_in(base).status_code == 200, "the account survives the restart"
        assert stop(process, signal.SIGTERM) == 0  # `docker stop`
    assert wait_until_no_postgres(volume) == []
    assert secret.read_text() == kept_secret
