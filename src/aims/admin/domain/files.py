"""Where a document's files live in the content-addressed store (keys, not paths)."""

from __future__ import annotations

import re

ORIGINALS = "originals"
PAGE_IMAGES = "pages"
EXPORTS = "exports"
PAGE_IMAGE_DPI = 150
"""Resolution of the page images served to the console."""

PAGE_IMAGE_MAX_SIDE = 3000
"""Longest side of a served page image in pixels (a huge page is scaled down to it)."""

EXPORT_EXTENSIONS = {"markdown": "md", "text": "txt"}
"""The file extension of each rendering kept in the store."""

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _checked(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise ValueError(f"not a sha256 digest: {sha256!r}")
    return sha256


def original_key(sha256: str) -> str:
    """The uploaded file, named by the hash of its bytes."""
    return f"{ORIGINALS}/{_checked(sha256)}"


def page_images_prefix(sha256: str) -> str:
    """Every page image rendered from one original."""
    return f"{PAGE_IMAGES}/{_checked(sha256)}"


def page_image_key(sha256: str, page: int) -> str:
    """One page rendered for the console (rendered once, then served from the store)."""
    return f"{page_images_prefix(sha256)}/{page:05d}-{PAGE_IMAGE_DPI}dpi.png"


def page_image_etag(sha256: str, page: int) -> str:
    """A strong validator of a page image: it only depends on the original and the page."""
    return f'"{sha256[:32]}-{page}-{PAGE_IMAGE_DPI}"'


def export_key(analysis_sha256: str, extension: str) -> str:
    """A rendering (Markdown, text) of one analysis version, named by that version's hash."""
    return f"{EXPORTS}/{_checked(analysis_sha256)}.{extension}"


def sha_of_key(key: str) -> str | None:
    """The hash a key is named after (originals, page-image folders, exports)."""
    name = key.split("/")[1] if "/" in key else ""
    digest = name.split(".")[0]
    return digest if _SHA256.match(digest) else None
