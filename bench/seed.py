"""Rows written straight into the tables in bulk (generate_series), for benchmarks and the
load test: accounts with a known password, account events, documents and their audit trail."""

from __future__ import annotations

import argon2
import psycopg

from aims.kernel.db import libpq_url
from aims.kernel.settings import Settings


def password_hash(password: str, settings: Settings) -> str:
    """The argon2id PHC string the app would store for `password` (same parameters)."""
    hasher = argon2.PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        hash_len=32,
        salt_len=16,
        type=argon2.Type.ID,
    )
    return hasher.hash(password)


def connect(database_url: str) -> psycopg.Connection[tuple[object, ...]]:
    """An autocommit connection to the database at the SQLAlchemy URL."""
    return psycopg.connect(libpq_url(database_url), autocommit=True)


def users(
    database_url: str, prefix: str, count: int, phc: str, role: str = "user", start: int = 0
) -> list[str]:
    """Insert accounts `<prefix>-<n>@example.com` (n from `start`), active, with password hash
    `phc`; return their addresses."""
    with connect(database_url) as conn:
        conn.execute(
            """
            INSERT INTO auth.users (id, email, password_hash, role, state, created_at,
                                    password_changed_at, email_verified_at)
            SELECT gen_random_uuid(), %(prefix)s || '-' || n || '@example.com', %(phc)s,
                   %(role)s, 'active', now() - n * interval '1 second', now(), now()
            FROM generate_series(%(start)s::int, %(stop)s::int) AS n
            """,
            {"prefix": prefix, "phc": phc, "role": role, "start": start, "stop": start + count - 1},
        )
    return [f"{prefix}-{n}@example.com" for n in range(start, start + count)]


def account_events(database_url: str, count: int) -> None:
    """Insert `count` sign-in events of auth's audit trail, one second apart."""
    with connect(database_url) as conn:
        conn.execute(
            """
            INSERT INTO auth.audit_events (occurred_at, action, result, subject_id,
                                           subject_email, ip)
            SELECT now() - n * interval '1 second', 'login', 'success', gen_random_uuid(),
                   'seed-' || n || '@example.com', '127.0.0.1'
            FROM generate_series(1, %(count)s::int) AS n
            """,
            {"count": count},
        )


def documents(database_url: str, count: int) -> None:
    """Insert `count` processed one-page documents (no files) and an upload record of each."""
    with connect(database_url) as conn:
        conn.execute(
            """
            WITH made AS (
                INSERT INTO admin.documents (id, name, media_type, size_bytes, sha256,
                    page_count, languages, status, created_at, updated_at)
                SELECT gen_random_uuid(), 'seed-' || n || '.pdf', 'application/pdf', 1000,
                       md5(n::text || random()::text) || md5(n::text), 1, 'eng', 'succeeded',
                       now() - n * interval '1 second', now()
                FROM generate_series(1, %(count)s::int) AS n
                RETURNING id, name, created_at
            )
            INSERT INTO admin.audit_records (occurred_at, action, document_id, document_name,
                                             summary)
            SELECT created_at, 'upload', id, name, 'Uploaded ' || name FROM made
            """,
            {"count": count},
        )


def analyze(database_url: str) -> None:
    """Refresh the planner's statistics of the seeded tables, as autovacuum would in time."""
    with connect(database_url) as conn:
        conn.execute("ANALYZE admin.documents, admin.audit_records, auth.users, auth.audit_events")
