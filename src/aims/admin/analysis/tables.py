"""Tables on a page: text framed by rules, or short stretches of text lined up in columns.

A ruled table is the text between horizontal rules of the same width (two or more, as
booktabs draws them, or a full grid). An unruled table is three or more consecutive rows of
short stretches of text whose white gaps line up down the rows.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Collection, Sequence

import msgspec

from aims.admin.analysis.fonts import is_monospace
from aims.admin.analysis.grid import Grid, table_grid
from aims.admin.analysis.model import BBox, TextLine

_SAME_WIDTH = 0.9
_RULE_REACH = 6.0  # line heights between two rules of one table
_MIN_ROWS = 3
_ROW_GAP = 2.2
_MAX_CELL_CHARS = 30
_ACROSS_RATIO = 4.0
_FILLED_SHARE = 0.5
_CODE_SHARE = 0.5
_MAX_MARK_CHARS = 3


class Table(msgspec.Struct, frozen=True):
    """A table found on a page: the lines it holds (indices), its box and its cells."""

    lines: tuple[int, ...]
    bbox: BBox
    grid: Grid


def find_tables(
    lines: Sequence[TextLine], rulings: Sequence[BBox], ignored: Collection[TextLine] = ()
) -> list[Table]:
    """The ruled and unruled tables among a page's lines; `ignored` lines belong to none."""
    size = statistics.median(line.size for line in lines) if lines else 10.0
    skipped = {index for index, line in enumerate(lines) if line in ignored}
    tables = _ruled(lines, rulings, size, skipped)
    used = skipped | {index for table in tables for index in table.lines}
    return tables + _unruled(lines, used)


def _ruled(
    lines: Sequence[TextLine], rulings: Sequence[BBox], size: float, skipped: set[int]
) -> list[Table]:
    across = sorted((r for r in rulings if _is_across(r)), key=lambda r: r[1])
    down = [r for r in rulings if not _is_across(r)]
    tables: list[Table] = []
    for group in _rule_groups(across, size):
        box = (min(r[0] for r in group), group[0][1], max(r[2] for r in group), group[-1][3])
        inside = [i for i, line in enumerate(lines) if i not in skipped and _within(line.bbox, box)]
        verticals = [(r[0] + r[2]) / 2 for r in down if _crosses(r, box)]
        table = _table(lines, inside, box, [(r[1] + r[3]) / 2 for r in group], verticals)
        if table is not None:
            tables.append(table)
    return tables


def _is_across(rule: BBox) -> bool:
    return (rule[2] - rule[0]) >= _ACROSS_RATIO * (rule[3] - rule[1])


def _rule_groups(across: list[BBox], size: float) -> list[list[BBox]]:
    """Horizontal rules of about the same width, stacked close enough to frame one table."""
    groups: list[list[BBox]] = []
    for rule in across:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and _same_span(last, rule)
            and rule[1] - last[3] <= _RULE_REACH * size * 2
        ):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return [group for group in groups if len(group) >= 2]


def _same_span(first: BBox, second: BBox) -> bool:
    overlap = min(first[2], second[2]) - max(first[0], second[0])
    longer = max(first[2] - first[0], second[2] - second[0])
    return longer > 0 and overlap >= _SAME_WIDTH * longer


def _within(box: BBox, frame: BBox) -> bool:
    middle_x, middle_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return frame[0] <= middle_x <= frame[2] and frame[1] <= middle_y <= frame[3]


def _crosses(rule: BBox, frame: BBox) -> bool:
    middle = (rule[0] + rule[2]) / 2
    return frame[0] - 1 <= middle <= frame[2] + 1 and rule[3] > frame[1] and rule[1] < frame[3]


def _table(
    lines: Sequence[TextLine],
    indices: list[int],
    box: BBox,
    across: Sequence[float],
    down: Sequence[float],
) -> Table | None:
    if len(indices) < 2:
        return None
    members = [lines[i] for i in indices]
    code = sum(1 for line in members if is_monospace(line.font)) >= _CODE_SHARE * len(members)
    grid = None if code else table_grid(members, box, across, down)
    if grid is None or not _is_tabular(grid):
        return None
    return Table(lines=tuple(indices), bbox=box, grid=grid)


def _is_tabular(grid: Grid) -> bool:
    """Short cells, most rows with two or more; not a list of marks (•, 1, ➀) and their items."""
    per_row = Counter(cell.row for cell in grid.cells)
    filled = sum(1 for count in per_row.values() if count >= 2)
    lengths = [len(cell.text) for cell in grid.cells]
    if filled < max(2, _FILLED_SHARE * grid.rows) or statistics.median(lengths) > _MAX_CELL_CHARS:
        return False
    marks = [cell.text for cell in grid.cells if cell.column == 0]
    return grid.columns > 2 or not all(len(mark) <= _MAX_MARK_CHARS for mark in marks)


def _unruled(lines: Sequence[TextLine], used: set[int]) -> list[Table]:
    rows = _baseline_rows(lines, used)
    tables: list[Table] = []
    run: list[list[int]] = []
    for row in [*rows, []]:
        if row and _is_cell_row(row, lines) and (not run or _follows(run[-1], row, lines)):
            run.append(row)
            continue
        if len(run) >= _MIN_ROWS:
            table = _table_of_rows(lines, run)
            if table is not None:
                tables.append(table)
        run = [row] if row and _is_cell_row(row, lines) else []
    return tables


def _baseline_rows(lines: Sequence[TextLine], used: set[int]) -> list[list[int]]:
    order = sorted((i for i in range(len(lines)) if i not in used), key=lambda i: lines[i].bbox[3])
    rows: list[list[int]] = []
    for index in order:
        line = lines[index]
        last = lines[rows[-1][0]] if rows else None
        if last is not None and abs(last.bbox[3] - line.bbox[3]) <= 0.4 * line.size:
            rows[-1].append(index)
        else:
            rows.append([index])
    return rows


def _is_cell_row(row: list[int], lines: Sequence[TextLine]) -> bool:
    pieces = [piece for i in row for piece in (lines[i].pieces or ((lines[i].text, 0.0, 0.0),))]
    return len(pieces) >= 2 and max(len(text) for text, _, _ in pieces) <= _MAX_CELL_CHARS


def _follows(above: list[int], below: list[int], lines: Sequence[TextLine]) -> bool:
    top = min(lines[i].bbox[1] for i in below)
    bottom = max(lines[i].bbox[3] for i in above)
    return top - bottom <= _ROW_GAP * lines[below[0]].size


def _table_of_rows(lines: Sequence[TextLine], rows: list[list[int]]) -> Table | None:
    indices = [i for row in rows for i in row]
    members = [lines[i].bbox for i in indices]
    box = (
        min(b[0] for b in members),
        min(b[1] for b in members),
        max(b[2] for b in members),
        max(b[3] for b in members),
    )
    table = _table(lines, indices, box, (), ())
    if table is None or table.grid.rows < _MIN_ROWS:
        return None
    return table


def table_text(grid: Grid) -> str:
    """A table as plain text: one line per row, cells separated by tabs."""
    rows: list[list[str]] = [[""] * grid.columns for _ in range(grid.rows)]
    for cell in grid.cells:
        rows[cell.row][cell.column] = cell.text
    return "\n".join("\t".join(row).rstrip("\t") for row in rows)
