"""Where a browser may be sent back to after a form: only paths on this site."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

import msgspec

from aims.kernel.edge import MAX_URL_BYTES

NextField = Annotated[str, msgspec.Meta(max_length=MAX_URL_BYTES)]
"""Where a form sends the browser afterwards: a path on this site, bounded like a URL."""


def safe_next(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site (no `//host`, URL or backslash), else `default`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(ch) < 32 for ch in target):
        return default
    return target
