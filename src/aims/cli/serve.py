"""`aims run` and `aims worker`: the web process and the standalone job worker."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import click
import msgspec
import uvicorn
from litestar import Litestar

from aims.cli.errors import CommandError, one_line_errors
from aims.kernel import migrations
from aims.kernel.embedded import EmbeddedDatabaseError, attached_database
from aims.kernel.logging import configure_logging
from aims.kernel.settings import Settings, SettingsError, env_name, load_settings
from aims.main import create_app

STARTUP_ERRORS = (SettingsError, EmbeddedDatabaseError)
SERVER_OPTIONS: dict[str, Any] = {
    "log_config": None,
    "access_log": False,
    "proxy_headers": False,  # the app reads X-Forwarded-For itself (AIMS_TRUSTED_PROXIES)
    "timeout_graceful_shutdown": 30,
}

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

log = logging.getLogger(__name__)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--no-worker", is_flag=True, help="Do not run the job worker in this process.")
@one_line_errors(*STARTUP_ERRORS)
def run(host: str, port: int, workers: int, no_worker: bool) -> None:
    """Serve the API, portal, console and (unless --no-worker) the job worker."""
    settings = load_settings()
    if workers > 1 and settings.redis_url is None:
        raise CommandError(
            f"--workers {workers} needs shared state: set {env_name('redis_url')} "
            "(without Redis, caches, rate limits and revocations live in one process)"
        )
    configure_logging(settings.log_level)
    if no_worker:
        os.environ[env_name("in_process_worker")] = "false"
    with _stopped_by_signals(), _database_prepared(settings):
        uvicorn.run(
            "aims.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            **SERVER_OPTIONS,
        )


@click.command()
@click.option("--concurrency", type=click.IntRange(1, 64), help="Jobs run at once.")
@one_line_errors(*STARTUP_ERRORS)
def worker(concurrency: int | None) -> None:
    """Run a standalone job worker (for separate worker machines); stop with Ctrl-C."""
    settings = load_settings()
    configure_logging(settings.log_level)
    with _stopped_by_signals(), _database_prepared(settings):
        settings = msgspec.structs.replace(
            settings,
            database_url=os.environ.get(env_name("database_url"), settings.database_url),
            in_process_worker=True,
            worker_concurrency=concurrency or settings.worker_concurrency,
        )
        asyncio.run(_serve_without_http(create_app(settings)))


async def _serve_without_http(app: Litestar) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    async with app.lifespan():
        await stop.wait()


@contextmanager
def _database_prepared(settings: Settings) -> Iterator[None]:
    """On the embedded default, start PostgreSQL, migrate it and hand its URL to the app; when
    the command ends, release the server (stopped unless another AIMS process uses it)."""
    with attached_database(settings) as url:
        if settings.uses_embedded_database:
            migrations.upgrade(url)
            os.environ[env_name("database_url")] = url
        yield


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM (systemd, Docker, supervisors) and SIGINT end the command as SystemExit(0), so
    its `finally` blocks run: by default SIGTERM ends a process on the spot, and uvicorn
    re-raises the signal after its graceful shutdown."""
    previous = {sig: signal.signal(sig, _exit_on_signal) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    log.info("stopping on %s", signal.Signals(signum).name)
    raise SystemExit(0)
