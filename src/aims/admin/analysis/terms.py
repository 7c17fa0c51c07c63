"""Definition lists: short terms (options, commands, parameters) each with its description.

Manuals list options and commands as a short label followed by its description, either on the
same line (the label in a bold or typewriter face, then plain text) or on the lines below,
indented under the label. Such labels come in parallel, several set alike; they are list items
with a term, not headings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

import msgspec

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.numbering import parse_numbering

_DESCRIPTION_INDENT = 1.5
_DESCRIPTION_GAP = 1.6
_HANGING_INDENT = 0.5
_MIN_PARALLEL = 2
_SIZE_STEP = 0.5
_MAX_TERM_CHARS = 60


class Term(msgspec.Struct, frozen=True):
    """A definition-list item: its term and, when on its own lines, the description's block."""

    term: str
    description: BlockKey | None


def definition_terms(layout: Layout, excluded: Collection[BlockKey]) -> dict[BlockKey, Term]:
    """The definition-list items of the document by block key."""
    terms: dict[BlockKey, Term] = {}
    labelled: list[BlockKey] = []
    for key, block in layout.keyed():
        if key in excluded or key in layout.roles:
            continue
        if _runs_in(layout, key, block):
            terms[key] = Term(block.lines[0].label, None)
        elif _over_indented_text(layout, key, block):
            labelled.append(key)
    looks = Counter(label_look(layout.block(key)) for key in labelled)
    for key in labelled:
        block = layout.block(key)
        if looks[label_look(block)] < _MIN_PARALLEL:
            continue
        if len(block.lines) > 1:
            terms[key] = Term(block.lines[0].text, None)
            continue
        description = _description(layout, key)
        terms[key] = Term(block.text, None if description is None else (key[0], description))
    return terms


def _runs_in(layout: Layout, key: BlockKey, block: Block) -> bool:
    """A label in another face, then the description on the same line."""
    label = block.lines[0].label
    if not label or len(block.text) <= len(label) + 1:
        return False
    hanging = len(block.lines) > 1 and block.lines[1].bbox[0] - block.lines[0].bbox[0] >= (
        _HANGING_INDENT * block.size
    )
    neighbours = (layout.leader(key), layout.follower(key))
    parallel = any(other is not None and _runs_in_label(other) for other in neighbours)
    return hanging or (len(block.lines) == 1 and parallel)


def _runs_in_label(block: Block) -> bool:
    label = block.lines[0].label
    return bool(label) and len(block.text) > len(label) + 1


def _over_indented_text(layout: Layout, key: BlockKey, block: Block) -> bool:
    """A short unnumbered line whose description starts below it, indented under it."""
    first = block.lines[0]
    if parse_numbering(first.text) or not is_short_label(first.text):
        return False
    if len(block.lines) > 1:
        indent = block.lines[1].bbox[0] - first.bbox[0]
        return indent >= _DESCRIPTION_INDENT * block.size
    return _description(layout, key) is not None


def _description(layout: Layout, key: BlockKey) -> int | None:
    """The block right below a term that starts indented under it (its description)."""
    block = layout.block(key)
    x0, _, _, y1 = block.bbox
    below = [
        (other.bbox[1] - y1, index)
        for index, other in enumerate(layout.pages[key[0]])
        if 0 <= other.bbox[1] - y1 <= _DESCRIPTION_GAP * block.size
        and other.bbox[0] - x0 >= _DESCRIPTION_INDENT * block.size
    ]
    return min(below)[1] if below else None


def is_short_label(text: str) -> bool:
    """Whether a line is short enough to be a term: a few words with at least one letter."""
    meaningful = [char for char in text if char.isalnum()]
    return len(meaningful) > 0 and len(text) <= _MAX_TERM_CHARS


def label_look(block: Block) -> tuple[float, float, str]:
    """Size, weight and face of a term; a scan's weight (from stroke width) is too noisy."""
    line = block.lines[0]
    if block.source == "ocr":
        return (round(line.size), 0.0, "")
    return (round(line.size / _SIZE_STEP), line.weight, line.font)
