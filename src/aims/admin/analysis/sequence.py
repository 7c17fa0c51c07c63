"""Numbering that fits the document: 3.2 comes after 3.1 inside chapter 3, not after chapter 14.

Among the decimal-numbered heading candidates (1, 1.2, 1.2.3, A.1 …) of a document, the longest
run in reading order in which every number follows the one before it is the document's section
numbering; numbered lines outside it (a change log's "2.8 (2020/12/07)", a list's "3 apples", a
leftover of the contents) do not fit it and are not section headings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aims.admin.analysis.numbering import Numbering

_MAX_STEP = 3
_APPENDIX = 1000
_PART = re.compile(r"[.．]")

Parts = tuple[int, ...]


def fitting(numberings: Sequence[Numbering | None]) -> list[bool]:
    """For each heading candidate in reading order: False when its decimal number does not fit."""
    indices = [i for i, n in enumerate(numberings) if n is not None and _parts(n) is not None]
    higher = [i for i, n in enumerate(numberings) if n is not None and _is_above_decimal(n)]
    chain = _longest_chain([_parts_of(numberings[i]) for i in indices], indices, higher)
    kept = {indices[position] for position in chain}
    return [i in kept or i not in indices for i in range(len(numberings))]


def _parts_of(numbering: Numbering | None) -> Parts:
    parts = _parts(numbering) if numbering is not None else None
    return parts or ()


def _parts(numbering: Numbering) -> Parts | None:
    """Counters of a decimal, lettered or appendix label ('3.2' → (3, 2), 'A.1' → (1001, 1))."""
    if not numbering.family.startswith("decimal:"):
        return None
    parts = [part.split()[-1] for part in _PART.split(numbering.label) if part.strip()]
    values: list[int] = []
    for part in parts:
        if part.isdigit():
            values.append(int(part))
        elif len(part) == 1 and part.isalpha():
            values.append(_APPENDIX + ord(part.upper()) - ord("A") + 1)  # after the chapters
        else:
            return None
    return tuple(values)


def _is_above_decimal(numbering: Numbering) -> bool:
    """Parts and chapters (第1部, Part II, Chapter 3) may restart the decimal numbering."""
    return numbering.family.startswith("counter:") or numbering.family == "chapter"


def _longest_chain(parts: list[Parts], positions: list[int], restarts: list[int]) -> list[int]:
    """Indices into `parts` of the longest sequence in which each number follows the last."""
    best = [1] * len(parts)
    before: list[int | None] = [None] * len(parts)
    for i, current in enumerate(parts):
        for j in range(i):
            restarted = any(positions[j] < r < positions[i] for r in restarts)
            if best[j] + 1 > best[i] and _follows(parts[j], current, restarted):
                best[i], before[i] = best[j] + 1, j
    if not parts:
        return []
    end: int | None = max(range(len(parts)), key=lambda i: (best[i], -i))
    chain: list[int] = []
    while end is not None:
        chain.append(end)
        end = before[end]
    return chain[::-1]


def _starts_over(last: Parts, first: int, restarted: bool) -> bool:
    """Chapter 1 again after a new part, or appendix A after the last chapter."""
    if first == _APPENDIX + 1:
        return last[0] < _APPENDIX
    return restarted and first == 1


def _follows(last: Parts, current: Parts, restarted: bool) -> bool:
    """Whether `current` may come next after `last` ('3.1' after '3', '4' after '3.2.1')."""
    depth = len(current)
    if depth == 1 and _starts_over(last, current[0], restarted):
        return True
    if depth > len(last) + 1:
        return False
    if depth == len(last) + 1:
        return current[:-1] == last and 0 <= current[-1] <= _MAX_STEP
    return current[:-1] == last[: depth - 1] and 0 < current[-1] - last[depth - 1] <= _MAX_STEP
