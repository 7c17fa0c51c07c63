"""The embedded default: a private PostgreSQL server under the data directory.

Every process that needs the database on the embedded default (the app, the
CLI, a worker) attaches to the same server; pgserver counts the handles (the
process ids in `<pgdata>/.handle_pids.json`) and stops the server when the last
one is released, keeping the data on disk. A process released on normal exit;
long-running commands release explicitly (`attached_database`), because a
signal ends a process without its exit handlers.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import psycopg
from psycopg import sql

from aims.kernel.settings import Settings

log = logging.getLogger(__name__)

DATABASE_NAME = "aims"


class EmbeddedDatabaseError(RuntimeError):
    """The embedded PostgreSQL server could not be started."""


def start_embedded_postgres(data_dir: Path, database: str = DATABASE_NAME) -> str:
    """Start (or attach to) the server under `data_dir` and return a SQLAlchemy URL; this
    process holds its handle until it exits."""
    server = _attach(data_dir)
    socket_dir = _socket_dir(server.get_uri())
    _ensure_database(socket_dir, database)
    log.info("embedded PostgreSQL ready", extra={"pgdata": str(server.pgdata)})
    return f"postgresql+psycopg://postgres@/{database}?host={socket_dir}"


def resolve_database_url(settings: Settings) -> str:
    """The configured database URL, starting the embedded server when none is set."""
    if settings.database_url is not None:
        return settings.database_url
    return start_embedded_postgres(settings.data_path)


@contextmanager
def attached_database(settings: Settings) -> Iterator[str]:
    """The database URL while a command runs; on the embedded default the server is released
    afterwards, and so stopped unless another AIMS process still uses it."""
    url = resolve_database_url(settings)
    try:
        yield url
    finally:
        if settings.uses_embedded_database:
            release_embedded_postgres(settings.data_path)


def release_embedded_postgres(data_dir: Path) -> None:
    """Drop this process's handle on the server under `data_dir`; the last handle stops it.
    Handles of processes that died without releasing (killed) are dropped first, so they
    cannot keep the server running forever."""
    pgserver = _pgserver()
    server = pgserver.PostgresServer._instances.get(_pgdata(data_dir))
    if server is None:
        return
    with server._lock:
        handles = server.global_process_id_list
        handles.put([pid for pid in handles.get() if _alive(pid)])
        # the server running now, which is not the one attached to if it was restarted since
        server._postmaster_info = pgserver.utils.PostmasterInfo.read_from_pgdata(server.pgdata)
    server.cleanup()  # with cleanup_mode="stop": stops the server if this was the last handle
    log.info("embedded PostgreSQL released", extra={"pgdata": str(server.pgdata)})


def _attach(data_dir: Path) -> Any:
    pgserver = _pgserver()
    pgdata = _pgdata(data_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        return pgserver.get_server(pgdata, cleanup_mode="stop")
    except Exception as exc:
        raise EmbeddedDatabaseError(
            f"cannot start embedded PostgreSQL in {pgdata}: {exc} (see {pgdata / 'log'})"
        ) from None


def _pgserver() -> Any:
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver  # imported lazily: only the embedded default needs it
        import pgserver.utils
    return pgserver


def _pgdata(data_dir: Path) -> Path:
    return (data_dir / "postgres").resolve()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


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
