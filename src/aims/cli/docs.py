"""`aims docs ...`: document analysis from the command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from aims.admin.analysis import (
    AnalysisOptions,
    DocumentAnalysis,
    DocumentRejected,
    PageOptions,
    analyse_document,
    to_json,
    to_markdown,
    to_text,
)
from aims.cli.lazy import LazyGroup
from aims.kernel.settings import SettingsError, load_settings

_RENDERERS: dict[str, Callable[[DocumentAnalysis], str]] = {
    "json": lambda result: to_json(result).decode(),
    "markdown": to_markdown,
    "text": to_text,
}


SERVICE_COMMANDS = {
    name: f"aims.cli.documents:{attribute}"
    for name, attribute in (
        ("upload", "upload"),
        ("list", "list_documents"),
        ("show", "show"),
        ("export", "export"),
    )
}
"""The document service's commands: they load the database layer, so only when they run."""


@click.group(cls=LazyGroup, lazy_commands=SERVICE_COMMANDS)
def docs() -> None:
    """Analyse files here (analyze) or in the document service (upload, list, show, export)."""


@docs.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(_RENDERERS)),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--lang",
    default=None,
    help="Tesseract languages for OCR [default: AIMS_OCR_LANGUAGES, jpn+eng].",
)
@click.option(
    "--ignore-outline", is_flag=True, help="Do not take heading levels from PDF bookmarks."
)
@click.option(
    "--dpi",
    type=click.IntRange(72, 600),
    default=300,
    show_default=True,
    help="Resolution at which pages without a text layer are rendered for OCR.",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    default=None,
    help="Pages analysed in parallel [default: number of CPUs].",
)
def analyze(
    files: tuple[Path, ...],
    output_format: str,
    lang: str | None,
    ignore_outline: bool,
    dpi: int,
    jobs: int | None,
) -> None:
    """Analyse FILES (PDF, PNG, JPEG, TIFF) and print the result to stdout.

    With several files and --format json, one JSON document is printed per line. OCR reads
    Tesseract's language data from AIMS_TESSDATA_DIR (empty: the system's).
    """
    try:
        settings = load_settings()
    except SettingsError as error:
        _report(str(error))
        sys.exit(1)
    pages = PageOptions(
        languages=lang or settings.ocr_languages, dpi=dpi, tessdata=settings.tessdata_dir
    )
    options = AnalysisOptions(pages=pages, use_outline=not ignore_outline, jobs=jobs)
    failed = False
    for path in files:
        try:
            result = analyse_document(path.read_bytes(), path.name, options, _progress(path))
            rendered = _render(result, output_format, several=len(files) > 1)
        except DocumentRejected as error:
            failed = _report(f"{path}: {error.message} ({error.code})")
        except OSError as error:
            failed = _report(f"{path}: {error.strerror or error}")
        except Exception as error:  # the CLI must never print a traceback
            failed = _report(f"{path}: analysis failed: {error}")
        else:
            click.echo(rendered)
    if failed:
        sys.exit(1)


def _render(result: DocumentAnalysis, output_format: str, *, several: bool) -> str:
    if output_format == "json" and several:
        return to_json(result, compact=True).decode()
    return _RENDERERS[output_format](result).rstrip("\n")


def _progress(path: Path) -> Callable[[int, int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        click.echo(f"\r{path.name}: page {done}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


def _report(message: str) -> bool:
    click.echo(f"aims: error: {message}", err=True)
    return True
