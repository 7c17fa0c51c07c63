"""Block types: captions, footnotes, list items, contents entries, heading candidates, the title."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import BBox, ElementType
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.style import BodyStyle, is_heading_shaped

_CAPTION = re.compile(
    r"^(?:図|表|写真|Figure|Fig\.|Table|Listing)\s*[0-9０-９]+(?:[.\-][0-9]+)?\s*[:：.\s]"
)
_FOOTNOTE = re.compile(r"^(?:\*\s?\d{1,2}|\d{1,2}\s|†|‡|注\s?\d{1,2})")
_LIST_ITEM = re.compile(r"^(?:[•・‣◦∙\-–—*※]|\d{1,2}[.)）]|[(（]\d{1,2}[)）]|[a-z][.)]\s)")
_CONTENTS_ENTRY = re.compile(r"(?:(?:\.\s?){3,}|…{2,}|・{3,})\s*\d{0,4}$|\s\d{1,4}$")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_CENTRED_SHARE = 0.06
_EDGE_TOLERANCE = 0.6
_FOOTNOTE_SIZE = 0.92
_FOOTNOTE_ZONE = 0.5
_TITLE_SIZE = 1.4
_MIN_CONTENTS_LINES = 3


def contents_entries(blocks: Sequence[Block]) -> set[int]:
    """Indices of table-of-contents entries (text then a page number) on a contents page."""
    numbers = [block.bbox for block in blocks if _BARE_NUMBER.match(block.text.strip())]
    entries = {
        index
        for index, block in enumerate(blocks)
        if _CONTENTS_ENTRY.search(block.lines[-1].text) or _has_number_beside(block, numbers)
    }
    return entries if len(entries) >= _MIN_CONTENTS_LINES else set()


def _has_number_beside(block: Block, numbers: list[BBox]) -> bool:
    _, y0, x1, y1 = block.lines[-1].bbox
    return any(box[0] > x1 and box[1] < y1 and box[3] > y0 for box in numbers)


def is_heading_candidate(block: Block, body: BodyStyle) -> bool:
    """Whether a block looks like a heading: short, standing out, not a caption."""
    if not is_heading_shaped(block) or _CAPTION.match(_normal(block.text)):
        return False
    return body.stands_out(block)


def is_aligned(block: Block, page: Sequence[Block], page_width: float) -> bool:
    """Whether a block starts at a left edge that other lines share, or is centred on the page."""
    if block.vertical:
        return True
    x0, _, x1, _ = block.bbox
    if abs((x0 + x1) / 2 - page_width / 2) <= _CENTRED_SHARE * page_width:
        return True
    others = [line.bbox[0] for other in page if other is not block for line in other.lines]
    tolerance = _EDGE_TOLERANCE * block.size
    leftmost = not others or x0 <= statistics.median(others) + tolerance
    return leftmost or any(abs(left - x0) <= tolerance for left in others)


def plain_type(block: Block, body: BodyStyle, page_height: float) -> ElementType:
    """The type of a block that is not a heading."""
    text = _normal(block.text)
    if _CAPTION.match(text):
        return "caption"
    in_lower_half = block.bbox[1] > page_height * _FOOTNOTE_ZONE
    if in_lower_half and body.size_ratio(block) < _FOOTNOTE_SIZE and _FOOTNOTE.match(text):
        return "footnote"
    if _LIST_ITEM.match(text):
        return "list_item"
    return "paragraph"


def find_title(first_page: Sequence[Block], body: BodyStyle, candidates: set[int]) -> int | None:
    """Index of the title on the first page: the largest text before the first numbered heading."""
    best: int | None = None
    for index, block in enumerate(first_page):
        if index in candidates and parse_numbering(block.text) is not None:
            break
        large = body.size_ratio(block) >= _TITLE_SIZE
        if large and (best is None or block.size > first_page[best].size):
            best = index
    return best


def is_number_only(block: Block) -> bool:
    """Whether a block holds only a heading number ('第1章' with its title on the next line)."""
    numbering = parse_numbering(block.text)
    return numbering is not None and not numbering.title and numbering.family != "symbol"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()
