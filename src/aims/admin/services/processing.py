"""Working one job: claim it, analyse its missing pages in parallel, assemble the result.

Each page result is written in its own transaction, keyed by (job, page), so a job
that stops for any reason resumes at its first missing page. The claim (the job's
`worker` while `running`) is renewed by a heartbeat; a worker that lost it (job
cancelled, deleted, or handed on after it went silent) writes nothing more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import func

from aims.admin import analysis
from aims.admin.adapters import child_tasks
from aims.admin.adapters.child_tasks import PageOutcome
from aims.admin.adapters.processes import ProcessPool
from aims.admin.domain.files import original_key
from aims.admin.domain.jobs import JobState, Stage, missing_pages
from aims.admin.metrics import PAGE_SECONDS, PAGES
from aims.admin.ports import FileStorage
from aims.admin.repository import documents, pages
from aims.admin.repository import jobs as job_rows
from aims.admin.services.outcomes import LostClaim, Outcomes, PageFailed, Run
from aims.kernel.db import Database

log = logging.getLogger(__name__)

PAGES_AHEAD = 2
"""Pages in flight per analysis process: one computing, one waiting while the last is written."""


@dataclass(frozen=True)
class Processor:
    """Works jobs in this process, pages in parallel across the pool's processes."""

    db: Database
    storage: FileStorage
    pool: ProcessPool
    outcomes: Outcomes
    limits: analysis.Limits
    worker: str
    heartbeat_seconds: float
    tessdata: str

    async def process(self, job_id: UUID) -> None:
        """Work the job if it is queued and due; otherwise another worker has it or it ended."""
        run = await self._claim(job_id)
        if run is None:
            return
        heartbeat = asyncio.create_task(self._keep_claim(run), name=f"heartbeat-{job_id}")
        try:
            await self._work(run)
        except asyncio.CancelledError:
            await asyncio.shield(self.outcomes.handed_back(run))
            raise
        except LostClaim:
            log.info("document job taken away from this worker", extra={"job_id": str(job_id)})
        except Exception as error:
            await self.outcomes.attempt_failed(run, error)
        finally:
            heartbeat.cancel()

    async def _claim(self, job_id: UUID) -> Run | None:
        async with self.db.transaction() as session:
            job = await job_rows.claim(session, job_id, self.worker)
            document = None if job is None else await documents.stored(session, job.document_id)
            if job is None or document is None:
                return None
            await documents.mirror_state(session, job.id, JobState.RUNNING)
        log.info("document job started", extra={"job_id": str(job_id), "attempt": job.attempt})
        return Run(job=job, document=document, worker=self.worker)

    def _options(self, run: Run) -> analysis.AnalysisOptions:
        return analysis.AnalysisOptions(
            pages=analysis.PageOptions(languages=run.job.languages, tessdata=self.tessdata),
            limits=self.limits,
        )

    async def _work(self, run: Run) -> None:
        async with self.storage.local_file(original_key(run.document.sha256)) as path:
            async with self.db.autocommit() as session:
                done = await pages.done(session, run.job.id)
            await self._analyse(run, path, missing_pages(run.job.page_total, done))
            if run.stop.is_set():
                await self.outcomes.cancelled(run)
                return
            await self._progress(run, stage=Stage.ASSEMBLING)
            async with self.db.autocommit() as session:
                results = await pages.results(session, run.job.id)
            content = await self.pool.run(
                child_tasks.assemble,
                str(path),
                run.document.name,
                analysis.CheckedInput(
                    media_type=run.document.media_type,
                    page_count=run.document.page_count,
                    sha256=run.document.sha256,
                ),
                results,
                self._options(run),
            )
        await self.outcomes.succeeded(run, content)

    async def _analyse(self, run: Run, path: Path, todo: list[int]) -> None:
        """Keep the pool busy with this job's pages; record each as it finishes."""
        waiting = iter(todo)
        running: set[asyncio.Future[PageOutcome]] = set()
        stop = asyncio.ensure_future(run.stop.wait())
        try:
            self._submit(run, path, waiting, running, self.pool.size * PAGES_AHEAD)
            while running and not run.stop.is_set():
                watched: set[asyncio.Future[Any]] = {*running, stop}
                finished, _ = await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
                pages_finished = [future for future in running if future in finished]
                running.difference_update(pages_finished)
                await self._record_all(run, pages_finished)
                self._submit(run, path, waiting, running, len(pages_finished))
        finally:
            stop.cancel()
            for future in running:
                future.cancel()

    def _submit(
        self,
        run: Run,
        path: Path,
        waiting: Iterator[int],
        running: set[asyncio.Future[PageOutcome]],
        count: int,
    ) -> None:
        options = self._options(run)
        for number in [n for _, n in zip(range(count), waiting, strict=False)]:
            call = self._read_page(path, run.document.sha256, number, options)
            running.add(asyncio.ensure_future(call))

    async def _read_page(
        self, path: Path, sha256: str, number: int, options: analysis.AnalysisOptions
    ) -> PageOutcome:
        """One page in the pool; whatever stops it is told with the page's number."""
        try:
            return await self.pool.run(child_tasks.analyse_page, str(path), sha256, number, options)
        except Exception as error:
            raise PageFailed(number, error) from error

    async def _record_all(self, run: Run, finished: list[asyncio.Future[PageOutcome]]) -> None:
        """Write every page that succeeded, then raise the first failure, if any."""
        failures = [future.exception() for future in finished if future.exception()]
        for future in finished:
            if future.exception() is None:
                await self._record(run, future.result())
        if failures:
            raise failures[0]  # type: ignore[misc]

    async def _record(self, run: Run, outcome: PageOutcome) -> None:
        page = pages.PageWrite(
            job_id=run.job.id,
            page_number=outcome.number,
            result=outcome.result,
            text_source=outcome.text_source,
            seconds=outcome.seconds,
            attempt=run.job.attempt,
            worker=run.worker,
        )
        async with self.db.autocommit() as session:  # one statement: its own transaction
            cancel_requested = await pages.record_page(session, page)
        if cancel_requested is None:
            raise LostClaim(str(run.job.id))  # cancelled and ended, deleted, or handed on
        PAGES.labels(outcome.text_source).inc()
        PAGE_SECONDS.labels(outcome.text_source).observe(outcome.seconds)
        if cancel_requested:
            run.stop.set()

    async def _progress(self, run: Run, **values: object) -> None:
        async with self.db.transaction() as session:
            if await job_rows.change_claimed(session, run.job.id, run.worker, **values) is None:
                raise LostClaim(str(run.job.id))

    async def _keep_claim(self, run: Run) -> None:
        """Renew the claim until cancelled; notice a cancel request or a lost claim."""
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            with contextlib.suppress(Exception):  # a missed beat is retried; silence is stalling
                async with self.db.transaction() as session:
                    job = await job_rows.change_claimed(
                        session, run.job.id, run.worker, heartbeat_at=func.now()
                    )
                if job is None or job.cancel_requested:
                    run.stop.set()
