"""Which blocks are headings, decided over the whole document, and their levels.

A block is a heading when it looks like one (short, set larger or bolder than the body text,
never smaller), stands apart (more space above than below, not inside a run of equally-styled
short lines, no body text after it on its line), and fits the document: its number follows the
document's section numbering, or, unnumbered, it is set like the numbered headings.
"""

from __future__ import annotations

from collections.abc import Collection

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.classify import (
    is_centred,
    is_heading_candidate,
    is_set_apart,
    sits_like_heading,
)
from aims.admin.analysis.displays import interrupts_sentence
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.levels import HeadingLevel, assign_levels
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.sequence import fitting
from aims.admin.analysis.spacing import stands_apart

_MIN_SIZE = {"text_layer": 0.95, "ocr": 0.9, "none": 0.95}
_RUN_GAP = 1.0
_WRAPPED_SHARE = 0.6
_BODY_SIZED = 1.1


def decide_headings(layout: Layout, excluded: Collection[BlockKey]) -> dict[BlockKey, HeadingLevel]:
    """Heading levels of the document's headings, by (page index, block index)."""
    keys = [
        key
        for key, block in layout.keyed()
        if key not in excluded
        and key not in layout.roles
        and _looks_like_heading(layout, key, block)
    ]
    numberings = [parse_numbering(layout.block(key).text) for key in keys]
    keys = [key for key, fits in zip(keys, fitting(numberings), strict=True) if fits]
    levels = assign_levels([layout.block(key) for key in keys], layout.body)
    return {key: level for key, level in zip(keys, levels, strict=True) if level is not None}


def _looks_like_heading(layout: Layout, key: BlockKey, block: Block) -> bool:
    body = layout.body
    page = layout.pages[key[0]]
    numbered = parse_numbering(block.text) is not None
    if body.size_ratio(block) < _MIN_SIZE[block.source] or _is_run_in(block, layout):
        return False
    if not is_heading_candidate(block, body):
        return False
    if not sits_like_heading(block, page, layout.widths[key[0]]) or _is_stack(layout, key, block):
        return False
    if numbered:
        return True
    apart = is_set_apart(key[1], page, body) and stands_apart(layout.around(key), block.size)
    return apart and not _in_run(layout, key) and not interrupts_sentence(layout, key)


def _is_stack(layout: Layout, key: BlockKey, block: Block) -> bool:
    """Several short lines (an example, an address), not one heading that wrapped.

    A heading that runs over a line fills most of the text column before it breaks; a
    centred title may break early.
    """
    if len(block.lines) < 2 or is_centred(block, layout.widths[key[0]]):
        return False
    first = block.lines[0].bbox
    return first[2] - first[0] < _WRAPPED_SHARE * layout.measure(key[0])


def _is_run_in(block: Block, layout: Layout) -> bool:
    """Whether the block starts with words set in another face followed by body text."""
    label = block.lines[0].label
    body_sized = layout.body.size_ratio(block) <= _BODY_SIZED
    return body_sized and bool(label) and len(block.text) > len(label) + 1


def _in_run(layout: Layout, key: BlockKey) -> bool:
    """Whether the block is one of a stack of equally-styled short lines (a list, a table)."""
    block = layout.block(key)
    around = layout.around(key)
    neighbours = ((layout.follower(key), around.below), (layout.leader(key), around.above))
    return any(
        other is not None
        and gap is not None
        and gap <= _RUN_GAP * block.size
        and _same_look(block, other)
        for other, gap in neighbours
    )


def _same_look(first: Block, second: Block) -> bool:
    same_size = abs(first.size - second.size) <= 0.05 * max(first.size, second.size)
    return same_size and abs(first.weight - second.weight) < 100 and len(second.lines) <= 2
