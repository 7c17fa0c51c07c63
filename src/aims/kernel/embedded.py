"""The embedded default: a private PostgreSQL server under the data directory.

Every process that needs the database on the embedded default (the app, the
CLI, a worker) attaches to the same server; pgserver counts the handles and
stops the server when the last one exits, keeping the data on disk.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
from psycopg import sql

from aims.kernel.settings import Settings

log = logging.getLogger(__name__)

DATABASE_NAME = "aims"


class EmbeddedDatabaseError(RuntimeError):
    """The embedded PostgreSQL server could not be started."""


def start_embedded_postgres(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or attach to) the server under `data_dir` and return a SQLAlchemy URL."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded default needs it

    pgdata = (data_dir / "postgres").resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        server = pgserver.get_server(pgdata, cleanup_mode="stop")  # type: ignore[attr-defined]
    except Exception as exc:
        raise EmbeddedDatabaseError(
            f"cannot start embedded PostgreSQL in {pgdata}: {exc} (see {pgdata / 'log'})"
        ) from None
    socket_dir = _socket_dir(server.get_uri())
    _ensure_database(socket_dir, database)
    log.info("embedded PostgreSQL ready", extra={"pgdata": str(pgdata)})
    return f"postgresql+psycopg://postgres@/{database}?host={socket_dir}"


def resolve_database_url(settings: Settings) -> str:
    """The configured database URL, starting the embedded server when none is set."""
    if settings.database_url is not None:
        return settings.database_url
    return start_embedded_postgres(settings.data_path)


def _socket_dir(uri: str) -> str:
    hosts = parse_qs(urlparse(uri).query).get("host")
    if not hosts:
        raise EmbeddedDatabaseError(f"embedded PostgreSQL gave no socket directory: {uri}")
    return hosts[0]


def _ensure_database(socket_dir: str, database: str) -> None:
    with psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
        ).fetchone()
        if exists is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
