"""Heading levels from numbering families, then from visual style (size and weight)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.model import LevelSource
from aims.admin.analysis.numbering import Numbering, parse_numbering
from aims.admin.analysis.style import BodyStyle

_SAME_SIZE = 0.05
_MIN_NUMBERED = 3
_SIZE_STEP = 0.05

StyleKey = tuple[float, bool]


class HeadingLevel(msgspec.Struct, frozen=True):
    """The level given to one heading, where it came from, and its printed number."""

    level: int
    source: LevelSource
    number: str | None


def style_key(block: Block, body: BodyStyle) -> StyleKey:
    """A heading's look: size relative to the body (rounded) and whether it is bolder."""
    return (round(body.size_ratio(block) / _SIZE_STEP) * _SIZE_STEP, body.is_heavier(block))


def assign_levels(headings: Sequence[Block], body: BodyStyle) -> list[HeadingLevel | None]:
    """Level every heading; None for an unnumbered one whose style no numbered heading has."""
    numberings = [parse_numbering(block.text) for block in headings]
    styles = [style_key(block, body) for block in headings]
    numbered = [n for n in numberings if n is not None]
    if len(numbered) < _MIN_NUMBERED:
        return _levels_by_style(styles, numberings)
    level_of_rank = {rank: i + 1 for i, rank in enumerate(sorted({n.rank for n in numbered}))}
    votes: dict[StyleKey, Counter[int]] = defaultdict(Counter)
    for numbering, style in zip(numberings, styles, strict=True):
        if numbering is not None:
            votes[style][level_of_rank[numbering.rank]] += 1
    levels: list[HeadingLevel | None] = []
    for numbering, style in zip(numberings, styles, strict=True):
        if numbering is not None:
            levels.append(HeadingLevel(level_of_rank[numbering.rank], "numbering", numbering.label))
        else:
            levels.append(_level_of_matching_style(style, votes))
    return levels


def _level_of_matching_style(
    style: StyleKey, votes: dict[StyleKey, Counter[int]]
) -> HeadingLevel | None:
    matching = [
        counter
        for known, counter in votes.items()
        if known[1] == style[1] and abs(known[0] - style[0]) <= _SAME_SIZE + 1e-9
    ]
    if not matching:
        return None
    total = sum(matching, Counter[int]())
    return HeadingLevel(total.most_common(1)[0][0], "style", None)


def _levels_by_style(
    styles: Sequence[StyleKey], numberings: Sequence[Numbering | None]
) -> list[HeadingLevel | None]:
    ordered = sorted(set(styles), key=lambda key: (-key[0], not key[1]))
    level_of_style = {key: i + 1 for i, key in enumerate(ordered)}
    source: LevelSource = "style" if len(ordered) > 1 else "default"  # one look: nothing to rank
    return [
        HeadingLevel(level_of_style[style], source, numbering.label if numbering else None)
        for style, numbering in zip(styles, numberings, strict=True)
    ]
