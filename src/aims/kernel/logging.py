"""JSON-lines logging to stdout, with the request id and user id of the current request.

A record is only captured on the caller's thread (the event loop, for requests): its
message is merged and the request's context copied onto it, then it is queued. A listener
thread formats the JSON line and writes it, so neither the encoding nor the write to stdout
(which may block on a slow pipe) holds up the loop.
"""

from __future__ import annotations

import atexit
import logging
import queue
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from logging.handlers import QueueHandler, QueueListener
from typing import Any

import msgspec

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("user_id", default=None)

_CONTEXT = (("request_id", request_id_var), ("user_id", user_id_var))
_STANDARD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
    *(name for name, _ in _CONTEXT),
}
_encoder = msgspec.json.Encoder(enc_hook=str)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, context, extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, var in _CONTEXT:
            value = getattr(record, key, None) or var.get()
            if value is not None:
                entry[key] = value
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return _encoder.encode(entry).decode()


class ContextQueueHandler(QueueHandler):
    """Queues records with their request context; the JSON is made on the listener's thread."""

    def prepare(self, record: logging.LogRecord) -> logging.LogRecord:
        for key, var in _CONTEXT:
            setattr(record, key, var.get())
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:  # tracebacks reference frames: render them while they exist
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        return record


_listener: QueueListener | None = None


def configure_logging(level: str) -> None:
    """Send every logger's records, as JSON lines, to stdout through a writer thread."""
    global _listener
    if _listener is not None:
        _listener.stop()
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    output = logging.StreamHandler(sys.stdout)
    output.setFormatter(JsonFormatter())
    _listener = QueueListener(records, output, respect_handler_level=False)
    _listener.start()
    root = logging.getLogger()
    root.handlers[:] = [ContextQueueHandler(records)]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "procrastinate"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("pgserver", "alembic.runtime.migration", "procrastinate"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))


@atexit.register
def _flush_on_exit() -> None:
    if _listener is not None:
        _listener.stop()
