"""Running headers, footers and page numbers: what sits above or below the text block.

Running heads and folios sit in the top or bottom margin, set apart from the text block, and
come back on many pages: with the same words (digits aside), or at the same place in the same
small size while the words change with the section ("OPTIONS : Tracking").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import ElementType

_MARGIN_SHARE = 0.1
_APART_MARGIN_SHARE = 0.16
_APART_BY = 0.8
_MIN_REPEATS = 2
_REPEAT_SHARE = 0.3
_SAME_PLACE = 0.5
_MAX_RUNNING_SIZE = 1.05
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s*|p\.\s*)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")

BlockKey = tuple[int, int]
Place = tuple[str, int, int]  # zone, rounded top, rounded size


def running_roles(
    pages: Sequence[Sequence[Block]], heights: Sequence[float], body_size: float = 10.0
) -> dict[BlockKey, ElementType]:
    """Map (page index, block index) of margin blocks to page_header, page_footer or page_number."""
    margin_blocks = {
        (page_index, block_index): zone
        for page_index, blocks in enumerate(pages)
        for block_index, block in enumerate(blocks)
        if (zone := _margin_zone(block, blocks, heights[page_index])) is not None
    }
    texts = {key: _signature(pages[key[0]][key[1]].text) for key in margin_blocks}
    places = {key: _place(pages[key[0]][key[1]], zone) for key, zone in margin_blocks.items()}
    same_text = Counter((margin_blocks[key], text) for key, text in texts.items())
    same_place = Counter(places.values())
    needed = max(_MIN_REPEATS, round(_REPEAT_SHARE * len(pages)))
    roles: dict[BlockKey, ElementType] = {}
    for key, zone in margin_blocks.items():
        block = pages[key[0]][key[1]]
        small = block.size <= _MAX_RUNNING_SIZE * body_size
        repeats = same_text[(zone, texts[key])] >= needed or (
            small and same_place[places[key]] >= needed
        )
        if _PAGE_NUMBER.match(unicodedata.normalize("NFKC", block.text.strip())):
            roles[key] = "page_number"
        elif len(pages) >= _MIN_REPEATS and repeats:
            roles[key] = "page_header" if zone == "top" else "page_footer"
    return roles


def _margin_zone(block: Block, page: Sequence[Block], page_height: float) -> str | None:
    """'top' or 'bottom' for a block in a margin: near the edge, or set apart above/below all."""
    top, bottom = block.bbox[1], block.bbox[3]
    if bottom <= page_height * _MARGIN_SHARE:
        return "top"
    if top >= page_height * (1 - _MARGIN_SHARE):
        return "bottom"
    near_top = bottom <= page_height * _APART_MARGIN_SHARE
    near_bottom = top >= page_height * (1 - _APART_MARGIN_SHARE)
    if not (near_top or near_bottom):
        return None
    others = [other for other in page if not _on_one_line(block, other)]
    apart = _APART_BY * block.size
    if not others:
        return None
    if near_top and all(other.bbox[1] >= bottom + apart for other in others):
        return "top"
    if near_bottom and all(other.bbox[3] <= top - apart for other in others):
        return "bottom"
    return None


def _on_one_line(block: Block, other: Block) -> bool:
    return min(block.bbox[3], other.bbox[3]) > max(block.bbox[1], other.bbox[1])


def _place(block: Block, zone: str) -> Place:
    return (zone, round(block.bbox[1] / (_SAME_PLACE * block.size)), round(block.size))


def _signature(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).lower()
    return _DIGITS.sub("#", "".join(normal.split()))
