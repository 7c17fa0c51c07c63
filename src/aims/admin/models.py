"""ORM tables of the admin context, all in the `admin` schema."""

from __future__ import annotations

from aims.kernel.db import context_metadata
from aims.kernel.events import inbox_table, outbox_table

metadata = context_metadata("admin")
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
