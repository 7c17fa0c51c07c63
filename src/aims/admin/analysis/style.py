"""Document-wide text style: the body size and weight that headings stand out from."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import msgspec

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.cjk import is_cjk
from aims.admin.analysis.model import TextLine

_SIZE_STEP = 0.5
_WEIGHT_STEP = 50.0
_HEAVIER_BY = 90.0
_LARGER_BY = 1.15
_SENTENCE_END = re.compile(r"[。．.:：;；,，、]$")
_NOTE_MARK = re.compile(r"\s*\*\d{1,2}$")
_MAX_HEADING_CHARS = 90
_MAX_HEADING_LINES = 3
_MIN_HEADING_CHARS = 3
_MIN_CJK_HEADING_CHARS = 2


class BodyStyle(msgspec.Struct, frozen=True):
    """The most common size and weight of the document's text, weighted by characters."""

    size: float
    weight: float

    def stands_out(self, block: Block) -> bool:
        """Whether a block is set larger or heavier than the body text."""
        return self.is_larger(block) or self.is_heavier(block)

    def is_larger(self, block: Block) -> bool:
        """Whether the block is set noticeably larger than the body."""
        return self.size_ratio(block) >= _LARGER_BY

    def size_ratio(self, block: Block) -> float:
        """The block's size relative to the body size."""
        return block.size / self.size if self.size else 1.0

    def is_heavier(self, block: Block) -> bool:
        """Whether the block is noticeably bolder than the body."""
        return block.weight - self.weight >= _HEAVIER_BY


def body_style(lines: Iterable[TextLine]) -> BodyStyle:
    """Find the body style from the lines of the document."""
    sizes: Counter[float] = Counter()
    weights: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size / _SIZE_STEP) * _SIZE_STEP] += len(line.text)
        weights[round(line.weight / _WEIGHT_STEP) * _WEIGHT_STEP] += len(line.text)
    if not sizes:
        return BodyStyle(size=10.0, weight=400.0)
    return BodyStyle(size=sizes.most_common(1)[0][0], weight=weights.most_common(1)[0][0])


def is_heading_shaped(block: Block) -> bool:
    """Whether a block is short enough and unpunctuated enough to be a heading."""
    text = block.text.strip()
    if not text or len(block.lines) > _MAX_HEADING_LINES or len(text) > _MAX_HEADING_CHARS:
        return False
    meaningful = [char for char in text if char.isalnum()]
    shortest = _MIN_CJK_HEADING_CHARS if any(map(is_cjk, meaningful)) else _MIN_HEADING_CHARS
    enough = len(meaningful) >= shortest and len(set(meaningful)) > 1
    return enough and not _SENTENCE_END.search(_NOTE_MARK.sub("", text))
