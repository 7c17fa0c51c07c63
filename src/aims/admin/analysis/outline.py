"""The PDF outline (bookmarks) as the most trusted source of heading levels."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

import msgspec
import pypdfium2 as pdfium

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.numbering import parse_numbering

_MIN_SIMILARITY = 0.8
_MAX_OUTLINE_ITEMS = 5000
_SPACES = re.compile(r"[\s\u3000]+")


class OutlineEntry(msgspec.Struct, frozen=True):
    """One bookmark: its depth (1 = top), title and zero-based target page."""

    level: int
    title: str
    page_index: int | None


def read_outline(document: pdfium.PdfDocument) -> list[OutlineEntry]:
    """Read the bookmarks of a PDF; an unreadable outline counts as none."""
    entries: list[OutlineEntry] = []
    try:
        for item in document.get_toc(max_depth=15):
            destination = item.get_dest()
            page_index = destination.get_index() if destination is not None else None
            entries.append(OutlineEntry(item.level + 1, item.get_title(), page_index))
            if len(entries) >= _MAX_OUTLINE_ITEMS:
                break
    except (pdfium.PdfiumError, ValueError, OSError):
        return []
    return entries


def match_outline(
    entries: Sequence[OutlineEntry],
    pages: Sequence[Sequence[Block]],
    excluded: set[tuple[int, int]] | None = None,
) -> dict[tuple[int, int], int]:
    """Map (page index, block index) of blocks that carry an outline title to the entry's level."""
    matched: dict[tuple[int, int], int] = {}
    for entry in entries:
        key = _best_block(entry, pages, set(matched) | (excluded or set()))
        if key is not None:
            matched[key] = entry.level
    return matched


def _best_block(
    entry: OutlineEntry, pages: Sequence[Sequence[Block]], taken: set[tuple[int, int]]
) -> tuple[int, int] | None:
    if entry.page_index is None:
        return None
    wanted = comparable_title(entry.title)
    best: tuple[float, tuple[int, int]] | None = None
    for page_index in (entry.page_index, entry.page_index + 1, entry.page_index - 1):
        if not 0 <= page_index < len(pages):
            continue
        for block_index, block in enumerate(pages[page_index]):
            key = (page_index, block_index)
            score = _similarity(wanted, comparable_title(block.text))
            if key not in taken and score >= _MIN_SIMILARITY and (best is None or score > best[0]):
                best = (score, key)
    return best[1] if best else None


def comparable_title(text: str) -> str:
    """A heading's text reduced for comparison: NFKC, no numbering, no spaces, lower case."""
    normal = unicodedata.normalize("NFKC", text).strip().lower()
    numbering = parse_numbering(normal)
    if numbering is not None and numbering.title:
        normal = numbering.title
    return _SPACES.sub("", normal)


def _similarity(first: str, second: str) -> float:
    if not first or not second:
        return 0.0
    if len(second) > 3 * len(first) + 10:
        return 0.0
    return difflib.SequenceMatcher(None, first, second).ratio()
