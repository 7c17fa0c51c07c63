"""Tables of contents (and indexes): rows of an entry and its page number, read as one line each.

A reader takes a contents row as one thing: the entry, the dot leaders that guide the eye, and
the page number at the right margin. The text layer and OCR give them as separate pieces (the
number is often a line of its own); here the pieces on one baseline are put back together, the
leaders dropped and the page number kept apart.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.cjk import is_cjk, join_lines
from aims.admin.analysis.model import BBox, Piece, TextLine
from aims.admin.analysis.numbering import parse_numbering

_LEADERS = re.compile(r"(?:[.．。·・…_\-ー－―]\s?){5,}|(?:[しにレリュっー]\s?){4,}")
_PAGE_REFERENCE = re.compile(
    r"(?:^|\s)((?:\d{1,4}|[ivxlc]{1,6})(?:\s?[,–\-]\s?\d{1,4})*)$", re.IGNORECASE
)
_SAME_BASELINE = 0.35
_MIN_ENTRIES = 3
_WRAP_GAP = 0.8
_WRAP_SIZE = 0.15
_IN_ORDER_SHARE = 0.7
_ENTRY_SIZE = 1.2
_NUMBERED_ENTRY_SIZE = 1.35
_ENTRY_GAP = 2.5
_ENTRY_OUTDENT = 2.0
_MAX_GROUP_CHARS = 20


class ContentsEntry(msgspec.Struct, frozen=True):
    """One row of a contents listing: the entry as printed and the page number it gives.

    `group` is the label hanging in the margin before the entry (an index's letter "A", a
    group such as "Commands"): the heading of the entries that follow. `least_confidence` is
    OCR's confidence in the least sure of the pieces the row was read from.
    """

    text: str
    page_label: str
    line: TextLine
    group: TextLine | None = None
    least_confidence: float | None = None


class _Row(msgspec.Struct):
    lines: list[int]
    text: str
    page_label: str | None
    leaders: bool


def contents_entries(lines: Sequence[TextLine]) -> list[tuple[list[int], ContentsEntry]]:
    """The entries of a page that is (partly) a contents listing, with the lines each replaces.

    A page holds a listing when at least three rows end in dot leaders or in a page number set
    apart from the entry (after leaders or at the right margin), and either most of them have
    leaders or their page numbers run in order. Every row from the first entry to the last one
    that is set like them is an entry too (OCR may lose a page number or the leaders).
    """
    rows = _rows(lines)
    marked = [row for row in rows if row.page_label is not None or row.leaders]
    if len(marked) < _MIN_ENTRIES or not _is_listing(marked):
        return []
    size = statistics.median(lines[row.lines[0]].size for row in marked)
    first, last = rows.index(marked[0]), rows.index(marked[-1])
    while first > 0 and _listed_alike(rows[first - 1], rows[first], lines, size):
        first -= 1
    leftmost = min(lines[row.lines[0]].bbox[0] for row in marked)
    while last + 1 < len(rows) and _listed_alike(rows[last + 1], rows[last], lines, size, leftmost):
        last += 1
    inside = [
        row for row in rows[first : last + 1] if row in marked or _entry_sized(row, lines, size)
    ]
    entries = _with_wrapped_entries(inside, lines)
    return [(row.lines, _entry(row, lines, _group(row, entries, lines))) for row in entries]


def _listed_alike(
    row: _Row,
    neighbour: _Row,
    lines: Sequence[TextLine],
    size: float,
    leftmost: float | None = None,
) -> bool:
    """A row next to the listing that is set like its entries (OCR may lose number and leaders).

    It starts no further left than its neighbour (an entry one level up hangs out by less than
    two ems) or, below an OCR'd listing, than the listing's leftmost entry (a chapter's row
    after the last subsection rows, its page number lost)."""
    line, other = lines[row.lines[0]], lines[neighbour.lines[0]]
    gap = max(line.bbox[1], other.bbox[1]) - min(line.bbox[3], other.bbox[3])
    read = line.confidence is not None  # OCR loses page numbers; a text layer keeps them
    edge = other.bbox[0] if leftmost is None or not read else min(other.bbox[0], leftmost)
    aligned = line.bbox[0] >= edge - size * _ENTRY_OUTDENT
    return _entry_sized(row, lines, size) and gap <= _ENTRY_GAP * size and aligned


def _entry_sized(row: _Row, lines: Sequence[TextLine], size: float) -> bool:
    """Set like the entries; OCR may overestimate a numbered row's size (brackets, symbols)."""
    numbered = parse_numbering(row.text) is not None
    limit = _NUMBERED_ENTRY_SIZE if numbered else _ENTRY_SIZE
    return lines[row.lines[0]].size <= limit * size


def _rows(lines: Sequence[TextLine]) -> list[_Row]:
    """Lines on one baseline, left to right, cut after every page number."""
    order = sorted(range(len(lines)), key=lambda i: (lines[i].bbox[3], lines[i].bbox[0]))
    baselines: list[list[int]] = []
    for index in order:
        line = lines[index]
        last = baselines[-1][0] if baselines else None
        if last is not None and _same_baseline(lines[last], line):
            baselines[-1].append(index)
        else:
            baselines.append([index])
    rows: list[_Row] = []
    for group in baselines:
        rows += _cut_after_numbers(sorted(group, key=lambda i: lines[i].bbox[0]), lines)
    return rows


