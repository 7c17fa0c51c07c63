"""How pages are read: OCR languages, rendering resolution and the Tesseract command."""

from __future__ import annotations

import msgspec


class PageOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to read pages: OCR languages, rendering resolution, the Tesseract command to run."""

    languages: str = "jpn+eng"
    dpi: int = 300
    tesseract_cmd: str = "tesseract"
