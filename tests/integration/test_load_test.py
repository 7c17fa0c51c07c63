"""The load test of bench/load stays runnable: a tiny run against the suite's servers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from aims.kernel import migrations
from tests.support.servers import create_database, drop_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def load_database(postgres_server: str) -> Iterator[str]:
    """A migrated database of this test's own (its workers see no other test's jobs)."""
    url = create_database(postgres_server, prefix="aims_load")
    migrations.upgrade(url)
    yield url
    drop_database(postgres_server, url)


@pytest.mark.slow
def test_a_tiny_load_run_reads_every_acknowledged_write_back(
    load_database: str, redis_url: str, tmp_path: Path
) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("AIMS_")}
    env |= {"AIMS_ARGON2_MEMORY_KIB": "1024", "AIMS_ARGON2_TIME_COST": "1"}
    command = [sys.executable, str(ROOT / "bench" / "load" / "run.py"), "--minutes", "0.1"]
    command += ["--max-users", "2", "--drain-seconds", "0", "--output", str(tmp_path)]
    command += ["--database-url", load_database, "--redis-url", redis_url]

    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)

    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = (tmp_path / "load.md").read_text()
    assert "Highest rate held with 0 errors" in report
    checked = re.search(r"\*\*Checked (\d+), lost (\d+)\.\*\*", report)
    assert checked is not None, report
    assert int(checked.group(1)) > 0
    assert checked.group(2) == "0"
