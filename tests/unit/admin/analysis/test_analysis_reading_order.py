"""Reading order: columns read one after the other, vertical columns right to left."""

from __future__ import annotations

from aims.admin.analysis.model import BBox
from aims.admin.analysis.readingorder import reading_order


def _column(x: float, top: float, count: int, width: float = 230.0) -> list[BBox]:
    return [(x, top + 14.0 * row, x + width, top + 14.0 * row + 10.0) for row in range(count)]


def test_two_columns_are_read_left_column_first() -> None:
    left, right = _column(50, 100, 5), _column(310, 100, 5)
    boxes = [box for pair in zip(left, right, strict=True) for box in pair]  # interleaved input
    order = reading_order(boxes, [10.0] * len(boxes), vertical=False)
    assert [boxes[i] for i in order] == left + right


def test_a_title_across_both_columns_comes_first() -> None:
    title: BBox = (50, 40, 540, 60)
    left, right = _column(50, 100, 4), _column(310, 100, 4)
    boxes = [*right, title, *left]
    order = reading_order(boxes, [10.0] * len(boxes), vertical=False)
    assert [boxes[i] for i in order] == [title, *left, *right]


def test_vertical_lines_are_read_from_right_to_left() -> None:
    lines: list[BBox] = [(x, 50, x + 12, 700) for x in (100, 130, 160, 190)]
    order = reading_order(lines, [12.0] * 4, vertical=True)
    assert [lines[i][0] for i in order] == [190, 160, 130, 100]


def test_vertical_tiers_are_read_top_tier_first() -> None:
    top: list[BBox] = [(x, 50, x + 12, 380) for x in (300, 270)]
    bottom: list[BBox] = [(x, 420, x + 12, 760) for x in (300, 270)]
    boxes = [*bottom, *top]
    order = reading_order(boxes, [12.0] * 4, vertical=True)
    assert [boxes[i] for i in order] == [*top, *bottom]
