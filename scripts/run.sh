#!/usr/bin/env bash
# Set up (if needed) and run AIMS on its embedded default: a private PostgreSQL
# under ./.aims and in-process stores. Arguments go to `aims run`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/aims run "$@"
