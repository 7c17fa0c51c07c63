"""`aims run` on the embedded default, as a user starts it from a shell."""

import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD
from tests.support.processes import AIMS, aims_env, running_aims


@pytest.mark.slow
def test_embedded_default_serves_and_keeps_data_across_restarts(embedded_dir: Path) -> None:
    data_dir = embedded_dir / "data"
    credentials = {"email": "first-admin@example.com", "password": PASSWORD}
    with running_aims(data_dir) as base:
        ready = httpx.get(f"{base}/ready", timeout=10)
        assert ready.status_code == 200, ready.text
        assert set(ready.json()["checks"]) == {"database", "redis", "tesseract", "worker"}
        created = subprocess.run(
            [AIMS, "users", "create-admin", "--email", credentials["email"], "--password-stdin"],
            input=PASSWORD + "\n",
            env=aims_env(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        assert (
            httpx.post(f"{base}/api/v1/auth/login", json=credentials, timeout=30).status_code == 200
        )
    with running_aims(data_dir) as base:
        assert httpx.get(f"{base}/ready", timeout=10).status_code == 200
        signed_in = httpx.post(f"{base}/api/v1/auth/login", json=credentials, timeout=30)
        assert signed_in.status_code == 200, "the account survives the restart"
        me = httpx.get(
            f"{base}/api/v1/auth/me",
            headers={"Authorization": f"Bearer {signed_in.json()['access_token']}"},
            timeout=10,
        )
        assert me.json()["roles"] == ["super_admin"]


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


def test_check_reports_what_the_machine_has(embedded_dir: Path) -> None:
    result = subprocess.run(
        [AIMS, "check"], env=aims_env(embedded_dir), capture_output=True, text=True, timeout=120
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
            AIMS_TESSDATA_DIR=str(tmp_path / "no-tessdata"),
            AIMS_DATABASE_URL="postgresql+psycopg://x@127.0.0.1:1/x",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "MISSING" in result.stdout
    assert f"no Tesseract language data in {tmp_path / 'no-tessdata'}" in result.stdout


@pytest.mark.parametrize(
    "command", [["db", "upgrade"], ["users", "unlock", "someone@example.com"], ["keys", "list"]]
)
def test_an_unreachable_database_is_a_one_line_error(tmp_path: Path, command: list[str]) -> None:
    unreachable = "postgresql+psycopg://aims@127.0.0.1:1/aims"
    result = subprocess.run(
        [AIMS, *command],
        env=aims_env(tmp_path, AIMS_DATABASE_URL=unreachable),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("aims: error: connection failed")
