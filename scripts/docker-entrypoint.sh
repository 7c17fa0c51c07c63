#!/bin/sh
# The image's entry point: `aims ARGUMENTS...` (default `run --host 0.0.0.0 --port 8000`).
# In the single-container shape (no AIMS_DATABASE_URL, embedded PostgreSQL on the volume) a
# production process without a configured secret keeps a generated one beside its data, so
# `docker run -v aims:/var/lib/aims IMAGE` needs no setting; a shared deployment sets
# AIMS_SECRET_KEY (or AIMS_SECRET_KEY_FILE) for every process instead.
set -eu
if [ -z "${AIMS_SECRET_KEY:-}${AIMS_SECRET_KEY_FILE:-}${AIMS_DATABASE_URL:-}" ]; then
  key="${AIMS_DATA_DIR:?}/secret_key"
  if [ ! -s "$key" ]; then
    umask 077
    python -c 'import secrets; print(secrets.token_urlsafe(48))' >"$key.new"
    mv "$key.new" "$key"
  fi
  export AIMS_SECRET_KEY_FILE="$key"
fi
exec aims "$@"
