"""A scanned heading read again from the contents: the clearer of two readings of one title.

OCR reads a large heading and the same title in the contents page separately, and may garble
either. A numbered heading and a contents entry with the same number and about the same title
are one section. When OCR was unsure of the heading (display faces, bold Japanese Gothic, read
worse than body text) and at least as sure of every piece of the entry, the entry's reading is
the heading's text: a reader checks a blurred heading against the contents the same way.
"""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Collection, Iterable

from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.outline import comparable_title

_SAME_HEADING = 0.6
_UNSURE = 0.85
_LEADER_LEFTOVERS = 2  # characters of garbled dot leaders an entry's title may carry


def entry_numbered_like(text: str, entries: Iterable[ContentsEntry]) -> ContentsEntry | None:
    """The contents entry with the heading's number and about the same title, if any."""
    numbering = parse_numbering(text)
    if numbering is None or not numbering.family.startswith("decimal:"):
        return None
    heading = comparable_title(text)
    for entry in entries:
        listed = parse_numbering(entry.text)
        if listed is None or listed.label != numbering.label:
            continue
        title = comparable_title(entry.text)[: len(heading) + _LEADER_LEFTOVERS]
        if difflib.SequenceMatcher(None, heading, title).ratio() >= _SAME_HEADING:
            return entry
    return None


def clearer_readings(
    headings: Iterable[BlockKey], layout: Layout, entries: Collection[ContentsEntry]
) -> dict[BlockKey, str]:
    """Headings' texts as the contents reads them, where that reading is the surer one."""
    texts: dict[BlockKey, str] = {}
    for key in headings:
        block = layout.block(key)
        confidences = [line.confidence for line in block.lines if line.confidence is not None]
        if block.source != "ocr" or not confidences:
            continue
        sure = statistics.fmean(confidences)
        entry = entry_numbered_like(block.text, entries)
        if entry is None or entry.least_confidence is None or sure >= _UNSURE:
            continue
        if entry.least_confidence >= sure:
            texts[key] = entry.text
    return texts
