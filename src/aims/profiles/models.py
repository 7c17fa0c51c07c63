"""ORM tables of the profiles context, all in the `profiles` schema."""

from __future__ import annotations

from aims.kernel.db import context_metadata
from aims.kernel.events import inbox_table, outbox_table

metadata = context_metadata("profiles")
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
