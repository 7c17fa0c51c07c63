"""Labels that head their own stretch of text: minor headings set like option names.

Some manuals give every option or command a subsection of its own, headed by its name on a line
of its own that hangs left of the text column, into the margin. Unlike a definition list, whose
terms sit tight on their descriptions, and unlike a syntax line displayed just above the text
that explains it, such a label stands as far from the text below it as from the text above.
Several set alike make a run of minor headings, one level below the heading they come under.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.classify import extra_space, is_heading_candidate
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.style import is_heading_shaped
from aims.admin.analysis.terms import is_short_label, label_look

_OUTDENT = 1.0
_MIN_SIZE = 0.85
_MAX_GAP = 3.0
_EVEN_SPACING = (0.8, 1.25)
_MIN_PARALLEL = 2
_MARKER = "•・‣◦∙-–—*※▶▷►■□◆◇●○"


def heading_labels(layout: Layout, excluded: Collection[BlockKey]) -> set[BlockKey]:
    """The labels of the document that head the text below them."""
    found = [
        key
        for key, block in layout.keyed()
        if key not in excluded and key not in layout.roles and _heads_text(layout, key, block)
    ]
    looks = Counter(_look(layout.block(key)) for key in found)
    return {key for key in found if looks[_look(layout.block(key))] >= _MIN_PARALLEL}


def _look(block: Block) -> tuple[float, float, str]:
    """How a label is set; Tesseract's sizes of short lines are too rough to tell labels apart."""
    return (0.0, 0.0, "ocr") if block.source == "ocr" else label_look(block)


def _heads_text(layout: Layout, key: BlockKey, block: Block) -> bool:
    """Short unnumbered lines alone, hanging into the margin, as far from the text below as from
    the text above."""
    if not all(_is_label(line.text) for line in block.lines) or not is_heading_shaped(block):
        return False
    if layout.body.size_ratio(block) < _MIN_SIZE:
        return False  # set like a note
    if block.source != "ocr" and is_heading_candidate(block, layout.body):
        return False  # set like a heading: the heading rules decide
    column = layout.column_left(key[0])
    if any(line.bbox[0] > column - _OUTDENT * line.size for line in block.lines):
        return False
    apart = extra_space(layout.pages[key[0]], layout.body)
    first, last = _stack(layout, key, apart)
    right = column + layout.measure(key[0])
    above, below = _gaps(layout, first, column, right)[0], _gaps(layout, last, column, right)[1]
    if above is None or below is None:
        return (above or below or 0.0) >= apart
    low, high = _EVEN_SPACING
    even = above > 0 and low <= below / above <= high
    return even and apart <= below <= _MAX_GAP * block.size


def _is_label(text: str) -> bool:
    stripped = text.lstrip()
    unmarked = stripped[:1] not in _MARKER and parse_numbering(stripped) is None
    return unmarked and is_short_label(stripped)


def _stack(layout: Layout, key: BlockKey, apart: float) -> tuple[BlockKey, BlockKey]:
    """The first and last of the labels stacked tight with this one (several names heading one
    text, as a command and its closing command)."""
    page = layout.pages[key[0]]
    first = last = key[1]
    while first > 0 and _stacked(page[first - 1], page[first], apart):
        first -= 1
    while last + 1 < len(page) and _stacked(page[last], page[last + 1], apart):
        last += 1
    return (key[0], first), (key[0], last)


def _stacked(upper: Block, lower: Block, apart: float) -> bool:
    same = label_look(upper) == label_look(lower) and len(upper.lines) == len(lower.lines) == 1
    labels = _is_label(upper.text) and _is_label(lower.text)
    return same and labels and 0 <= lower.bbox[1] - upper.bbox[3] < apart


def _gaps(
    layout: Layout, key: BlockKey, column: float, right: float
) -> tuple[float | None, float | None]:
    """Space to the nearest text of the column above and below, the label taken as wide as the
    column it heads (a label in the margin shares no width with the text beside it)."""
    block = layout.block(key)
    x0, y0, _, y1 = block.bbox
    above: float | None = None
    below: float | None = None
    for index, other in enumerate(layout.pages[key[0]]):
        ox0, oy0, ox1, oy1 = other.bbox
        beside = min(right, ox1) <= max(x0, ox0) or ox1 <= column
        if index == key[1] or beside or (key[0], index) in layout.roles:
            continue
        if oy1 <= y0 + 1 and (above is None or y0 - oy1 < above):
            above = y0 - oy1
        elif oy0 >= y1 - 1 and (below is None or oy0 - y1 < below):
            below = oy0 - y1
    return above, below
