"""Is Tesseract installed, with the languages OCR needs?"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable


class TesseractMissing(RuntimeError):
    """Tesseract or one of its language data files is not installed."""


def installed_languages(cmd: str = "tesseract") -> frozenset[str]:
    """The language data Tesseract has, or raise `TesseractMissing`."""
    if shutil.which(cmd) is None:
        raise TesseractMissing(f"{cmd} not found; install tesseract-ocr")
    try:
        listing = subprocess.run(  # noqa: S603 (the configured tesseract binary)
            [cmd, "--list-langs"], capture_output=True, text=True, timeout=10, check=True
        ).stdout
    except (subprocess.SubprocessError, OSError) as exc:
        raise TesseractMissing(f"{cmd} --list-langs failed: {exc}") from None
    return frozenset(line.strip() for line in listing.splitlines()[1:] if line.strip())


def missing_languages(required: Iterable[str], cmd: str = "tesseract") -> list[str]:
    """The required languages Tesseract lacks (empty when all are there)."""
    have = installed_languages(cmd)
    return sorted(set(required) - have)
