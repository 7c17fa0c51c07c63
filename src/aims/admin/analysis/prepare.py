"""Each page made ready for the document passes: readings dropped, contents rows joined, blocks."""

from __future__ import annotations

import statistics
from collections.abc import Collection
from dataclasses import dataclass

import msgspec

from aims.admin.analysis.blocks import Block, page_blocks
from aims.admin.analysis.classify import is_number_only
from aims.admin.analysis.contents import ContentsEntry, contents_entries
from aims.admin.analysis.model import PageResult, TextLine
from aims.admin.analysis.ruby import ruby_indices
from aims.admin.analysis.style import BodyStyle, is_heading_shaped


@dataclass(frozen=True)
class PreparedPage:
    """A page's blocks in reading order and the contents entries among them (by block index)."""

    blocks: list[Block]
    entries: dict[int, ContentsEntry]


def prepare_page(page: PageResult, body: BodyStyle) -> PreparedPage:
    """Blocks of a page: OCR'd ruby dropped, contents rows kept whole, split numbers joined."""
    lines = list(page.lines)
    if page.text_source == "ocr":
        ruby = ruby_indices([line.bbox for line in lines], [line.size for line in lines])
        lines = [line for index, line in enumerate(lines) if index not in ruby]
    found = contents_entries(lines)
    replaced = {index for indices, _ in found for index in indices}
    by_line = {entry.line: entry for _, entry in found}
    kept = [line for index, line in enumerate(lines) if index not in replaced]
    ready = msgspec.structs.replace(page, lines=(*kept, *by_line))
    blocks = _merge_split_headings(page_blocks(ready, standalone=by_line), body, by_line)
    entries = {
        index: by_line[block.lines[0]]
        for index, block in enumerate(blocks)
        if len(block.lines) == 1 and block.lines[0] in by_line
    }
    return PreparedPage(blocks=blocks, entries=entries)


def _merge_split_headings(
    blocks: list[Block], body: BodyStyle, entries: Collection[TextLine]
) -> list[Block]:
    """Join a block holding only a heading number with the heading text right after it."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        whole = block.lines[0] not in entries
        if previous is not None and whole and _heading_number_of(previous, block, body):
            merged[-1] = msgspec.structs.replace(previous, lines=(_joined_line(previous, block),))
            continue
        merged.append(block)
    return merged


def _heading_number_of(number: Block, heading: Block, body: BodyStyle) -> bool:
    shaped = is_number_only(number) and _is_heading_text(heading, body)
    return shaped and _adjacent(number, heading)


def _adjacent(number: Block, heading: Block) -> bool:
    """On the same line (number before the text) or on the line right above, aligned left."""
    nx0, ny0, nx1, ny1 = number.bbox
    hx0, hy0, _, hy1 = heading.bbox
    reach = 1.5 * max(number.size, heading.size)
    same_line = min(ny1, hy1) - max(ny0, hy0) > 0 and 0 <= hx0 - nx1 <= 3 * reach
    line_above = 0 <= hy0 - ny1 <= reach and abs(hx0 - nx0) <= reach
    return same_line or line_above


def _is_heading_text(block: Block, body: BodyStyle) -> bool:
    return is_heading_shaped(block) and body.stands_out(block)


def _joined_line(number: Block, heading: Block) -> TextLine:
    box_a, box_b = number.bbox, heading.bbox
    confidences = [
        line.confidence for line in (*number.lines, *heading.lines) if line.confidence is not None
    ]
    return msgspec.structs.replace(
        heading.lines[0],
        text=f"{number.text} {heading.text}",
        bbox=(
            min(box_a[0], box_b[0]),
            min(box_a[1], box_b[1]),
            max(box_a[2], box_b[2]),
            max(box_a[3], box_b[3]),
        ),
        confidence=statistics.fmean(confidences) if confidences else None,
        label="",
    )
