"""Orchestration: check the input, analyse pages in parallel (streamed), then document passes."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

import msgspec

from aims.admin.analysis.document import assemble
from aims.admin.analysis.inputs import (
    PDF_MEDIA_TYPE,
    Limits,
    check_page_count,
    check_size,
    decode_image,
    sniff_media_type,
)
from aims.admin.analysis.model import DocumentAnalysis, PageResult, SourceInfo
from aims.admin.analysis.options import PageOptions
from aims.admin.analysis.source import OpenedDocument, open_document

ProgressCallback = Callable[[int, int], None]


class AnalysisOptions(msgspec.Struct, frozen=True, kw_only=True):
    """Everything that steers an analysis."""

    pages: PageOptions = PageOptions()
    use_outline: bool = True
    jobs: int | None = None
    limits: Limits = Limits()


DEFAULT_LIMITS = Limits()
DEFAULT_OPTIONS = AnalysisOptions()


class CheckedInput(msgspec.Struct, frozen=True, kw_only=True):
    """An accepted input: its media type, page count and content hash."""

    media_type: str
    page_count: int
    sha256: str


def check_input(data: bytes, limits: Limits = DEFAULT_LIMITS) -> CheckedInput:
    """Accept or refuse (DocumentRejected) the bytes of an upload without analysing them."""
    check_size(data, limits)
    media_type = sniff_media_type(data)
    if media_type != PDF_MEDIA_TYPE:
        decode_image(data, limits)
    document = open_document(data, media_type, limits)
    try:
        check_page_count(document.page_count, limits)
        document.check_pages()
        page_count = document.page_count
    finally:
        document.close()
    return CheckedInput(
        media_type=media_type, page_count=page_count, sha256=hashlib.sha256(data).hexdigest()
    )


def analyse_page(data: bytes, index: int, options: AnalysisOptions = DEFAULT_OPTIONS) -> PageResult:
    """Analyse one page (zero-based index) of checked bytes."""
    document = open_document(data, sniff_media_type(data), options.limits)
    try:
        return document.analyse_page(index, options.pages)
    finally:
        document.close()


def iter_pages(
    data: bytes, checked: CheckedInput, options: AnalysisOptions = DEFAULT_OPTIONS
) -> Iterator[PageResult]:
    """Yield page results in page order as they finish; pages run in parallel across cores."""
    jobs = min(options.jobs or os.cpu_count() or 1, checked.page_count)
    if jobs <= 1:
        yield from _pages_in_process(data, checked, options)
        return
    order = _longest_first(data, checked, options)
    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(data, checked.media_type, options),
    )
    try:
        futures = {index: executor.submit(_worker_page, index) for index in order}
        for index in range(checked.page_count):
            yield futures[index].result()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def finish(
    data: bytes,
    filename: str,
    checked: CheckedInput,
    pages: list[PageResult],
    options: AnalysisOptions = DEFAULT_OPTIONS,
) -> DocumentAnalysis:
    """Run the document-level passes over all page results."""
    outline = []
    if options.use_outline:
        document = open_document(data, checked.media_type, options.limits)
        try:
            outline = document.outline()
        finally:
            document.close()
    source = SourceInfo(
        filename=filename,
        sha256=checked.sha256,
        media_type=checked.media_type,
        page_count=checked.page_count,
    )
    return assemble(source, pages, outline)


def analyse_document(
    data: bytes,
    filename: str,
    options: AnalysisOptions = DEFAULT_OPTIONS,
    progress: ProgressCallback | None = None,
) -> DocumentAnalysis:
    """Check, analyse every page and assemble the result; progress gets (pages done, total)."""
    checked = check_input(data, options.limits)
    pages: list[PageResult] = []
    for page in iter_pages(data, checked, options):
        pages.append(page)
        if progress is not None:
            progress(len(pages), checked.page_count)
    return finish(data, filename, checked, pages, options)


def _longest_first(data: bytes, checked: CheckedInput, options: AnalysisOptions) -> list[int]:
    """Pages in the order to start them: the longest first, so no core idles at the end."""
    document = open_document(data, checked.media_type, options.limits)
    try:
        work = document.expected_work()
    finally:
        document.close()
    return sorted(range(checked.page_count), key=lambda index: -work[index])


def _pages_in_process(
    data: bytes, checked: CheckedInput, options: AnalysisOptions
) -> Iterator[PageResult]:
    document = open_document(data, checked.media_type, options.limits)
    try:
        for index in range(checked.page_count):
            yield document.analyse_page(index, options.pages)
    finally:
        document.close()


_worker: tuple[OpenedDocument, PageOptions] | None = None


def _start_worker(data: bytes, media_type: str, options: AnalysisOptions) -> None:
    global _worker
    _worker = (open_document(data, media_type, options.limits), options.pages)


def _worker_page(index: int) -> PageResult:
    assert _worker is not None, "worker not initialised"
    document, page_options = _worker
    return document.analyse_page(index, page_options)
