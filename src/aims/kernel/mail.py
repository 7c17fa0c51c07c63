"""Outgoing mail: a `Mailer` port with an SMTP adapter and a development outbox of .eml files.

`MailQueue.send_later` hands a message to a background task, so sending
never blocks or fails the request that caused it; failures are logged.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
import uuid
from collections.abc import Coroutine
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

from aims.kernel.settings import Settings

log = logging.getLogger(__name__)


class Mailer(Protocol):
    """Delivers one message or raises."""

    async def send(self, message: EmailMessage) -> None: ...


class FileMailer:
    """Development outbox: each message becomes an .eml file under `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(message.as_bytes())
        log.info(
            "mail written to the development outbox",
            extra={"to": message["To"], "subject": message["Subject"], "file": str(path)},
        )


class SmtpMailer:
    """Sends through an SMTP server named by `smtp[s]://user:password@host:port`."""

    def __init__(self, url: str) -> None:
        parsed = urlparse(url)
        self._implicit_tls = parsed.scheme == "smtps"
        self._host = parsed.hostname or "localhost"
        self._port = parsed.port or (465 if self._implicit_tls else 25)
        self._user = unquote(parsed.username) if parsed.username else None
        self._password = unquote(parsed.password) if parsed.password else None

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._send, message)

    def _send(self, message: EmailMessage) -> None:
        context = ssl.create_default_context()
        if self._implicit_tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                self._host, self._port, timeout=30, context=context
            )
        else:
            client = smtplib.SMTP(self._host, self._port, timeout=30)
        with client:
            if not self._implicit_tls and client.has_extn("starttls"):
                client.starttls(context=context)
            if self._user is not None:
                client.login(self._user, self._password or "")
            client.send_message(message)
        log.info("mail sent", extra={"to": message["To"], "subject": message["Subject"]})


class Background:
    """Runs coroutines after the response, keeps them until done and logs their failures."""

    def __init__(self) -> None:
        self._pending: set[asyncio.Task[None]] = set()

    def run(self, work: Coroutine[Any, Any, None], what: str) -> None:
        """Start `work` now without waiting for it."""
        task = asyncio.create_task(self._guarded(work, what))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        """Wait until every started task finished (shutdown, tests)."""
        while self._pending:
            await asyncio.gather(*self._pending, return_exceptions=True)

    async def _guarded(self, work: Coroutine[Any, Any, None], what: str) -> None:
        try:
            await work
        except Exception as exc:
            log.error("background task failed", extra={"task": what, "error": repr(exc)})


class MailQueue:
    """Sends messages in the background: a request never waits for, or fails on, mail."""

    def __init__(self, mailer: Mailer, sender: str, background: Background) -> None:
        self.mailer = mailer
        self.sender = sender
        self._background = background

    def send_later(self, to: str, subject: str, body: str) -> None:
        """Queue a plain-text message; returns at once."""
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        self._background.run(self.mailer.send(message), f"mail to {to}: {subject}")


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when AIMS_SMTP_URL is set, else the .eml outbox under $AIMS_DATA_DIR/mail."""
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    return FileMailer(settings.data_path / "mail")
