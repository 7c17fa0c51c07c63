"""`aims users ...` and `aims keys ...` against the same database as the app."""

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.cli import main
from tests.integration.auth.conftest import FAST_HASHING
from tests.support.accounts import PASSWORD, bearer, new_email


@pytest.fixture
def aims(database_url: str, redis_url: str, tmp_path: Path) -> Callable[..., Result]:
    """Run an `aims` command with the app's database and Redis."""
    env = {
        "AIMS_DATABASE_URL": database_url,
        "AIMS_REDIS_URL": redis_url,
        "AIMS_DATA_DIR": str(tmp_path / "data"),
        "AIMS_ARGON2_MEMORY_KIB": str(FAST_HASHING["argon2_memory_kib"]),
        "AIMS_ARGON2_TIME_COST": str(FAST_HASHING["argon2_time_cost"]),
    }

    def run(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=stdin, env=env)

    return run


def test_create_admin_from_stdin_and_refuse_weak_or_taken(aims: Callable[..., Result]) -> None:
    address = new_email()
    created = aims(
        "users", "create-admin", "--email", address, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert created.exit_code == 0, created.output
    assert f"created super_admin {address}" in created.output
    again = aims(
        "users", "create-admin", "--email", address, "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert again.exit_code == 1
    assert "already has an account" in again.output
    weak = aims(
        "users", "create-admin", "--email", new_email(), "--password-stdin", stdin="password\n"
    )
    assert weak.exit_code == 1
    assert weak.output.strip() == "aims: error: password: This password is too common to be safe."


def test_no_terminal_and_no_stdin_flag_is_a_one_line_error(aims: Callable[..., Result]) -> None:
    result = aims("users", "create-admin", "--email", new_email())
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "aims: error: no terminal to ask for the password; use --password-stdin"
    )


async def test_set_role_disable_and_unlock_reach_a_running_app(
    aims: Callable[..., Result], app_for: Callable[..., Litestar], redis_url: str
) -> None:
    address = new_email()
    async with AsyncTestClient(app_for(redis_url=redis_url, **FAST_HASHING)) as api:
        await api.post("/api/v1/auth/register", json={"email": address, "password": PASSWORD})
        wrong = {"email": address, "password": "not my password at all"}
        for _ in range(5):
            await api.post("/api/v1/auth/login", json=wrong)
        locked = await asyncio.to_thread(aims, "users", "unlock", address)
        assert locked.exit_code == 0, locked.output
        login = await api.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
        assert login.status_code == 200

        promoted = await asyncio.to_thread(aims, "users", "set-role", address, "admin")
        assert promoted.output.strip() == f"{address}: role admin, active"
        me = await api.get("/api/v1/auth/me", headers=bearer(login.json()["access_token"]))
        assert me.status_code == 401  # the role change ended the session

        login = await api.post("/api/v1/auth/login", json={"email": address, "password": PASSWORD})
        assert (await asyncio.to_thread(aims, "users", "disable", address)).exit_code == 0
        me = await api.get("/api/v1/auth/me", headers=bearer(login.json()["access_token"]))
        assert me.status_code == 401
    unknown = await asyncio.to_thread(aims, "users", "disable", new_email())
    assert unknown.exit_code == 1
    assert "no account has the e-mail" in unknown.output
    bad_role = await asyncio.to_thread(aims, "users", "set-role", address, "emperor")
    assert bad_role.exit_code == 2


def test_keys_list_and_rotate(aims: Callable[..., Result]) -> None:
    before = aims("keys", "list")
    assert before.exit_code == 0, before.output
    current = next(line for line in before.output.splitlines() if line.startswith("current"))
    following = next(line for line in before.output.splitlines() if line.startswith("next"))
    rotated = aims("keys", "rotate")
    assert rotated.exit_code == 0, rotated.output
    lines = rotated.output.splitlines()
    assert following.split()[2] in next(line for line in lines if line.startswith("current"))
    assert any(line.startswith("retiring") and current.split()[2] in line for line in lines)


@pytest.mark.slow
def test_create_admin_on_the_embedded_default_migrates_and_uses_its_database(
    tmp_path: Path,
) -> None:
    env = {"AIMS_DATA_DIR": str(tmp_path / "data"), "AIMS_DATABASE_URL": "", "AIMS_REDIS_URL": ""}
    runner = CliRunner()
    created = runner.invoke(
        main,
        ["users", "create-admin", "--email", "root@example.com", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
    )
    assert created.exit_code == 0, created.output
    listed = runner.invoke(main, ["keys", "list"], env=env)
    assert listed.output.startswith("current")
    unlocked = runner.invoke(main, ["users", "unlock", "root@example.com"], env=env)
    assert unlocked.output.strip() == "root@example.com: role super_admin, active"
