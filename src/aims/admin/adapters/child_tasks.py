"""What the worker processes run: the engine's calls on stored files, and edit checks.

Every function here is a top-level function of plain arguments (picklable), run in
a child process by `ProcessPool`; none touches the database.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import msgspec

from aims.admin import analysis
from aims.admin.adapters.rendering import render_page_png
from aims.admin.adapters.schema_check import model_violations, schema_violations
from aims.admin.domain.editing import Violation, edit_violations, summarise, violation
from aims.admin.domain.element_edits import EditRefused, ElementEdit, apply_edit
from aims.admin.public import ExportFormat

KEPT_FILES = 2
"""Originals a worker process keeps in memory (two jobs may share the process)."""

_opened: dict[tuple[str, str], bytes] = {}


class PageOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """One analysed page: the engine's result as JSON and how long it took."""

    number: int
    result: bytes
    text_source: str
    seconds: float


class EditCheck(msgspec.Struct, frozen=True, kw_only=True):
    """An edited version checked against the schema and the editing rules."""

    violations: list[Violation]
    summary: str = ""
    details: dict[str, Any] = msgspec.field(default_factory=dict)


def check_file(path: str, limits: analysis.Limits) -> analysis.CheckedInput:
    """Accept or refuse (`DocumentRejected`) a spooled upload."""
    return analysis.check_input(Path(path).read_bytes(), limits)


def _file_bytes(path: str, sha256: str) -> bytes:
    """The bytes of a stored original, read once per process and document."""
    key = (path, sha256)
    if key not in _opened:
        while len(_opened) >= KEPT_FILES:
            del _opened[next(iter(_opened))]
        _opened[key] = Path(path).read_bytes()
    return _opened[key]


def analyse_page(
    path: str, sha256: str, number: int, options: analysis.AnalysisOptions
) -> PageOutcome:
    """Run the engine on page `number` (1-based) of a stored original."""
    data = _file_bytes(path, sha256)
    started = time.perf_counter()
    result = analysis.analyse_page(data, number - 1, options)
    return PageOutcome(
        number=number,
        result=msgspec.json.encode(result),
        text_source=result.text_source,
        seconds=time.perf_counter() - started,
    )


def assemble(
    path: str,
    filename: str,
    checked: analysis.CheckedInput,
    pages: list[bytes],
    options: analysis.AnalysisOptions,
) -> bytes:
    """The document passes over the stored page results; the hierarchy JSON (compact)."""
    data = _file_bytes(path, checked.sha256)
    results = [msgspec.json.decode(page, type=analysis.PageResult) for page in pages]
    document = analysis.finish(data, filename, checked, results, options)
    return analysis.to_json(document, compact=True)


def check_edit(content: bytes, base: bytes, original: bytes) -> EditCheck:
    """Schema violations, then editing-rule violations against `original`; when there are
    none, what the edit changed against `base` (the version it replaces)."""
    try:
        edited = msgspec.json.decode(content)
    except msgspec.DecodeError as error:
        return EditCheck(violations=[violation("", f"not JSON: {error}")])
    found = (
        schema_violations(edited)
        or edit_violations(msgspec.json.decode(original), edited)
        or model_violations(content)
    )
    if found:
        return EditCheck(violations=found)
    summary = summarise(msgspec.json.decode(base), edited)
    return EditCheck(violations=[], summary=summary.describe(), details=summary.as_details())


class EditedVersion(msgspec.Struct, frozen=True, kw_only=True):
    """A version with one element edited (`content`), and its check."""

    content: bytes
    check: EditCheck


def edit_element(base: bytes, original: bytes, edit: ElementEdit) -> EditedVersion:
    """Apply `edit` to `base` (the current version), then check it like any edited version."""
    try:
        content = msgspec.json.encode(apply_edit(msgspec.json.decode(base), edit))
    except EditRefused as refused:
        return EditedVersion(
            content=b"", check=EditCheck(violations=[violation(refused.field, refused.message)])
        )
    return EditedVersion(content=content, check=check_edit(content, base, original))


def render_export(content: bytes, export_format: ExportFormat) -> bytes:
    """Markdown or plain text of a stored analysis version."""
    document = msgspec.json.decode(content, type=analysis.DocumentAnalysis)
    render = analysis.to_markdown if export_format == "markdown" else analysis.to_text
    return render(document).encode()


def render_page(path: str, media_type: str, page: int, max_pixels: int) -> bytes:
    """Page `page` (1-based) of a stored original as PNG."""
    return render_page_png(Path(path), media_type, page, max_pixels)
