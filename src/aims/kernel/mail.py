"""Outgoing mail: a `Mailer` port (SMTP, or .eml files for development) fed by the job queue.

`MailQueue.send_later` defers a job in the caller's database transaction, so a message is
queued exactly when the change it reports commits, and survives a crash right after the
response; a worker sends it, retrying with backoff. Sending never blocks or fails a request.
The job carries the message sealed (it holds links with tokens, and procrastinate stores and
logs job arguments).
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

import msgspec
import procrastinate
from sqlalchemy.ext.asyncio import AsyncSession

from aims.kernel.jobs import defer_in_transaction
from aims.kernel.sealing import SealedBox
from aims.kernel.settings import Settings

log = logging.getLogger(__name__)

NAMESPACE = "mail"
SEND_TASK = f"{NAMESPACE}:send"
RETRY = procrastinate.RetryStrategy(max_attempts=10, exponential_wait=2)
"""Ten attempts, waiting 2, 4, 8 … 1024 s between them (about half an hour in all)."""


class MailPart(msgspec.Struct, frozen=True, kw_only=True):
    """The text of a message in one language (a BCP 47 tag such as `ja`)."""

    language: str
    text: str


class Mail(msgspec.Struct, frozen=True, kw_only=True):
    """A plain-text message; several parts make one mail in several languages."""

    to: str
    subject: str
    parts: tuple[MailPart, ...]


class Mailer(Protocol):
    """Delivers one message or raises."""

    async def send(self, message: EmailMessage) -> None: ...


def compose(mail: Mail, sender: str) -> EmailMessage:
    """The e-mail of `mail`: one text/plain part, or one inline part per language."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    if len(mail.parts) == 1:
        message.set_content(mail.parts[0].text)
    else:
        message.make_mixed()
        for part in mail.parts:
            section = EmailMessage()
            section.set_content(part.text, disposition="inline")
            section["Content-Language"] = part.language
            message.attach(section)
    message["Content-Language"] = ", ".join(part.language for part in mail.parts)
    return message


class MailQueue:
    """Queues messages for the job worker: a request never waits for, or fails on, mail."""

    def __init__(self, jobs: procrastinate.App, sealer: SealedBox) -> None:
        self._jobs = jobs
        self._sealer = sealer

    async def send_later(self, db: AsyncSession, mail: Mail) -> None:
        """Queue `mail` in `db`'s transaction: it is sent if, and once, that transaction commits."""
        sealed = self._sealer.seal(msgspec.json.encode(mail))
        await defer_in_transaction(db, self._jobs, SEND_TASK, sealed=sealed)


def mail_jobs(mailer: Mailer, sender: str, sealer: SealedBox) -> procrastinate.Blueprint:
    """The `mail:send` task, for the job worker (register under `NAMESPACE`)."""
    jobs = procrastinate.Blueprint()

    @jobs.task(name="send", retry=RETRY)
    async def send(sealed: str) -> None:
        try:
            opened = sealer.open(sealed)
        except ValueError:  # sealed under an earlier secret key: no retry can open it
            log.error("queued mail dropped: it was sealed with another secret key")
            return
        await mailer.send(compose(msgspec.json.decode(opened, type=Mail), sender))

    return jobs


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


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when AIMS_SMTP_URL is set, else the .eml outbox under $AIMS_DATA_DIR/mail."""
    if settings.smtp_url:
        return SmtpMailer(settings.smtp_url)
    return FileMailer(settings.data_path / "mail")
