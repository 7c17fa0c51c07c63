"""Tables of contents: entries repeat later headings or end in leaders, so they are not headings."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import BBox
from aims.admin.analysis.outline import comparable_title

_LEADERS = re.compile(r"(?:[.．。・…:：,，_\-ー－―]\s?){4,}|(?:[しにレリュっー]\s?){4,}")
_PAGE_NUMBER_END = re.compile(r"\s\d{1,4}$")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
_MIN_ENTRIES = 3
_SAME_TITLE = 0.85

BlockKey = tuple[int, int]


def contents_blocks(
    pages: Sequence[Sequence[Block]], candidates: Sequence[BlockKey]
) -> set[BlockKey]:
    """Heading candidates that sit inside a table of contents."""
    later_titles = _titles_by_page(pages, candidates)
    inside: set[BlockKey] = set()
    for page_index, blocks in enumerate(pages):
        on_page = [key for key in candidates if key[0] == page_index]
        numbers = [block.bbox for block in blocks if _BARE_NUMBER.match(block.text.strip())]
        entries = [
            index
            for index, block in enumerate(blocks)
            if _looks_like_entry(block, numbers)
            or ((page_index, index) in on_page and _repeats_later(block, page_index, later_titles))
        ]
        if len(entries) >= _MIN_ENTRIES:
            first, last = entries[0], entries[-1]
            inside.update(key for key in on_page if first <= key[1] <= last)
    return inside


def _looks_like_entry(block: Block, numbers: list[BBox]) -> bool:
    last_line = block.lines[-1]
    if _LEADERS.search(last_line.text) or _PAGE_NUMBER_END.search(last_line.text):
        return True
    _, top, right, bottom = last_line.bbox
    return any(box[0] > right and box[1] < bottom and box[3] > top for box in numbers)


def _titles_by_page(
    pages: Sequence[Sequence[Block]], candidates: Sequence[BlockKey]
) -> list[tuple[int, str]]:
    return [(p, comparable_title(pages[p][i].text)) for p, i in candidates]


def _repeats_later(block: Block, page_index: int, titles: list[tuple[int, str]]) -> bool:
    title = comparable_title(block.text)
    return bool(title) and any(
        page > page_index and difflib.SequenceMatcher(None, title, other).ratio() >= _SAME_TITLE
        for page, other in titles
    )
