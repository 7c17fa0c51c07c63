"""Text no database or file name takes: a NUL, or a lone surrogate (half of a UTF-16 pair)."""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    """Whether `text` holds a NUL or a lone surrogate."""
    return _UNSTORABLE.search(text) is not None


def without_unstorable(text: str) -> str:
    """`text` without its NULs and lone surrogates."""
    return _UNSTORABLE.sub("", text)
