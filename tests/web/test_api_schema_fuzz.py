"""Schemathesis against a live AIMS: every check on, without a bearer token, with a user's and
with an administrator's (so the admin API, its multipart upload included, is exercised past
its guard).

No answer may be a server error, and every answer must be what the OpenAPI document says:
its status, media type, headers and body. Examples per operation are bounded so the three
runs stay within a few minutes on two cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.accounts import live_access_token
from tests.support.browser import LiveServer

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = 10
SEED = 20261130  # reproducible: a failure here fails the same way on the next run
# These end the token's own session (or change its password): the token-bearing run would
# fuzz the rest of the API signed out. The run without a token covers them.
SESSION_ENDING = r"^/api/v1/auth/(logout|logout-all)$"
# What only an administrator gets past the guard of: the admin API, another user's profile
# and token introspection. The user's run sees their 403s; the administrator's run the rest.
ADMIN_ONLY = r"^/api/v1/(admin/|profiles/\{|auth/introspect$)"


@pytest.fixture(scope="module")
def hypothesis_storage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Hypothesis's storage for the three runs: its tables of which characters each codec can
    encode (seconds of CPU to compute) are then built once. Nothing else is kept there: a
    deterministic run uses no example database."""
    return tmp_path_factory.mktemp("hypothesis")


def _schemathesis(server: LiveServer, tmp_path: Path, storage: Path, *options: str) -> str:
    command = [
        str(Path(sys.executable).with_name("st")),
        f"--config-file={CONFIG}",
        "run",
        f"{server.url}/schema/openapi.json",
        "--checks=all",
        f"--max-examples={MAX_EXAMPLES}",
        f"--seed={SEED}",
        "--phases=examples,coverage,fuzzing",
        "--generation-deterministic",
        f"--report-dir={tmp_path}",
        "--no-color",
        *options,
    ]
    env = os.environ | {"HYPOTHESIS_STORAGE_DIRECTORY": str(storage)}
    done = subprocess.run(  # in tmp_path: schemathesis keeps a cache in its working directory
        command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stdout[-20_000:] + done.stderr[-5_000:]
    return done.stdout


@pytest.mark.slow
def test_the_api_keeps_its_schema_for_anonymous_callers(
    live_server: LiveServer, tmp_path: Path, hypothesis_storage: Path
) -> None:
    _schemathesis(live_server, tmp_path, hypothesis_storage)


@pytest.mark.slow
def test_the_api_keeps_its_schema_for_a_signed_in_caller(
    live_server: LiveServer, tmp_path: Path, hypothesis_storage: Path
) -> None:
    token = live_access_token(live_server.url, "fuzz-user@example.com")
    _schemathesis(
        live_server,
        tmp_path,
        hypothesis_storage,
        f"--header=Authorization: Bearer {token}",
        f"--exclude-path-regex={SESSION_ENDING}",
    )


@pytest.mark.slow
def test_the_api_keeps_its_schema_for_an_administrator(
    live_server: LiveServer, database_url: str, tmp_path: Path, hypothesis_storage: Path
) -> None:
    token = live_access_token(live_server.url, "fuzz-admin@example.com", admin_in=database_url)
    _schemathesis(
        live_server,
        tmp_path,
        hypothesis_storage,
        f"--header=Authorization: Bearer {token}",
        f"--include-path-regex={ADMIN_ONLY}",
    )
