"""Headings checked against the document's own contents page.

A contents page is the author's map of the document: it lists every section down to the depth
the author chose. When it names most of the headings found, it also tells which lines are not
sections: an unnumbered heading at a level the contents covers that it does not list (the
contents' own heading, References, Index, Credits) is an aside, and a numbered heading deeper
than any numbered entry (3.3.1 when the contents stops at 3.3) is a subdivision below the
document's outline. Unnumbered headings deeper than the contents are left alone: it says
nothing about them.
"""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Collection, Mapping

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.levels import HeadingLevel
from aims.admin.analysis.numbering import Numbering, parse_numbering
from aims.admin.analysis.outline import comparable_title
from aims.admin.analysis.readings import entry_numbered_like

_MIN_ENTRIES = 4
_MIN_LISTED = 3
_LISTED_SHARE = 0.5
_SAME_TITLE = 0.8
_LONGEST_ENTRY = 3
_MIN_CONTAINED = 4
_EXTRA_CHARS = 4
_ROW_SIZE = 0.2
_DECIMAL = "decimal:"
_UNSURE = 0.65  # OCR's mean confidence below which a numbered line may be a misread figure


def unlisted_headings(
    headings: Mapping[BlockKey, HeadingLevel],
    layout: Layout,
    entries: Mapping[BlockKey, ContentsEntry],
) -> set[BlockKey]:
    """The headings that the document's contents shows are not sections of it (a heading is
    listed when an entry names its title, or has its number and about its title)."""
    titles = [comparable_title(entry.text) for entry in entries.values()]
    if len(titles) < _MIN_ENTRIES:
        return set()
    listed = {
        key
        for key in headings
        if _named(comparable_title(layout.block(key).text), titles)
        or entry_numbered_like(layout.block(key).text, entries.values()) is not None
    }
    if len(listed) < max(_MIN_LISTED, _LISTED_SHARE * len(headings)):
        return set()
    deepest_level = max(headings[key].level for key in listed)
    deepest_number = max(
        (_depth(parse_numbering(entry.text)) for entry in entries.values()), default=0
    )
    return {
        key
        for key, heading in headings.items()
        if key not in listed
        and not _heads_second_listing(layout, key, entries)
        and _outside(
            parse_numbering(layout.block(key).text), heading, deepest_level, deepest_number
        )
    }


def _heads_second_listing(
    layout: Layout, key: BlockKey, entries: Mapping[BlockKey, ContentsEntry]
) -> bool:
    """A heading right between two listings heads the second one (List of Tables right after
    the contents): a part of the front matter of its own, which the first listing does not name.
    """
    follower = layout.around(key).follower
    below = follower is not None and (key[0], follower) in entries
    return below and any(key[0] - 1 <= entry[0] and entry < key for entry in entries)


def _outside(
    numbering: Numbering | None, heading: HeadingLevel, deepest_level: int, deepest_number: int
) -> bool:
    """An unlisted unnumbered heading within the contents' depth, or a deeper numbered one."""
    if numbering is None:
        return heading.level <= deepest_level
    return _depth(numbering) > deepest_number > 0


def contradicting_contents(
    headings: Collection[BlockKey], layout: Layout, entries: Mapping[BlockKey, ContentsEntry]
) -> set[BlockKey]:
    """Unsure OCR'd decimal-numbered headings whose number the contents gives to another title:
    ink of a figure read as a number and garbled words, not the section the contents names.
    (Other numberings are left alone: `entry_numbered_like` compares decimal ones only.)"""
    listed = {
        numbering.label
        for entry in entries.values()
        if (numbering := parse_numbering(entry.text)) is not None
    }
    return {
        key
        for key in headings
        if _unsure(layout.block(key))
        and (numbering := parse_numbering(layout.block(key).text)) is not None
        and numbering.family.startswith(_DECIMAL)
        and numbering.label in listed
        and entry_numbered_like(layout.block(key).text, entries.values()) is None
    }


def _unsure(block: Block) -> bool:
    confidences = [line.confidence for line in block.lines if line.confidence is not None]
    return bool(confidences) and statistics.fmean(confidences) < _UNSURE


def within_contents(
    headings: Collection[BlockKey], layout: Layout, entries: Mapping[BlockKey, ContentsEntry]
) -> set[BlockKey]:
    """Numbered headings set like the rows of a contents listing and read between them: rows
    whose page number and leaders the OCR lost (an unnumbered one may head a second listing,
    List of Tables; a larger one heads the index that follows)."""
    rows: dict[int, list[tuple[int, float]]] = {}
    for (page, index), entry in entries.items():
        rows.setdefault(page, []).append((index, entry.line.size))
    return {key for key in headings if _among_rows(layout, key, rows.get(key[0], []))}


def _among_rows(layout: Layout, key: BlockKey, rows: list[tuple[int, float]]) -> bool:
    block = layout.block(key)
    if not rows or parse_numbering(block.text) is None:
        return False
    indices = [index for index, _ in rows]
    size = statistics.median(size for _, size in rows)
    alike = abs(block.size - size) <= _ROW_SIZE * size
    return alike and min(indices) < key[1] < max(indices)


def _named(title: str, titles: list[str]) -> bool:
    """Whether the contents names this heading: an entry holds it (OCR may run two rows
    together or keep a leader), or reads about the same (OCR may misread a letter)."""
    if not title:
        return False
    if len(title) < _MIN_CONTAINED:
        return title in titles
    for entry in titles:
        if title in entry:
            return True
        if len(entry) > _LONGEST_ENTRY * len(title) or len(title) > _LONGEST_ENTRY * len(entry):
            continue
        matcher = difflib.SequenceMatcher(None, title, entry, autojunk=False)
        if matcher.quick_ratio() < _SAME_TITLE * len(title) / (len(title) + len(entry)) * 2:
            continue
        found = sum(block.size for block in matcher.get_matching_blocks())
        longest = min(len(entry), len(title) + _EXTRA_CHARS)
        if found >= _SAME_TITLE * len(title) and found >= _SAME_TITLE * longest:
            return True
    return False


def _depth(numbering: Numbering | None) -> int:
    """How many parts a decimal section number has (3.3.1 → 3); 0 for any other heading."""
    if numbering is None or not numbering.family.startswith(_DECIMAL):
        return 0
    return int(numbering.family.removeprefix(_DECIMAL))
