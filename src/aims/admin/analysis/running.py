"""Running headers, footers and page numbers: blocks in the margins that repeat across pages."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import ElementType

_MARGIN_SHARE = 0.1
_MIN_REPEATS = 2
_REPEAT_SHARE = 0.3
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*|p\.\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")

BlockKey = tuple[int, int]


def running_roles(
    pages: Sequence[Sequence[Block]], heights: Sequence[float]
) -> dict[BlockKey, ElementType]:
    """Map (page index, block index) of margin blocks to page_header, page_footer or page_number."""
    margin_blocks = {
        (page_index, block_index): zone
        for page_index, blocks in enumerate(pages)
        for block_index, block in enumerate(blocks)
        if (zone := _margin_zone(block, heights[page_index])) is not None
    }
    texts = {key: _signature(pages[key[0]][key[1]].text) for key in margin_blocks}
    repeats = Counter((margin_blocks[key], text) for key, text in texts.items())
    needed = max(_MIN_REPEATS, round(_REPEAT_SHARE * len(pages)))
    roles: dict[BlockKey, ElementType] = {}
    for key, zone in margin_blocks.items():
        text = pages[key[0]][key[1]].text.strip()
        if _PAGE_NUMBER.match(unicodedata.normalize("NFKC", text)):
            roles[key] = "page_number"
        elif len(pages) > _MIN_REPEATS and repeats[(zone, texts[key])] >= needed:
            roles[key] = "page_header" if zone == "top" else "page_footer"
    return roles


def _margin_zone(block: Block, page_height: float) -> str | None:
    top, bottom = block.bbox[1], block.bbox[3]
    if bottom <= page_height * _MARGIN_SHARE:
        return "top"
    if top >= page_height * (1 - _MARGIN_SHARE):
        return "bottom"
    return None


def _signature(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).lower()
    return _DIGITS.sub("#", "".join(normal.split()))
