"""How pages are read: OCR languages, rendering resolution and Tesseract's language data."""

from __future__ import annotations

import msgspec


class PageOptions(msgspec.Struct, frozen=True, kw_only=True):
    """How to read pages: OCR languages, rendering resolution, the language data directory."""

    languages: str = "jpn+eng"
    dpi: int = 300
    tessdata: str = ""  # empty: TESSDATA_PREFIX or the system's directory
