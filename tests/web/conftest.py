"""Browser-test fixtures: a live AIMS on loopback and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.support.accounts import forget_rate_limits
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.web.console import signed_in_as

FAST_HASHING: dict[str, object] = {"argon2_memory_kib": 1024, "argon2_time_cost": 1}


@pytest.fixture(scope="module")
def live_server(data_dir: Path, database_url: str, redis_url: str) -> Iterator[LiveServer]:
    """AIMS served by uvicorn on 127.0.0.1 for the tests of one module."""
    from aims.kernel.runtime import Runtime
    from aims.kernel.settings import Settings
    from aims.main import build_app

    settings = Settings(
        data_dir=str(data_dir),
        database_url=database_url,
        redis_url=redis_url,
        argon2_memory_kib=1024,
        argon2_time_cost=1,
    )
    server = LiveServer(build_app(Runtime.build(settings, database_url, run_worker=True)))
    server.mail_dir = settings.data_path / "mail"
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def portal(
    app_for: Callable[..., Litestar], redis_url: str
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A cookie-keeping client of the portal served over plain HTTP on loopback."""
    app = app_for(redis_url=redis_url, argon2_memory_kib=1024, argon2_time_cost=1)
    async with AsyncTestClient(app, base_url="http://127.0.0.1:8000") as client:
        yield client


@pytest.fixture
def open_console(
    app_for: Callable[..., Litestar], redis_url: str, database_url: str
) -> Callable[..., Any]:
    """`async with open_console(worker=...) as client`: an administrator's browser-like client."""

    class Opened:
        def __init__(self, worker: bool, **settings: object) -> None:
            app = app_for(redis_url=redis_url, in_process_worker=worker, **FAST_HASHING | settings)
            self.client = AsyncTestClient(app, base_url="http://127.0.0.1:8000")

        async def __aenter__(self) -> AsyncTestClient[Litestar]:
            forget_rate_limits(redis_url)
            await self.client.__aenter__()
            await signed_in_as(self.client, database_url, role="admin")
            return self.client

        async def __aexit__(self, *exc: object) -> None:
            await self.client.__aexit__(None, None, None)

    return lambda worker=True, **settings: Opened(worker, **settings)


@pytest.fixture
async def console(open_console: Callable[..., Any]) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An administrator signed in to a console whose worker processes the uploads."""
    async with open_console() as client:
        yield client


@pytest.fixture(autouse=True)
def fresh_rate_limits(redis_url: str) -> None:
    """Every test may register and sign in: the limits are per client IP, shared by all tests."""
    forget_rate_limits(redis_url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one module. Playwright's sync API keeps an event loop running while it is
    open, so browser tests live in their own modules (test_browser_*), apart from async tests."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts (own cookies), e.g. `new_page(locale="en-US")`."""
    contexts: list[BrowserContext] = []

    def open_page(locale: str = "ja-JP", **options: object) -> Page:
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)  # type: ignore[arg-type]
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()
