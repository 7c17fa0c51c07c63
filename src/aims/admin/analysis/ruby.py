"""Ruby (furigana): readings set small, right above their base characters, are not lines of text."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from aims.admin.analysis.model import BBox

_MAX_SIZE_RATIO = 0.65
_MAX_GAP = 0.5
_MAX_OVERLAP = 0.3
_OVERHANG = 1.0


def ruby_indices(boxes: Sequence[BBox], sizes: Sequence[float]) -> set[int]:
    """Indices of the runs that are ruby: at most about half the size of a run they sit on.

    A reading sits directly above its base (horizontal writing): its bottom touches the base's
    top (a gap of at most half the base size), and it overhangs the base by at most one
    base character on either side.
    """
    largest = max(sizes, default=0.0)
    tops = sorted((box[1], index) for index, box in enumerate(boxes))
    top_values = [top for top, _ in tops]
    found: set[int] = set()
    for index, size in enumerate(sizes):
        if not 0 < size <= _MAX_SIZE_RATIO * largest:
            continue
        bottom = boxes[index][3]
        start = bisect.bisect_left(top_values, bottom - _MAX_OVERLAP * size)
        end = bisect.bisect_right(top_values, bottom + _MAX_GAP * largest)
        if any(_sits_on(index, base, boxes, sizes) for _, base in tops[start:end]):
            found.add(index)
    return found


def _sits_on(ruby: int, base: int, boxes: Sequence[BBox], sizes: Sequence[float]) -> bool:
    if ruby == base or sizes[ruby] > _MAX_SIZE_RATIO * sizes[base]:
        return False
    rx0, _, rx1, ry1 = boxes[ruby]
    bx0, by0, bx1, _ = boxes[base]
    gap = by0 - ry1
    reach = _OVERHANG * sizes[base]
    above = -_MAX_OVERLAP * sizes[ruby] <= gap <= _MAX_GAP * sizes[base]
    return above and rx0 >= bx0 - reach and rx1 <= bx1 + reach
