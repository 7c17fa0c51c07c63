"""Runs of text-layer characters put back together into the lines a reader sees.

pdfium breaks a line wherever the text stream leaves the baseline, so a line with ruby above
its kanji comes out in pieces, sometimes out of order. Pieces that follow each other on one
baseline, and pieces that overlap on one baseline, are one line again.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator

import msgspec

from aims.admin.analysis.model import BBox

COLUMN_GAP_EMS = 2.5  # a wider gap inside a line separates two columns or cells
_SAME_BASELINE = 0.3
_WORD_SPACE_EMS = 0.2
_BASELINE_STEP = 4.0  # points; runs within two steps may share a baseline

Extent = tuple[BBox, float]


class PdfChar(msgspec.Struct, frozen=True):
    """One character of the text layer, box in top-left-origin points, and its font's name."""

    text: str
    bbox: BBox | None
    size: float
    font: str


_SPACE = PdfChar(" ", None, 0.0, "")


def is_column_gap(gap: float, size: float) -> bool:
    """Whether a gap inside a line is wide enough to separate two columns."""
    return gap > COLUMN_GAP_EMS * max(size, 1.0)


def extent_of(run: list[PdfChar]) -> Extent:
    """The box around a run's characters and their median size."""
    boxes = [char.bbox for char in run if char.bbox is not None]
    box = (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return box, statistics.median(char.size for char in run if char.bbox is not None)


def joined_runs(runs: list[tuple[list[PdfChar], Extent]]) -> list[tuple[list[PdfChar], Extent]]:
    """Runs that continue each other on a baseline, or overlap on it, joined into lines."""
    return _overlaps_joined(list(_successors_joined(runs)))


def _successors_joined(
    runs: list[tuple[list[PdfChar], Extent]],
) -> Iterator[tuple[list[PdfChar], Extent]]:
    current: list[PdfChar] = []
    current_extent: Extent | None = None
    for run, extent in runs:
        if current_extent is not None and _continues(current_extent, extent):
            gap = extent[0][0] - current_extent[0][2]
            current = [*current, *([_SPACE] if gap > _WORD_SPACE_EMS * extent[1] else []), *run]
            current_extent = extent_of(current)
            continue
        if current_extent is not None:
            yield current, current_extent
        current, current_extent = run, extent
    if current_extent is not None:
        yield current, current_extent


def _continues(left: Extent, right: Extent) -> bool:
    (box_a, size_a), (box_b, size_b) = left, right
    size = max(size_a, size_b, 1.0)
    gap = box_b[0] - box_a[2]
    return (
        _same_baseline(left, right)
        and gap >= -_SAME_BASELINE * size
        and not is_column_gap(gap, size)
    )


def _same_baseline(first: Extent, second: Extent) -> bool:
    size = max(first[1], second[1], 1.0)
    return abs(first[0][3] - second[0][3]) <= _SAME_BASELINE * size


def _overlaps_joined(
    runs: list[tuple[list[PdfChar], Extent]],
) -> list[tuple[list[PdfChar], Extent]]:
    """Join runs that share a baseline and overlap across it: one line, read left to right."""
    joined: list[tuple[list[PdfChar], Extent]] = []
    by_baseline: dict[int, list[int]] = {}  # baseline (in steps of a few points) -> indices
    for run, extent in runs:
        step = round(extent[0][3] / _BASELINE_STEP)
        near = [i for s in range(step - 2, step + 3) for i in by_baseline.get(s, ())]
        partner = next((i for i in near if _overlapping(joined[i][1], extent)), None)
        if partner is None:
            by_baseline.setdefault(step, []).append(len(joined))
            joined.append((run, extent))
            continue
        chars = _left_to_right([*joined[partner][0], *run])
        joined[partner] = (chars, extent_of(chars))
    return joined


def _overlapping(first: Extent, second: Extent) -> bool:
    overlap = min(first[0][2], second[0][2]) - max(first[0][0], second[0][0])
    return _same_baseline(first, second) and overlap > 0


def _left_to_right(chars: list[PdfChar]) -> list[PdfChar]:
    """The boxed characters in reading order along the baseline, spaces where words part."""
    boxed = sorted(
        ((char.bbox, char) for char in chars if char.bbox is not None), key=lambda pair: pair[0][0]
    )
    ordered: list[PdfChar] = []
    right: float | None = None
    for box, char in boxed:
        if right is not None and box[0] - right > _WORD_SPACE_EMS * char.size:
            ordered.append(_SPACE)
        ordered.append(char)
        right = box[2]
    return ordered
