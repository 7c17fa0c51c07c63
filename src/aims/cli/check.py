"""`aims check`: what this machine lacks to run AIMS."""

from __future__ import annotations

import asyncio

import click
import psycopg

from aims.kernel.db import libpq_url
from aims.kernel.embedded import resolve_database_url
from aims.kernel.kv import build_store
from aims.kernel.settings import Settings, SettingsError, load_settings
from aims.kernel.tesseract import TesseractMissing, missing_languages


@click.command()
def check() -> None:
    """Report Tesseract and its languages, the database and Redis; exit 1 if anything is missing."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        click.echo(f"configuration  MISSING  {exc}")
        raise SystemExit(1) from None
    results = [_tesseract(settings), _database(settings), asyncio.run(_redis(settings))]
    for name, ok, detail in results:
        click.echo(f"{name:<13}  {'ok' if ok else 'MISSING':<7}  {detail}")
    if not all(ok for _, ok, _ in results):
        raise SystemExit(1)


def _tesseract(settings: Settings) -> tuple[str, bool, str]:
    required = settings.required_tesseract_languages
    try:
        missing = missing_languages(required, settings.tessdata_dir)
    except TesseractMissing as exc:
        return "tesseract", False, str(exc)
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang.replace('_', '-')}" for lang in missing)
        return (
            "tesseract",
            False,
            f"languages {', '.join(missing)} missing (apt-get install {packages})",
        )
    return "tesseract", True, f"languages {', '.join(sorted(required))}"


def _database(settings: Settings) -> tuple[str, bool, str]:
    try:
        url = resolve_database_url(settings)
        with psycopg.connect(libpq_url(url), connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()
    except Exception as exc:
        return "database", False, f"{type(exc).__name__}: {exc}".splitlines()[0]
    where = "embedded" if settings.uses_embedded_database else "configured"
    return "database", True, f"PostgreSQL {version[0] if version else '?'} ({where})"


async def _redis(settings: Settings) -> tuple[str, bool, str]:
    if settings.redis_url is None:
        return "redis", True, "not configured: in-process stores (single process only)"
    store = build_store(settings.redis_url, settings.redis_retry_after_seconds)
    try:
        await store.ping()
    except Exception as exc:
        return "redis", False, str(exc)
    finally:
        await store.close()
    return "redis", True, "answers"
