"""Element IDs and the document-wide section tree built from heading levels."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import msgspec

from aims.admin.analysis.model import Element, Section

_HEADING_TYPES = ("title", "heading")
T = TypeVar("T")


def number_elements(elements: Sequence[Element]) -> list[Element]:
    """Give elements IDs ID-1, ID-2, … and reading_order in document order."""
    return [
        msgspec.structs.replace(element, id=f"ID-{index + 1}", reading_order=index)
        for index, element in enumerate(elements)
    ]


def attach_sections(elements: Sequence[Element]) -> list[Element]:
    """Point every element at the innermost heading whose section holds it."""
    attached: list[Element] = []
    open_headings: list[Element] = []
    for element in elements:
        if _is_heading(element):
            _close_to_level(open_headings, element.level or 0, lambda h: h.level or 0)
        parent = open_headings[-1].id if open_headings else None
        attached.append(msgspec.structs.replace(element, section=parent))
        if _is_heading(element):
            open_headings.append(element)
    return attached


def _is_heading(element: Element) -> bool:
    return element.type in _HEADING_TYPES and element.level is not None


def _close_to_level(stack: list[T], level: int, level_of: Callable[[T], int]) -> None:
    """Pop the entries that a heading of `level` closes (same level or deeper)."""
    while stack and level_of(stack[-1]) >= level:
        stack.pop()


class _Node(msgspec.Struct):
    heading: Element
    page_end: int
    children: list[_Node]


def section_tree(elements: Sequence[Element]) -> tuple[Section, ...]:
    """Nest headings by level; a section ends where one of its level or higher starts."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    for element in elements:
        if _is_heading(element):
            _close_to_level(stack, element.level or 0, lambda n: n.heading.level or 0)
            node = _Node(heading=element, page_end=element.page, children=[])
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
        for open_node in stack:
            open_node.page_end = max(open_node.page_end, element.page)
    return tuple(_freeze(node) for node in roots)


def _freeze(node: _Node) -> Section:
    heading = node.heading
    return Section(
        id=heading.id,
        title=heading.text,
        level=heading.level or 0,
        number=heading.number,
        page_start=heading.page,
        page_end=node.page_end,
        children=tuple(_freeze(child) for child in node.children),
    )
