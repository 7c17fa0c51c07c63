"""The OCR languages of a job: the admin's choice (or the default), if this machine has them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aims.admin.domain.uploads import needed_languages, parse_languages
from aims.admin.public import InvalidRequest

InstalledLanguages = Callable[[], frozenset[str] | None]
"""The OCR languages this machine has, or None when it cannot tell (no Tesseract here)."""


@dataclass(frozen=True)
class LanguageChoice:
    """Checks a requested `jpn+eng`-style language set."""

    default: str
    installed: InstalledLanguages

    async def choose(self, requested: str | None) -> str:
        """The normalised languages, or `InvalidRequest` naming the field."""
        languages = parse_languages(requested or self.default)
        if languages is None:
            raise _refusal("Give Tesseract languages such as jpn+eng.")
        have = await asyncio.to_thread(self.installed)
        missing = sorted(needed_languages(languages) - have) if have is not None else []
        if missing:
            raise _refusal(f"Not installed for OCR: {', '.join(missing)}.")
        return languages


def _refusal(message: str) -> InvalidRequest:
    return InvalidRequest(message, errors=[{"field": "languages", "message": message}])
