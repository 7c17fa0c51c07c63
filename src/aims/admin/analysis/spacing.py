"""Where a block sits among its neighbours: the space above and below it, what follows it."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from aims.admin.analysis.blocks import Block


class Surroundings(msgspec.Struct, frozen=True):
    """Gaps (points) to the nearest blocks above and below that share some width with a block.

    `above` and `below` are None at the top or foot of the page; `leader` and `follower` are the
    indices of the blocks right above and right below.
    """

    above: float | None
    below: float | None
    leader: int | None
    follower: int | None


def surroundings(page: Sequence[Block], index: int) -> Surroundings:
    """The neighbours of one block of a page (horizontal writing; vertical pages have none)."""
    block = page[index]
    if block.vertical:
        return Surroundings(None, None, None, None)
    x0, y0, x1, y1 = block.bbox
    above: float | None = None
    below: float | None = None
    leader: int | None = None
    follower: int | None = None
    for other_index, other in enumerate(page):
        ox0, oy0, ox1, oy1 = other.bbox
        if other_index == index or min(x1, ox1) <= max(x0, ox0):
            continue
        if oy1 <= y0 + 1 and (above is None or y0 - oy1 < above):
            above, leader = y0 - oy1, other_index
        elif oy0 >= y1 - 1 and (below is None or oy0 - y1 < below):
            below, follower = oy0 - y1, other_index
    return Surroundings(above, below, leader, follower)


def stands_apart(around: Surroundings, size: float) -> bool:
    """Whether a block has at least as much space above it as below, as headings do."""
    if around.above is None or around.below is None:
        return True
    return around.above >= around.below - 0.1 * size
