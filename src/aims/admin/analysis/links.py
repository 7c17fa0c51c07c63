"""Contents entries linked to the headings they name."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.model import Element
from aims.admin.analysis.outline import comparable_title

_SAME_TITLE = 0.85


def link_entries(elements: Sequence[Element]) -> list[Element]:
    """Point every contents entry at the heading it names: the next match after the last one."""
    headings = [
        (index, comparable_title(element.text))
        for index, element in enumerate(elements)
        if element.type in ("title", "heading")
    ]
    linked = list(elements)
    cursor = 0
    for index, element in enumerate(elements):
        if element.type != "list_item" or isinstance(element.page_label, msgspec.UnsetType):
            continue
        wanted = comparable_title(element.text)
        later = [(h, title) for h, title in headings if h > index]
        found = _first_match(wanted, [(h, t) for h, t in later if h >= cursor]) or _first_match(
            wanted, later
        )
        if found is not None:
            cursor = found
        linked[index] = msgspec.structs.replace(
            element, target=None if found is None else elements[found].id
        )
    return linked


def _first_match(wanted: str, headings: list[tuple[int, str]]) -> int | None:
    for index, title in headings:
        if title == wanted:
            return index
    for index, title in headings:
        total = len(wanted) + len(title)
        if not total or 2 * min(len(wanted), len(title)) / total < _SAME_TITLE:
            continue  # lengths so different that they cannot be alike (difflib's upper bound)
        if difflib.SequenceMatcher(None, wanted, title).ratio() >= _SAME_TITLE:
            return index
    return None
