#!/usr/bin/env bash
# Set up (if needed) and run every check: ruff, mypy --strict, then the whole
# pytest suite (import contracts included) against real PostgreSQL and Redis:
# AIMS_TEST_DATABASE_URL / AIMS_TEST_REDIS_URL when set, else embedded servers.
# Arguments go to pytest (after the defaults, so they win).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m compileall -q tests bench  # helpers the test processes import (see setup.sh)
# Two processes (pytest-xdist), one module per process at a time (module fixtures: live
# servers, browsers), longest modules first (tests/conftest.py orders them; xdist's own
# reordering, by number of tests, left the long one-test modules for the end); pass `-n 0`
# to run in one process.
exec .venv/bin/pytest -n 2 --dist loadscope --no-loadscope-reorder "$@"
