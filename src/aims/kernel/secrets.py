"""The application secret: configured in production, generated once for development."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from aims.kernel.settings import Settings

SECRET_FILE_NAME = "secret_key"  # noqa: S105 (a file name, not a secret)


def application_secret(settings: Settings) -> str:
    """`AIMS_SECRET_KEY`, else a random key kept (0600) in the data directory."""
    if settings.secret_key is not None:
        return settings.secret_key
    path = settings.data_path / SECRET_FILE_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    _create_once(path)
    return path.read_text(encoding="utf-8").strip()


def _create_once(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(secrets.token_urlsafe(48))
