"""The blocks of a whole document with what the document-level passes share about them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import ElementType
from aims.admin.analysis.spacing import Surroundings, surroundings
from aims.admin.analysis.style import BodyStyle

BlockKey = tuple[int, int]
_BODY_SIZE_SHARE = 0.1
_FULL_LINE = 0.8


@dataclass(frozen=True)
class Layout:
    """Blocks per page (reading order), page sizes, body style and running-element roles."""

    pages: Sequence[Sequence[Block]]
    widths: Sequence[float]
    heights: Sequence[float]
    body: BodyStyle
    roles: dict[BlockKey, ElementType]
    _around: dict[BlockKey, Surroundings] = field(default_factory=dict, compare=False)
    _measures: dict[int, float] = field(default_factory=dict, compare=False)

    def block(self, key: BlockKey) -> Block:
        """The block at (page index, block index)."""
        return self.pages[key[0]][key[1]]

    def keyed(self) -> Iterator[tuple[BlockKey, Block]]:
        """Every block with its key, in document order."""
        for page_index, page in enumerate(self.pages):
            for block_index, block in enumerate(page):
                yield (page_index, block_index), block

    def around(self, key: BlockKey) -> Surroundings:
        """The space above and below a block and the block that follows it (cached)."""
        if key not in self._around:
            self._around[key] = surroundings(self.pages[key[0]], key[1])
        return self._around[key]

    def follower(self, key: BlockKey) -> Block | None:
        """The block right below, if any."""
        index = self.around(key).follower
        return None if index is None else self.pages[key[0]][index]

    def measure(self, page_index: int) -> float:
        """The width of the page's text column: its widest line of running text (cached)."""
        if page_index not in self._measures:
            widths = [
                line.bbox[2] - line.bbox[0]
                for block in self.pages[page_index]
                for line in block.lines
                if abs(line.size - self.body.size) <= _BODY_SIZE_SHARE * self.body.size
            ]
            self._measures[page_index] = max(widths, default=self.widths[page_index])
        return self._measures[page_index]

    def column_left(self, page_index: int) -> float:
        """The left edge of the page's text column: where its leftmost full line starts."""
        measure = self.measure(page_index)
        lefts = [
            line.bbox[0]
            for block in self.pages[page_index]
            for line in block.lines
            if line.bbox[2] - line.bbox[0] >= _FULL_LINE * measure
        ]
        return min(lefts, default=0.0)

    def leader(self, key: BlockKey) -> Block | None:
        """The block right above, if any."""
        index = self.around(key).leader
        return None if index is None else self.pages[key[0]][index]
