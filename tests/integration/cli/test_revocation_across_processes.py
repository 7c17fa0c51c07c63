"""A revocation made by one process — another `aims run`, or the operator's CLI — is enforced
by every `aims run` within a second, on the default in-process stores (no Redis)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD, new_email
from tests.support.servers import free_port, wait_until_healthy

AIMS = str(Path(sys.executable).with_name("aims"))


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIMS_")}
    return env | {
        "AIMS_DATABASE_URL": database_url,
        "AIMS_DATA_DIR": str(data_dir),
        "AIMS_ARGON2_MEMORY_KIB": "1024",
        "AIMS_ARGON2_TIME_COST": "1",
    }


@contextmanager
def app_process(env: dict[str, str]) -> Iterator[httpx.Client]:
    port = free_port()
    process = subprocess.Popen(
        [AIMS, "run", "--no-worker", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, 90, lambda: None if process.poll() is None else "exited")
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)


def me_status(client: httpx.Client, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return client.get("/api/v1/auth/me", headers=headers).status_code


def refused_within_a_second(client: httpx.Client, token: str) -> bool:
    deadline = time.monotonic() + 1.0
    while me_status(client, token) != 401:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def sign_in(client: httpx.Client, email: str) -> str:
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


@pytest.mark.slow
def test_logout_in_one_process_and_the_cli_disabling_an_account_reach_every_process(
    database_url: str, tmp_path: Path
) -> None:
    env = environment(database_url, tmp_path)
    email = new_email()
    with ExitStack() as stack:
        first, second = (stack.enter_context(app_process(env)) for _ in range(2))
        registered = first.post(
            "/api/v1/auth/register", json={"email": email, "password": PASSWORD}
        )
        assert registered.status_code == 201, registered.text
        token = sign_in(first, email)
        assert me_status(first, token) == me_status(second, token) == 200

        assert second.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert me_status(second, token) == 401, "at once in the process that revoked"
        assert refused_within_a_second(first, token)

        token = sign_in(second, email)
        assert me_status(first, token) == 200
        disabled = subprocess.run(
            [AIMS, "users", "disable", email], env=env, capture_output=True, text=True, timeout=120
        )
        assert disabled.returncode == 0, disabled.stderr
        assert refused_within_a_second(first, token)
        assert refused_within_a_second(second, token)
