"""Waking workers without letting a queue hiccup fail the caller."""

from __future__ import annotations

import logging
from uuid import UUID

from aims.admin.ports import JobTrigger

log = logging.getLogger(__name__)


async def wake_quietly(trigger: JobTrigger, job_id: UUID, delay_seconds: float = 0.0) -> None:
    """Wake a worker for the job; when the queue cannot be reached, maintenance does later."""
    try:
        await trigger.wake(job_id, delay_seconds)
    except Exception:
        log.exception("could not queue a document job", extra={"job_id": str(job_id)})
