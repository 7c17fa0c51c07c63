"""`aims docs upload|list|show|export`: the document service on the same database as `aims run`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import BinaryIO, TypeVar
from uuid import UUID

import click
import msgspec

from aims.admin.operator import documents_for_operator
from aims.admin.public import (
    AnalysisVersion,
    DocumentsFacade,
    DocumentView,
    ExportFormat,
    JobState,
    JobView,
    UploadRequest,
)
from aims.cli.db import DB_ERRORS
from aims.cli.errors import one_line_errors
from aims.cli.progress import JobProgress
from aims.kernel import migrations
from aims.kernel.embedded import resolve_database_url
from aims.kernel.messages import AppError
from aims.kernel.settings import load_settings

T = TypeVar("T")
CHUNK_BYTES = 1024 * 1024
POLL_SECONDS = 0.5
VERSIONS: dict[str, AnalysisVersion] = {"original": "original", "edited": "edited"}
FORMATS: dict[str, ExportFormat] = {"json": "json", "markdown": "markdown", "text": "text"}


def with_documents(action: Callable[[DocumentsFacade], Awaitable[T]]) -> T:
    """Run `action` on the document service of the database `aims run` uses (on the
    embedded default: attach to it, starting and migrating it if needed)."""
    settings = load_settings()
    database_url = resolve_database_url(settings)
    if settings.uses_embedded_database:
        migrations.upgrade(database_url)

    async def run() -> T:
        async with documents_for_operator(settings, database_url) as documents:
            return await action(documents)

    return asyncio.run(run())


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "languages", help="Tesseract languages [default: AIMS_OCR_LANGUAGES].")
@click.option("--allow-duplicate", is_flag=True, help="Store a file already stored as well.")
@click.option("--wait", is_flag=True, help="Wait for each job, showing its progress.")
@one_line_errors(*DB_ERRORS)
def upload(
    files: tuple[Path, ...], languages: str | None, allow_duplicate: bool, wait: bool
) -> None:
    """Upload FILES (PDF, PNG, JPEG, TIFF) for analysis by the running workers."""
    failed = with_documents(
        lambda documents: _upload_all(documents, files, languages, allow_duplicate, wait)
    )
    if failed:
        sys.exit(1)


async def _upload_all(
    documents: DocumentsFacade,
    files: tuple[Path, ...],
    languages: str | None,
    allow_duplicate: bool,
    wait: bool,
) -> bool:
    failed = False
    for path in files:
        try:
            document = await _upload_one(documents, path, languages, allow_duplicate)
            click.echo(_uploaded(document))
            if wait and document.job is not None:
                job = await _wait(documents, document, document.job)
                failed |= job.state != JobState.SUCCEEDED
        except (AppError, OSError) as error:
            failed = _report(f"{path}: {getattr(error, 'detail', None) or error}")
    return failed


async def _upload_one(
    documents: DocumentsFacade, path: Path, languages: str | None, allow_duplicate: bool
) -> DocumentView:
    with path.open("rb") as file:
        received = await documents.receive(None, _chunks(file))
    request = UploadRequest(
        filename=path.name, languages=languages, allow_duplicate=allow_duplicate
    )
    return await documents.upload(None, received, request)


async def _chunks(file: BinaryIO) -> AsyncIterator[bytes]:
    while chunk := await asyncio.to_thread(file.read, CHUNK_BYTES):
        yield chunk


async def _wait(documents: DocumentsFacade, document: DocumentView, job: JobView) -> JobView:
    progress = JobProgress(document.name, sys.stderr)
    while job.state.is_active:
        progress.show(job)
        await asyncio.sleep(POLL_SECONDS)
        job = await documents.job(None, job.id)
    progress.done(job)
    if job.state != JobState.SUCCEEDED:
        _report(f"{document.name}: job {job.state}: {job.error or 'no reason given'}")
    return job


def _uploaded(document: DocumentView) -> str:
    job = f", job {document.job.id}" if document.job else ""
    return f"{document.name}: document {document.id}{job} ({document.page_count} pages, queued)"


@click.command("list")
@click.option("--status", type=click.Choice([state.value for state in JobState]))
@click.option("--search", help="Names containing this text.")
@click.option("--limit", type=click.IntRange(1, 200), default=50, show_default=True)
@one_line_errors(AppError, *DB_ERRORS)
def list_documents(status: str | None, search: str | None, limit: int) -> None:
    """List documents, newest first."""
    found = with_documents(
        lambda documents: documents.list_documents(
            None, status=JobState(status) if status else None, search=search, limit=limit
        )
    )
    for document in found.items:
        when = f"{document.created_at:%Y-%m-%d %H:%M}"
        pages = f"{document.page_count:>4} p"
        click.echo(f"{document.id}  {document.status:<9}  {pages}  {when}  {document.name}")


@click.command()
@click.argument("document_id", type=click.UUID)
@one_line_errors(AppError, *DB_ERRORS)
def show(document_id: UUID) -> None:
    """Show a document and its newest job."""
    document = with_documents(lambda documents: documents.get(None, document_id))
    click.echo("\n".join(f"{label + ':':<11}{value}" for label, value in _facts(document)))


def _facts(document: DocumentView) -> list[tuple[str, str]]:
    results = "original" if document.has_analysis else "none yet"
    facts = [
        ("name", document.name),
        ("id", str(document.id)),
        ("status", document.status),
        ("file", f"{document.media_type}, {document.size_bytes} bytes"),
        ("pages", str(document.page_count)),
        ("sha256", document.sha256),
        ("languages", document.languages),
        ("uploaded", f"{document.created_at:%Y-%m-%d %H:%M:%S %Z}"),
        ("results", results + (" + edited" if document.has_edited else "")),
    ]
    job = document.job
    if job is not None:
        progress = f"{job.pages_done}/{job.page_total} pages"
        attempt = f"attempt {job.attempt}/{job.max_attempts}"
        facts.append(("job", f"{job.id} {job.state} ({job.stage}), {progress}, {attempt}"))
        if job.error:
            facts.append(("error", job.error))
    return facts


@click.command()
@click.argument("document_id", type=click.UUID)
@click.option(
    "--format",
    "export_format",
    type=click.Choice(sorted(FORMATS)),
    default="json",
    show_default=True,
)
@click.option("--version", type=click.Choice(sorted(VERSIONS)), help="[default: edited if any]")
@one_line_errors(AppError, *DB_ERRORS)
def export(document_id: UUID, export_format: str, version: str | None) -> None:
    """Print a document's result as JSON, Markdown or text."""
    chosen = VERSIONS[version] if version else None
    found = with_documents(
        lambda documents: documents.export(None, document_id, FORMATS[export_format], chosen)
    )
    content = found.content
    if export_format == "json":
        content = msgspec.json.format(content, indent=2)
    click.echo(content.decode().rstrip("\n"))


def _report(message: str) -> bool:
    click.echo(f"aims: error: {message}", err=True)
    return True


"""The commands `aims docs` gains from the document service."""
