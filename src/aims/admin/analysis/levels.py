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
_SAME_SIZE_CLASS = 0.03
_OCR_SAME_SIZE = 0.08
_BOLD_SHARE = 0.8
_MARKS = ("symbol:", "bracket")

StyleKey = tuple[float, bool]


class HeadingLevel(msgspec.Struct, frozen=True):
    """The level given to one heading, where it came from, and its printed number."""

    level: int
    source: LevelSource
    number: str | None


def heading_styles(headings: Sequence[Block], body: BodyStyle) -> list[StyleKey]:
    """The look of each heading: its size class and whether it is bolder than the body.

    Sizes are clustered over the whole document: sizes closer to each other than the
    measurement allows to tell apart (3 % in the text layer, 8 % for Tesseract's estimates)
    are one size; each class is named by its largest size relative to the body. Boldness of
    scanned lines (from stroke width) is too noisy to rank by.
    """
    ratios = sorted({body.size_ratio(block) for block in headings})
    tolerance = _OCR_SAME_SIZE if any(b.source == "ocr" for b in headings) else _SAME_SIZE_CLASS
    classes: dict[float, float] = {}
    group: list[float] = []
    for ratio in ratios:
        if group and ratio > group[-1] * (1 + tolerance):
            classes.update(dict.fromkeys(group, round(group[-1], 3)))
            group = []
        group.append(ratio)
    classes.update(dict.fromkeys(group, round(group[-1], 3) if group else 1.0))
    return [
        (classes[body.size_ratio(block)], block.source != "ocr" and body.is_heavier(block))
        for block in headings
    ]


def is_mark(numbering: Numbering | None) -> bool:
    """Whether a heading starts with a mark (■, ◆, 【…】) rather than a number."""
    return numbering is not None and numbering.family.startswith(_MARKS)


def assign_levels(headings: Sequence[Block], body: BodyStyle) -> list[HeadingLevel | None]:
    """Level every heading; None for one that does not fit the document's numbered structure.

    With at least three numbered headings the numbering families give the levels; an
    unnumbered heading then takes the level of the numbered headings set like it, the top
    level when it is set at least as large as all of them (Contents, References), or else
    the level below the deepest numbered headings that outrank it, so that it fits under the
    numbered structure; a line that starts with a mark (■) is a paragraph label there.
    """
    numberings = [parse_numbering(block.text) for block in headings]
    styles = heading_styles(headings, body)
    numbered = [n for n in numberings if n is not None and not is_mark(n)]
    if len(numbered) < _MIN_NUMBERED:
        return _levels_by_style(styles, numberings)
    level_of_rank = {rank: i + 1 for i, rank in enumerate(sorted({n.rank for n in numbered}))}
    votes: dict[StyleKey, Counter[int]] = defaultdict(Counter)
    for numbering, style in zip(numberings, styles, strict=True):
        if numbering is not None and not is_mark(numbering):
            votes[style][level_of_rank[numbering.rank]] += 1
    levels: list[HeadingLevel | None] = []
    for numbering, style in zip(numberings, styles, strict=True):
        if numbering is None:
            levels.append(_level_of_matching_style(style, votes))
        elif is_mark(numbering):
            levels.append(None)
        else:
            levels.append(HeadingLevel(level_of_rank[numbering.rank], "numbering", numbering.label))
    return levels


def _level_of_matching_style(
    style: StyleKey, votes: dict[StyleKey, Counter[int]]
) -> HeadingLevel | None:
    matching = [
        counter
        for known, counter in votes.items()
        if known[1] == style[1] and abs(known[0] - style[0]) <= _SAME_SIZE + 1e-9
    ]
    if matching:
        total = sum(matching, Counter[int]())
        return HeadingLevel(total.most_common(1)[0][0], "style", None)
    bold = sum(sum(counter.values()) for known, counter in votes.items() if known[1])
    if bold >= _BOLD_SHARE * sum(sum(c.values()) for c in votes.values()) and not style[1]:
        return None  # the document sets its headings bold; a larger plain line is not one
    above = [counter for known, counter in votes.items() if _ranks_above(known, style)]
    if not above:
        return HeadingLevel(1, "style", None)  # set at least as large as every numbered heading
    deepest_above = max(level for counter in above for level in counter)
    return HeadingLevel(deepest_above + 1, "style", None)


def _ranks_above(known: StyleKey, style: StyleKey) -> bool:
    """Whether a numbered heading's look outranks an unnumbered one's (larger, or bolder)."""
    return known[0] > style[0] + _SAME_SIZE or (
        abs(known[0] - style[0]) <= _SAME_SIZE and known[1] > style[1]
    )


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
