"""The title page: the document's title, and the author, date and version lines around it.

The lines at the top of the first page, before the first section heading, the contents or the
first running text, make up the title block. Its largest line is the document's title; the
others (authors, affiliation, date, version) are plain paragraphs, never headings.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.style import is_heading_shaped

_TITLE_SIZE = 1.4
_BODY_SIZE = 1.1
_SECTION_GAP = 1.5


@dataclass(frozen=True)
class TitlePage:
    """The title (if any) and the other lines of the title block on the first page."""

    title: BlockKey | None
    lines: frozenset[BlockKey]


def title_page(layout: Layout, entries: Collection[BlockKey]) -> TitlePage:
    """Find the title block of the first page; `entries` are contents entries."""
    if not layout.pages:
        return TitlePage(None, frozenset())
    zone = _title_block(layout, entries)
    height = layout.heights[0]
    titles = [
        key
        for key in zone
        if layout.body.size_ratio(layout.block(key)) >= _TITLE_SIZE
        and layout.block(key).bbox[1] < height / 2
        and is_heading_shaped(layout.block(key))
    ]
    title = max(titles, key=lambda key: layout.block(key).size, default=None)
    return TitlePage(title, frozenset(key for key in zone if key != title))


def _title_block(layout: Layout, entries: Collection[BlockKey]) -> list[BlockKey]:
    zone: list[BlockKey] = []
    page = layout.pages[0]
    for index, block in enumerate(page):
        key = (0, index)
        if key in layout.roles:
            continue
        before_entries = index + 1 < len(page) and (0, index + 1) in entries
        if key in entries or before_entries or _opens_text(layout, key, block):
            break
        zone.append(key)
    return zone


def _opens_text(layout: Layout, key: BlockKey, block: Block) -> bool:
    """Numbered headings, running text and headings right above running text end the block."""
    if parse_numbering(block.text) is not None or _is_running_text(layout, block):
        return True
    follower = layout.follower(key)
    gap = layout.around(key).below
    close = gap is not None and gap <= _SECTION_GAP * block.size
    return close and follower is not None and _is_running_text(layout, follower)


def _is_running_text(layout: Layout, block: Block) -> bool:
    return len(block.lines) >= 2 and layout.body.size_ratio(block) <= _BODY_SIZE
