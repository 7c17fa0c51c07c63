"""The cells of a table region: rows from rules or baselines, columns from rules and white space.

Rows are the bands between horizontal rules when the table rules every row, else the
baselines of its lines. Columns are split by vertical rules and by the white gaps that run
down the whole table; a stretch of text that covers such a gap spans several columns.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.cjk import join_lines
from aims.admin.analysis.model import BBox, Piece, TableCell, TextLine

_MIN_GAP_EMS = 0.4
_EMPTY_SHARE = 0.1
_SAME_BASELINE = 0.5


class Grid(msgspec.Struct, frozen=True):
    """A table's shape and cells."""

    rows: int
    columns: int
    cells: tuple[TableCell, ...]


def table_grid(
    lines: Sequence[TextLine], box: BBox, across: Sequence[float], down: Sequence[float]
) -> Grid | None:
    """Cells of the lines inside a table box, given the y of its horizontal and x of its vertical
    rules; None when they do not make at least two rows and two columns."""
    rows = _rows(lines, box, across)
    pieces = [[piece for line in row for piece in _pieces(line)] for row in rows]
    size = sorted(line.size for line in lines)[len(lines) // 2]
    edges = _column_edges(pieces, box, down, size)
    if len(rows) < 2 or len(edges) < 3:
        return None
    cells: list[TableCell] = []
    for row_index, row in enumerate(pieces):
        cells += _row_cells(row_index, row, edges)
    return Grid(rows=len(rows), columns=len(edges) - 1, cells=tuple(cells))


def _pieces(line: TextLine) -> tuple[Piece, ...]:
    return line.pieces or ((line.text, line.bbox[0], line.bbox[2]),)


def _rows(lines: Sequence[TextLine], box: BBox, across: Sequence[float]) -> list[list[TextLine]]:
    """Lines grouped into rows, top to bottom."""
    ordered = sorted(lines, key=lambda line: (line.bbox[1], line.bbox[0]))
    inner = sorted(y for y in across if box[1] + 1 < y < box[3] - 1)
    bands = [box[1], *inner, box[3]]
    by_band: list[list[TextLine]] = [[] for _ in bands[1:]]
    for line in ordered:
        middle = (line.bbox[1] + line.bbox[3]) / 2
        band = next(
            (i for i, (a, b) in enumerate(itertools.pairwise(bands)) if a <= middle <= b),
            None,
        )
        if band is not None:
            by_band[band].append(line)
    filled = [band for band in by_band if band]
    if len(filled) >= len(lines) or len(inner) + 1 < 3:
        return _by_baseline(ordered)
    return filled


def _by_baseline(ordered: list[TextLine]) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for line in sorted(ordered, key=lambda line: line.bbox[3]):
        last = rows[-1][-1] if rows else None
        if last is not None and abs(last.bbox[3] - line.bbox[3]) <= _SAME_BASELINE * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _column_edges(
    rows: list[list[Piece]], box: BBox, down: Sequence[float], size: float
) -> list[float]:
    """Left edge, the separators between columns, right edge."""
    left, right = box[0], box[2]
    steps = max(1, int(right - left))
    covered = [0] * (steps + 1)
    for row in rows:
        marks = [False] * (steps + 1)
        for _, x0, x1 in row:
            for x in range(max(0, int(x0 - left)), min(steps, int(x1 - left)) + 1):
                marks[x] = True
        for x, mark in enumerate(marks):
            covered[x] += mark
    allowed = _EMPTY_SHARE * len(rows)
    rules = [x for x in down if left + size < x < right - size]
    gaps = [(left + a, left + b) for a, b in _gaps(covered, allowed, _MIN_GAP_EMS * size)]
    unruled = [(a + b) / 2 for a, b in gaps if not any(a <= x <= b for x in rules)]
    return [left, *_distinct(sorted([*rules, *unruled]), size), right]


def _gaps(covered: list[int], allowed: float, widest: float) -> list[tuple[int, int]]:
    """Stretches between texts that (almost) no row has text in (not the table's margins)."""
    inked = [x for x, count in enumerate(covered) if count > allowed]
    if not inked:
        return []
    found: list[tuple[int, int]] = []
    start: int | None = None
    for x in range(inked[0], inked[-1] + 1):
        empty = covered[x] <= allowed
        if empty and start is None:
            start = x
        elif not empty and start is not None:
            if x - start >= widest:
                found.append((start, x))
            start = None
    return found


def _distinct(values: list[float], size: float) -> list[float]:
    kept: list[float] = []
    for value in values:
        if not kept or value - kept[-1] > size:
            kept.append(value)
    return kept


def _row_cells(row: int, pieces: list[Piece], edges: list[float]) -> list[TableCell]:
    by_column: dict[tuple[int, int], list[str]] = {}
    for text, x0, x1 in sorted(pieces, key=lambda piece: piece[1]):
        first = _column_of(x0 + 0.5, edges)
        last = max(first, _column_of(x1 - 0.5, edges))
        by_column.setdefault((first, last), []).append(text)
    return [
        TableCell(row=row, column=first, text=join_lines(texts), column_span=last - first + 1)
        for (first, last), texts in sorted(by_column.items())
    ]


def _column_of(x: float, edges: list[float]) -> int:
    return max(0, min(len(edges) - 2, sum(1 for edge in edges[1:-1] if edge < x)))
