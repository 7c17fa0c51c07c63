"""A deep page of the document list costs what the first does: its keyset condition is an
index condition, not a filter over every newer row (found by bench/lists.py at 100k rows)."""

from __future__ import annotations

import json
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from aims.admin.repository.documents import page
from aims.kernel.db import libpq_url

ROWS = 3000


def _seed(database_url: str) -> None:
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        conn.execute(
            """
            INSERT INTO admin.documents (id, name, media_type, size_bytes, sha256, page_count,
                                         languages, status, created_at, updated_at)
            SELECT gen_random_uuid(), 'doc-' || n || '.pdf', 'application/pdf', 1000,
                   md5(n::text) || md5(n::text), 1, 'eng', 'succeeded',
                   now() - (n / 3) * interval '1 second', now()
            FROM generate_series(1, %s) AS n
            """,
            (ROWS,),
        )
        conn.execute("ANALYZE admin.documents")


def _rows_filtered_out(plan: Any) -> int:
    """Rows every node of a JSON plan read and then threw away by its filter."""
    if isinstance(plan, list):
        return sum(_rows_filtered_out(item) for item in plan)
    if not isinstance(plan, dict):
        return 0
    own = int(plan.get("Rows Removed by Filter", 0))
    return own + sum(_rows_filtered_out(value) for value in plan.values())


async def test_a_deep_page_reads_only_its_own_rows(documents_database: str) -> None:
    _seed(documents_database)
    engine = create_async_engine(documents_database)
    statements: list[tuple[str, Any]] = []
    async with AsyncSession(engine) as session:
        upper = await page(session, status=None, search=None, after=None, limit=2000)
        last = upper[-1]
        event.listen(
            engine.sync_engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, parameters, _ctx, _many: statements.append(
                (statement, parameters)
            ),
        )
        deep = await page(
            session, status=None, search=None, after=(last.created_at, last.id), limit=50
        )
        statement, parameters = statements[-1]
        connection = await session.connection()
        explained = await connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        )
        plan = explained.scalar_one()
    await engine.dispose()

    assert len(deep) == 50
    assert deep[0].created_at <= last.created_at
    assert last.id not in {document.id for document in deep}
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert _rows_filtered_out(plan) < 100, json.dumps(plan, indent=1)
