"""Rules of an upload: its display name, OCR languages and how each refusal is answered."""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

MAX_NAME_LENGTH = 255
MAX_LANGUAGES = 5
_LANGUAGE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})

REFUSAL_STATUS: dict[str, int] = {
    "empty": 422,
    "unsupported_type": 415,
    "too_large": 413,
    "too_many_pages": 413,
    "page_too_large": 413,
    "encrypted": 422,
    "corrupt": 422,
    "ambiguous_type": 415,
    "embedded_files": 422,
    "storage_full": 507,  # the server's disk, not the file: nothing was kept, try later
}
"""The HTTP status of each refusal code of the engine (and of the upload itself)."""


def display_name(filename: str | None) -> str:
    """The name a document is listed under: the file's own name without any path, control or
    invisible characters (bidi overrides that would show `exe.pdf` as `pdf.exe`, zero-width
    spaces) or surrounding blanks, cut to 255 characters."""
    raw = unicodedata.normalize("NFC", filename or "")
    base = PureWindowsPath(PurePosixPath(raw).name).name
    cleaned = "".join(c for c in base if unicodedata.category(c) not in _HIDDEN_CATEGORIES)
    cleaned = cleaned.strip()
    return cleaned[:MAX_NAME_LENGTH] or "document"


def parse_languages(value: str) -> str | None:
    """`jpn+eng`-style Tesseract languages, normalised; None when the text is not one."""
    names = [name.strip() for name in value.strip().split("+")]
    if not 1 <= len(names) <= MAX_LANGUAGES or not all(_LANGUAGE.match(n) for n in names):
        return None
    return "+".join(dict.fromkeys(names))


def needed_languages(languages: str) -> set[str]:
    """The Tesseract data a language choice needs (vertical Japanese comes with Japanese)."""
    names = set(languages.split("+"))
    return names | {"jpn_vert"} if "jpn" in names else names
