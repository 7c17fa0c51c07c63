"""The one place that builds the document service's parts from a process's resources."""

from __future__ import annotations

import functools
import os
import socket
import uuid
from dataclasses import dataclass

from aims.admin import analysis
from aims.admin.adapters.local_storage import LocalFileStorage
from aims.admin.adapters.processes import BACKGROUND_NICENESS, ProcessPool, ThreadPool
from aims.admin.adapters.spool import Spool
from aims.admin.facade import DocumentService
from aims.admin.ports import JobTrigger
from aims.admin.public import UploadLimits
from aims.admin.services.catalogue import Catalogue
from aims.admin.services.files import FileKeeper
from aims.admin.services.jobs import JobControl
from aims.admin.services.languages import LanguageChoice
from aims.admin.services.maintenance import Maintenance
from aims.admin.services.outcomes import Outcomes
from aims.admin.services.processing import Processor
from aims.admin.services.results import Results
from aims.admin.services.uploads import Uploads
from aims.kernel.db import Database
from aims.kernel.events import EventBus
from aims.kernel.settings import Settings
from aims.kernel.tesseract import TesseractMissing, installed_languages

INSPECTION_PROCESSES = 2
"""Processes that check uploads, render page images and check edits (per app process)."""
MIB = 1024 * 1024


@dataclass(frozen=True)
class DocumentParts:
    """The facade, the worker side and the pools of one process."""

    service: DocumentService
    processor: Processor
    maintenance: Maintenance
    pools: tuple[ProcessPool, ...]

    def close(self) -> None:
        """Stop the worker processes."""
        for pool in self.pools:
            pool.shutdown()


def upload_limits(settings: Settings) -> UploadLimits:
    """The upload limits the settings give."""
    return UploadLimits(
        max_bytes=settings.document_max_bytes,
        max_pages=settings.document_max_pages,
        max_page_pixels=settings.document_max_page_pixels,
        default_languages=settings.ocr_languages,
    )


def worker_name() -> str:
    """This process, as job claims name it: host, pid and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def build_documents(
    settings: Settings,
    db: Database,
    bus: EventBus,
    trigger: JobTrigger,
    *,
    inspect_in_threads: bool = False,
) -> DocumentParts:
    """Wire the document service; nothing starts until it is used. A command line inspects
    files in threads; a server, in worker processes."""
    files_root = settings.data_path / "files"
    storage = LocalFileStorage(files_root)
    spool = Spool(files_root / "incoming")
    limits = upload_limits(settings)
    inspector = (ThreadPool if inspect_in_threads else ProcessPool)(
        min(INSPECTION_PROCESSES, os.cpu_count() or 1),
        memory_bytes=settings.analysis_memory_mb * MIB,
    )
    analyser = ProcessPool(
        settings.analysis_processes or os.cpu_count() or 1,
        niceness=BACKGROUND_NICENESS,
        memory_bytes=settings.analysis_memory_mb * MIB,
    )
    languages = LanguageChoice(
        settings.ocr_languages, functools.partial(_installed, settings.tessdata_dir)
    )
    keeper = FileKeeper(db, storage)
    outcomes = Outcomes(db, bus, trigger, settings.job_retry_seconds)
    service = DocumentService(
        uploads=Uploads(db, spool, storage, inspector, trigger, limits, languages),
        catalogue=Catalogue(db, keeper),
        results=Results(db, storage, inspector, settings.document_max_page_pixels),
        control=JobControl(db, trigger, languages),
        require_mfa=settings.admin_require_mfa,
    )
    processor = Processor(
        db=db,
        storage=storage,
        pool=analyser,
        outcomes=outcomes,
        limits=analysis.Limits(
            max_bytes=limits.max_bytes,
            max_pages=limits.max_pages,
            max_page_pixels=limits.max_page_pixels,
        ),
        worker=worker_name(),
        heartbeat_seconds=max(1.0, settings.job_stalled_seconds / 4),
        tessdata=settings.tessdata_dir,
    )
    maintenance = Maintenance(
        db=db,
        storage=storage,
        spool=spool,
        files=keeper,
        trigger=trigger,
        outcomes=outcomes,
        stalled_seconds=settings.job_stalled_seconds,
        audit_retention_days=settings.audit_retention_days,
    )
    return DocumentParts(service, processor, maintenance, (inspector, analyser))


@functools.cache
def _installed(tessdata: str) -> frozenset[str] | None:
    try:
        return installed_languages(tessdata)
    except TesseractMissing:
        return None
