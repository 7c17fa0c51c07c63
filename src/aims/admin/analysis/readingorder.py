"""Reading order by recursive XY-cut: columns left to right (right to left when vertical)."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from aims.admin.analysis.model import BBox

_COLUMN_GAP_SIZES = 1.2
_MIN_COLUMN_GAP = 8.0
_COLUMN_PREFERENCE = 1.25


def reading_order(boxes: Sequence[BBox], sizes: Sequence[float], *, vertical: bool) -> list[int]:
    """Return the indices of the boxes in reading order."""
    if not boxes:
        return []
    typical = statistics.median(sizes) if sizes else 10.0
    column_gap = max(_MIN_COLUMN_GAP, _COLUMN_GAP_SIZES * typical)
    return _cut(list(range(len(boxes))), boxes, column_gap, vertical)


def _cut(indices: list[int], boxes: Sequence[BBox], column_gap: float, vertical: bool) -> list[int]:
    if len(indices) == 1:
        return indices
    gaps = {
        0: _widest_gap([(boxes[i][0], boxes[i][2]) for i in indices]),
        1: _widest_gap([(boxes[i][1], boxes[i][3]) for i in indices]),
    }
    column_axis, line_axis = (1, 0) if vertical else (0, 1)
    column_width, line_width = gaps[column_axis][0], gaps[line_axis][0]
    if column_width >= column_gap and column_width * _COLUMN_PREFERENCE >= line_width:
        axis = column_axis
    elif line_width > 0:
        axis = line_axis
    elif column_width > 0:
        axis = column_axis
    else:
        return sorted(indices, key=lambda i: _natural_key(boxes[i], vertical))
    at = gaps[axis][1]
    first = [i for i in indices if boxes[i][axis + 2] <= at]
    second = [i for i in indices if boxes[i][axis + 2] > at]
    if axis == 0 and vertical:
        first, second = second, first
    return _cut(first, boxes, column_gap, vertical) + _cut(second, boxes, column_gap, vertical)


def _widest_gap(spans: list[tuple[float, float]]) -> tuple[float, float]:
    """Widest empty stretch between projected spans, and a coordinate inside it."""
    ordered = sorted(spans)
    reach = ordered[0][1]
    best, where = 0.0, 0.0
    for start, end in ordered[1:]:
        if start - reach > best:
            best, where = start - reach, (start + reach) / 2
        reach = max(reach, end)
    return best, where


def _natural_key(box: BBox, vertical: bool) -> tuple[float, float]:
    return (-box[2], box[1]) if vertical else (box[1], box[0])
