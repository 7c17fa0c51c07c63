"""The app killed (SIGKILL) in the middle of a request that writes several rows: the request's
transaction never commits, so nothing of it is left — no account without its audit record,
token or event."""

import contextlib
import signal
import threading
import time

import httpx
import psycopg
import pytest

from aims.kernel.db import libpq_url
from tests.faults.conftest import OwnPostgres, running_app
from tests.support.accounts import PASSWORD, new_email

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60
REGISTRATION_TABLES = ("auth.users", "auth.one_time_tokens", "auth.audit_events", "auth.outbox")


def row_counts(conn: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for table in REGISTRATION_TABLES:
        counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]  # noqa: S608
    return counts


OTHER_BACKENDS = (
    "SELECT count(*) FILTER (WHERE true), count(*) FILTER (WHERE wait_event_type = 'Lock')"
    " FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    " AND backend_type = 'client backend'"
)


def wait_for(conn: psycopg.Connection, what: str, *, connected: bool, waiting: bool) -> None:
    """Poll the other client backends on this database until some are (or none is) connected
    and some are (or none is) waiting on a lock."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        others, on_lock = conn.execute(OTHER_BACKENDS).fetchall()[0]
        if (others > 0) == connected and (on_lock > 0) == waiting:
            return
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {WAIT_SECONDS} s")


def test_an_app_killed_mid_registration_leaves_no_partial_rows(own_postgres: OwnPostgres) -> None:
    email = new_email()
    with (
        psycopg.connect(libpq_url(own_postgres.url), autocommit=True) as watcher,
        running_app(own_postgres, "--no-worker") as (process, client),
    ):
        before = row_counts(watcher)
        with watcher.transaction():
            # the registration stops at its audit record, its account and token already written
            watcher.execute("LOCK TABLE auth.audit_events IN SHARE ROW EXCLUSIVE MODE")
            request = threading.Thread(target=register_ignoring_the_answer, args=(client, email))
            request.start()
            wait_for(watcher, "the registration waiting on the lock", connected=True, waiting=True)
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        request.join(WAIT_SECONDS)
        wait_for(watcher, "the killed app's connections closing", connected=False, waiting=False)

        assert row_counts(watcher) == before
        found = watcher.execute("SELECT count(*) FROM auth.users WHERE email = %s", (email,))
        assert found.fetchall()[0][0] == 0


def register_ignoring_the_answer(client: httpx.Client, email: str) -> None:
    with contextlib.suppress(httpx.TransportError):  # the app dies under it
        client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
