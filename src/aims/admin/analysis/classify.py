"""Block types: captions, footnotes, list items, contents entries, heading candidates, the title."""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Sequence

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import ElementType
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.style import BodyStyle, is_heading_shaped

_CAPTION = re.compile(
    r"^(?:図|表|写真|Figure|Fig\.|Table|Listing)\s*[0-9０-９]+(?:[.\-][0-9]+)?\s*[:：.\s]"
)
_FOOTNOTE = re.compile(r"^(?:\*\s?\d{1,2}|\d{1,2}\s|†|‡|注\s?\d{1,2})")
_LIST_ITEM = re.compile(r"^(?:[•・‣◦∙\-–—*※]|\d{1,2}[.)）]|[(（]\d{1,2}[)）]|[a-z][.)]\s)")
_CENTRED_SHARE = 0.06
_EDGE_TOLERANCE = 0.6
_BULLET = re.compile(r"^[•・‣◦∙\-–—*※]")
_EXTRA_SPACE = 0.5
_MIN_HEADING_CONFIDENCE = 0.65  # large, clean heading text reads well; garbage does not
_MIN_NUMBERED_CONFIDENCE = 0.4
_FOOTNOTE_SIZE = 0.92
_FOOTNOTE_ZONE = 0.5
_NUMBERED_SIZE = 1.05


def is_heading_candidate(block: Block, body: BodyStyle) -> bool:
    """Whether a block looks like a heading: short, standing out, not a caption.

    A numbered text-layer line needs to be set only a little larger than the body (in another
    face, as Japanese headings in Gothic beside Mincho body text often are). A scanned heading
    must read clearly; its number vouches for it when the words after it read poorly.
    """
    text = _normal(block.text)
    if not is_heading_shaped(block) or _CAPTION.match(text) or _BULLET.match(text):
        return False
    numbered = parse_numbering(block.text) is not None
    confidences = [line.confidence for line in block.lines if line.confidence is not None]
    least = _MIN_NUMBERED_CONFIDENCE if numbered else _MIN_HEADING_CONFIDENCE
    if confidences and statistics.fmean(confidences) < least:
        return False
    if block.source == "ocr" and not numbered:
        return body.is_larger(block)  # stroke width alone is too noisy a sign in scans
    slightly_larger = block.source == "text_layer" and body.size_ratio(block) >= _NUMBERED_SIZE
    return body.stands_out(block) or (numbered and slightly_larger)


def sits_like_heading(block: Block, page: Sequence[Block], page_width: float) -> bool:
    """Whether a block is placed like a heading: aligned or centred, and not a full-measure line."""
    if block.vertical:
        return True
    x0, _, x1, _ = block.bbox
    tolerance = _EDGE_TOLERANCE * block.size
    lefts = [line.bbox[0] for other in page if other is not block for line in other.lines]
    rights = [line.bbox[2] for other in page for line in other.lines]
    numbered = parse_numbering(block.text) is not None
    if not numbered and len(block.lines) == 1 and rights and lefts:
        full_measure = x1 >= max(rights) - tolerance and x0 <= min(lefts) + 4 * tolerance
        if full_measure:
            return False
    if is_centred(block, page_width):
        return True
    leftmost = not lefts or x0 <= statistics.median(lefts) + tolerance
    return leftmost or any(abs(left - x0) <= tolerance for left in lefts)


def is_centred(block: Block, page_width: float) -> bool:
    """Whether a block is centred on the page."""
    x0, _, x1, _ = block.bbox
    return abs((x0 + x1) / 2 - page_width / 2) <= _CENTRED_SHARE * page_width


def is_set_apart(index: int, page: Sequence[Block], body: BodyStyle) -> bool:
    """Whether a block has more space above it than lines of running text have between them."""
    block = page[index]
    if block.vertical or index == 0:
        return True
    previous = page[index - 1]
    overlap = min(previous.bbox[2], block.bbox[2]) - max(previous.bbox[0], block.bbox[0])
    if overlap <= 0:
        return True
    return block.bbox[1] - previous.bbox[3] >= extra_space(page, body)


def extra_space(page: Sequence[Block], body: BodyStyle) -> float:
    """The least gap that sets a block apart: more than running text has between its lines."""
    return _typical_leading(page) + _EXTRA_SPACE * body.size


def _typical_leading(page: Sequence[Block]) -> float:
    gaps = [
        later.bbox[1] - earlier.bbox[3]
        for block in page
        for earlier, later in zip(block.lines, block.lines[1:], strict=False)
    ]
    return statistics.median(gaps) if gaps else 0.0


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


def is_number_only(block: Block) -> bool:
    """Whether a block holds only a heading number ('第1章' with its title on the next line)."""
    numbering = parse_numbering(block.text)
    return numbering is not None and not numbering.title and numbering.family != "symbol"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()
