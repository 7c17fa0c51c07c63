"""Where Tesseract's language data is, and whether it has the languages OCR needs."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SYSTEM_TESSDATA = "/usr/share/tesseract-ocr/5/tessdata"
"""Where scripts/setup.sh's packages (Debian's tesseract-ocr-*) put `*.traineddata`."""

_SUFFIX = ".traineddata"


class TesseractMissing(RuntimeError):
    """Tesseract's language data, or one of the languages OCR needs, is not installed."""


def find_tessdata(configured: str = "") -> str:
    """The language data directory: the configured one, else TESSDATA_PREFIX, else the system's."""
    folder = configured or os.environ.get("TESSDATA_PREFIX") or SYSTEM_TESSDATA
    if not any(Path(folder).glob(f"*{_SUFFIX}")):
        raise TesseractMissing(
            f"no Tesseract language data in {folder}; "
            "install tesseract-ocr and its language packages or set AIMS_TESSDATA_DIR"
        )
    return folder


def installed_languages(tessdata: str = "") -> frozenset[str]:
    """The languages whose data is installed, or raise `TesseractMissing`."""
    return frozenset(path.stem for path in Path(find_tessdata(tessdata)).glob(f"*{_SUFFIX}"))


def missing_languages(required: Iterable[str], tessdata: str = "") -> list[str]:
    """The required languages Tesseract lacks (empty when all are there)."""
    return sorted(set(required) - installed_languages(tessdata))
