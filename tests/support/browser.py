"""A real server on loopback and a real Chromium (Debian's), for browser tests."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import uvicorn
from litestar import Litestar
from playwright.sync_api import Page

from aims.cli.serve import SERVER_OPTIONS
from tests.support.servers import free_port, wait_until_healthy

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[1] / "web" / "vendor" / "axe-4.11.4.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


class LiveServer:
    """Uvicorn serving `app` on 127.0.0.1 in a background thread."""

    def __init__(self, app: Litestar) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.mail_dir: Path | None = None  # where the app's development mail goes, when known
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, **SERVER_OPTIONS)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self) -> None:
        self._thread.start()
        wait_until_healthy(self.url, 30)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(30)


def serious_accessibility_violations(page: Page) -> list[str]:
    """Run axe-core in the page; the serious and critical violations, one line each."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # via DevTools: the page CSP stays on
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps([n['target'] for n in v['nodes']])}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/screenshots/ (linked from the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
