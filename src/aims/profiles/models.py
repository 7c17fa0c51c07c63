"""ORM tables of the profiles context, all in the `profiles` schema."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, String, Table, Uuid, func

from aims.kernel.db import context_metadata
from aims.kernel.events import inbox_table, outbox_table

metadata = context_metadata("profiles")
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

profiles = Table(
    "profiles",
    metadata,
    Column("user_id", Uuid, primary_key=True),
    Column("display_name", String(100)),
    Column("first_name", String(100)),
    Column("last_name", String(100)),
    Column("phone", String(32)),
    Column("address", String(500)),
    Column("bio", String(2000)),
    Column("locale", String(2)),
    Column("timezone", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