def _same_baseline(first: TextLine, second: TextLine) -> bool:
    """Bottoms level, or (a digit beside Japanese, whose glyphs reach lower) middles level."""
    reach = _SAME_BASELINE * max(first.size, second.size)
    if abs(first.bbox[3] - second.bbox[3]) <= reach:
        return True
    middles = (first.bbox[1] + first.bbox[3] - second.bbox[1] - second.bbox[3]) / 2
    japanese = any(is_cjk(char) for char in first.text + second.text)
    return japanese and abs(middles) <= reach


def _cut_after_numbers(group: list[int], lines: Sequence[TextLine]) -> list[_Row]:
    rows: list[_Row] = []
    pending: list[int] = []
    for index in group:
        pending.append(index)
        text = " ".join(lines[i].text.strip() for i in pending)
        reference = _PAGE_REFERENCE.search(text)
        if reference is not None and reference.start() > 0:  # a leading number is the entry's
            rows.append(_row(pending, lines))
            pending = []
    if pending:
        rows.append(_row(pending, lines))
    return rows


def _row(indices: list[int], lines: Sequence[TextLine]) -> _Row:
    text = " ".join(lines[i].text.strip() for i in indices)
    reference = _PAGE_REFERENCE.search(text)
    leaders = _LEADERS.search(text)
    apart = len(indices) > 1 or leaders is not None
    label = reference.group(1) if reference is not None and apart else None
    end = len(text) if label is None or reference is None else reference.start()
    if leaders is not None:
        end = min(end, leaders.start())
    entry = " ".join(text[:end].split()).strip(" .．·・…")
    if not entry:
        return _Row(indices, text, None, False)
    return _Row(indices, entry, label, leaders is not None)


def _is_listing(entries: list[_Row]) -> bool:
    with_leaders = sum(1 for row in entries if row.leaders)
    if with_leaders * 2 >= len(entries):
        return True
    numbers = [
        int(row.page_label) for row in entries if row.page_label and row.page_label.isdigit()
    ]
    steps = list(itertools.pairwise(numbers))
    in_order = sum(1 for a, b in steps if b >= a)
    return bool(steps) and in_order >= _IN_ORDER_SHARE * len(steps)


def _with_wrapped_entries(rows: list[_Row], lines: Sequence[TextLine]) -> list[_Row]:
    """The rows as entries; an entry's first lines (without number or leaders) wrap into it."""
    joined: list[_Row] = []
    waiting: list[_Row] = []
    for row in rows:
        if waiting and not _wraps_into(waiting, row, lines):
            joined += waiting
            waiting = []
        if row.page_label is None and not row.leaders:
            waiting.append(row)
            continue
        if waiting:
            lines_of_entry = [i for w in waiting for i in w.lines] + row.lines
            text = join_lines([*(w.text for w in waiting), row.text])
            row = _Row(lines_of_entry, text, row.page_label, True)
        joined.append(row)
        waiting = []
    return joined + waiting


def _wraps_into(waiting: list[_Row], row: _Row, lines: Sequence[TextLine]) -> bool:
    above = lines[waiting[-1].lines[0]]
    below = lines[row.lines[0]]
    gap = below.bbox[1] - above.bbox[3]
    similar = abs(above.size - below.size) <= _WRAP_SIZE * max(above.size, below.size)
    return similar and 0 <= gap <= _WRAP_GAP * above.size and below.bbox[0] >= above.bbox[0] - 1


def _group(row: _Row, rows: list[_Row], lines: Sequence[TextLine]) -> Piece | None:
    """The first stretch of a row when it hangs left of its column and the entry starts there."""
    first = lines[row.lines[0]]
    if len(first.pieces) < 2 or not _is_group_label(first.pieces[0][0]):
        return None
    column = [
        lines[other.lines[0]].bbox[0]
        for other in rows
        if other is not row and _same_column(lines[other.lines[0]], first)
    ]
    if not column:
        return None
    left = statistics.median(column)
    label, entry = first.pieces[0], first.pieces[1]
    hangs = left - label[1] >= first.size and abs(entry[1] - left) <= first.size
    return label if hangs else None


def _is_group_label(text: str) -> bool:
    """A letter or a word, not an entry's number (which hangs left of its title too)."""
    has_letters = any(char.isalpha() for char in text)
    return has_letters and len(text) <= _MAX_GROUP_CHARS and parse_numbering(text) is None


def _same_column(line: TextLine, other: TextLine) -> bool:
    return min(line.bbox[2], other.bbox[2]) - max(line.bbox[0], other.bbox[0]) > 0


def _entry(row: _Row, lines: Sequence[TextLine], group: Piece | None) -> ContentsEntry:
    members = [lines[i] for i in row.lines]
    first = members[0]
    box: BBox = (
        min(line.bbox[0] for line in members),
        min(line.bbox[1] for line in members),
        max(line.bbox[2] for line in members),
        max(line.bbox[3] for line in members),
    )
    confidences = [line.confidence for line in members if line.confidence is not None]
    line = msgspec.structs.replace(
        first,
        text=row.text,
        bbox=box,
        label="",
        pieces=(),
        confidence=round(statistics.fmean(confidences), 3) if confidences else None,
    )
    least = min(confidences, default=None)
    if group is None:
        return ContentsEntry(row.text, row.page_label or "", line, least_confidence=least)
    text, x0, x1 = group
    label_line = msgspec.structs.replace(
        first, text=text, bbox=(x0, first.bbox[1], x1, first.bbox[3]), label="", pieces=()
    )
    rest = row.text[len(text) :].strip() if row.text.startswith(text) else row.text
    entry_line = msgspec.structs.replace(line, text=rest, bbox=(group[2], *box[1:]))
    return ContentsEntry(rest, row.page_label or "", entry_line, label_line, least)
