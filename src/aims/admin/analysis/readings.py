"""A scanned heading read again from the contents: the clearer of two readings of one title.

OCR reads a large heading and the same title in the contents page separately, and may garble
either. When a numbered heading has a contents entry with the same number and about the same
title, and OCR was surer of the entry, the entry's reading is the heading's text (a reader
checks a blurred heading against the contents the same way).
"""

from __future__ import annotations

import difflib
import statistics
from collections.abc import Collection, Iterable

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.outline import comparable_title

_SAME_HEADING = 0.6
_SURER_BY = 0.03


def clearer_readings(
    headings: Iterable[BlockKey], layout: Layout, entries: Collection[ContentsEntry]
) -> dict[BlockKey, str]:
    """Headings' texts as the contents reads them, where that reading is the surer one."""
    texts: dict[BlockKey, str] = {}
    for key in headings:
        block = layout.block(key)
        numbering = parse_numbering(block.text)
        if block.source != "ocr" or numbering is None:
            continue
        same_number = [e for e in entries if _label(e.text) == numbering.label]
        entry = next((e for e in same_number if _reads_better(e, block)), None)
        if entry is not None:
            texts[key] = entry.text
    return texts


def _label(text: str) -> str | None:
    numbering = parse_numbering(text)
    return None if numbering is None else numbering.label


def _reads_better(entry: ContentsEntry, block: Block) -> bool:
    """The same title, read with more confidence."""
    confidences = [line.confidence for line in block.lines if line.confidence is not None]
    if entry.line.confidence is None or not confidences:
        return False
    if entry.line.confidence < statistics.fmean(confidences) + _SURER_BY:
        return False
    heading, listed = comparable_title(block.text), comparable_title(entry.text)
    return difflib.SequenceMatcher(None, heading, listed).ratio() >= _SAME_HEADING
