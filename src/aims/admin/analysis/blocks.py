"""Lines of a page into blocks: reading order first, then neighbours of one style joined."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from aims.admin.analysis.cjk import join_lines
from aims.admin.analysis.model import BBox, PageResult, TextLine, TextSource
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.readingorder import reading_order

_PARAGRAPH_GAP = 0.75
_SIZE_TOLERANCE = 0.12
_WEIGHT_TOLERANCE = 120.0
_LIST_MARKER = re.compile(r"^\s*(?:[•・‣◦∙\-–—*※]\s?|\d{1,2}[.)）]\s|[(（]\d{1,2}[)）])")


@dataclass(frozen=True, kw_only=True)
class Block:
    """Consecutive lines of one style on one page (its box and text are worked out once)."""

    page: int
    lines: tuple[TextLine, ...]
    vertical: bool
    source: TextSource

    @cached_property
    def bbox(self) -> BBox:
        """The union of the line boxes."""
        boxes = [line.bbox for line in self.lines]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    @cached_property
    def text(self) -> str:
        """The lines joined, soft line breaks removed."""
        return join_lines([line.text for line in self.lines])

    @property
    def size(self) -> float:
        """The size of the block's first line."""
        return self.lines[0].size

    @property
    def weight(self) -> float:
        """The weight of the block's first line."""
        return self.lines[0].weight


def page_blocks(page: PageResult, standalone: Collection[TextLine] = ()) -> list[Block]:
    """Split a page's lines into blocks in reading order; `standalone` lines stay on their own."""
    vertical = page.writing_mode == "vertical"
    order = reading_order(
        [line.bbox for line in page.lines], [line.size for line in page.lines], vertical=vertical
    )
    blocks: list[list[TextLine]] = []
    for index in order:
        line = page.lines[index]
        alone = line in standalone or (blocks and blocks[-1][-1] in standalone)
        if blocks and not alone and _continues(blocks[-1][-1], line, vertical):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [
        Block(page=page.number, lines=tuple(lines), vertical=vertical, source=page.text_source)
        for lines in blocks
    ]


def _continues(previous: TextLine, line: TextLine, vertical: bool) -> bool:
    """Whether a line carries on the block that the previous line belongs to."""
    if not _same_style(previous, line) or _starts_item(line.text):
        return False
    if _is_bare_number(previous.text):
        return False
    if vertical:
        gap = previous.bbox[0] - line.bbox[2]
        overlap = min(previous.bbox[3], line.bbox[3]) - max(previous.bbox[1], line.bbox[1])
    else:
        gap = line.bbox[1] - previous.bbox[3]
        overlap = min(previous.bbox[2], line.bbox[2]) - max(previous.bbox[0], line.bbox[0])
    reach = _PARAGRAPH_GAP * max(previous.size, line.size)
    return -reach < gap <= reach and overlap > 0


def _same_style(first: TextLine, second: TextLine) -> bool:
    larger = max(first.size, second.size, 0.1)
    similar_size = abs(first.size - second.size) / larger <= _SIZE_TOLERANCE
    return similar_size and abs(first.weight - second.weight) <= _WEIGHT_TOLERANCE


def _is_bare_number(text: str) -> bool:
    numbering = parse_numbering(text)
    return numbering is not None and not numbering.title


def _starts_item(text: str) -> bool:
    return bool(_LIST_MARKER.match(text)) or parse_numbering(text) is not None
