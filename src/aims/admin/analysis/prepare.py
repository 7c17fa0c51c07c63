"""Each page made ready for the document passes: readings dropped, contents rows joined, blocks."""

from __future__ import annotations

import dataclasses
import statistics
from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

import msgspec

from aims.admin.analysis.blocks import Block, page_blocks
from aims.admin.analysis.classify import is_number_only
from aims.admin.analysis.contents import ContentsEntry, contents_entries
from aims.admin.analysis.model import PageResult, TextLine
from aims.admin.analysis.numbering import undo_digit_misreads
from aims.admin.analysis.ruby import ruby_indices
from aims.admin.analysis.style import BodyStyle, is_heading_shaped
from aims.admin.analysis.tables import Table, find_tables, table_text


@dataclass(frozen=True)
class PreparedPage:
    """A page's blocks in reading order; the contents entries and tables among them by index."""

    blocks: list[Block]
    entries: dict[int, ContentsEntry]
    tables: dict[int, Table]
    groups: frozenset[int] = frozenset()


def prepare_page(page: PageResult, body: BodyStyle) -> PreparedPage:
    """Blocks of a page: OCR'd ruby dropped, contents rows and tables kept whole, numbers joined."""
    lines = list(page.lines)
    if page.text_source == "ocr":
        ruby = ruby_indices([line.bbox for line in lines], [line.size for line in lines])
        lines = [
            msgspec.structs.replace(line, text=undo_digit_misreads(line.text))
            for index, line in enumerate(lines)
            if index not in ruby
        ]
    found = contents_entries(lines)
    lines, entries = _replaced(
        lines, [(list(indices), entry.line, entry) for indices, entry in found]
    )
    tables = find_tables(lines, page.rulings, ignored=entries)
    lines, grids = _replaced(lines, [(list(t.lines), _table_line(t, lines), t) for t in tables])
    groups = {entry.group for _, entry in found if entry.group is not None}
    lines += groups
    alone = {**entries, **grids, **dict.fromkeys(groups)}
    ready = msgspec.structs.replace(page, lines=tuple(lines))
    blocks = _merge_split_headings(page_blocks(ready, standalone=alone), body, alone)
    single = {index: block.lines[0] for index, block in enumerate(blocks) if len(block.lines) == 1}
    return PreparedPage(
        blocks=blocks,
        entries={index: entries[line] for index, line in single.items() if line in entries},
        tables={index: grids[line] for index, line in single.items() if line in grids},
        groups=frozenset(index for index, line in single.items() if line in groups),
    )


T = TypeVar("T")


def _replaced(
    lines: list[TextLine], replacements: list[tuple[list[int], TextLine, T]]
) -> tuple[list[TextLine], dict[TextLine, T]]:
    """The lines with each group of indices replaced by one line; what each new line stands for."""
    gone = {index for indices, _, _ in replacements for index in indices}
    kept = [line for index, line in enumerate(lines) if index not in gone]
    return kept + [line for _, line, _ in replacements], {
        line: item for _, line, item in replacements
    }


def _table_line(table: Table, lines: list[TextLine]) -> TextLine:
    first = lines[table.lines[0]]
    return TextLine(
        text=table_text(table.grid), bbox=table.bbox, size=first.size, weight=first.weight
    )


def _merge_split_headings(
    blocks: list[Block], body: BodyStyle, entries: Collection[TextLine]
) -> list[Block]:
    """Join each block holding only a heading number with the heading text beside or below it."""
    number_of: dict[int, int] = {}  # heading text's index -> its number's index
    for index, number in enumerate(blocks):
        if not is_number_only(number) or number.lines[0] in entries:
            continue
        partners = [
            other
            for other, heading in enumerate(blocks)
            if other != index
            and other not in number_of
            and heading.lines[0] not in entries
            and _heading_number_of(number, heading, body)
        ]
        if partners:
            nearest = min(partners, key=lambda other: _distance(number, blocks[other]))
            number_of[nearest] = index
    numbers = set(number_of.values())
    return [
        dataclasses.replace(block, lines=(_joined_line(blocks[number_of[index]], block),))
        if index in number_of
        else block
        for index, block in enumerate(blocks)
        if index not in numbers
    ]


def _distance(number: Block, heading: Block) -> float:
    return abs(heading.bbox[0] - number.bbox[2]) + abs(heading.bbox[1] - number.bbox[1])


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
