"""One element corrected in an analysis version: its text, type and level, or its place in the
reading order; the section tree follows the headings."""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

import msgspec

from aims.admin.analysis.model import Element, ElementType
from aims.admin.analysis.sections import attach_sections, section_tree

ELEMENT_TYPES: tuple[str, ...] = get_args(ElementType)
"""Every element type of the hierarchy schema."""

HEADING_TYPES = ("title", "heading")
MAX_ELEMENT_TEXT = 10_000
"""More than one element of a dense page holds; 20,000 made schemathesis's over-long case
(a NUL-free string of 20,001 characters) take minutes to generate."""
MAX_LEVEL = 9
ELEMENT_ID_MAX_LENGTH = 20

ElementId = Annotated[str, msgspec.Meta(max_length=ELEMENT_ID_MAX_LENGTH, pattern=r"^ID-[1-9]\d*$")]
Move = Literal["up", "down"]


class ElementEdit(msgspec.Struct, frozen=True, kw_only=True):
    """What to change in one element: its text, type and heading level (None: unchanged; a
    type that is not a heading drops the level), then, with `move`, its place in the reading
    order among its page's elements; both are applied together, as one edit."""

    element_id: ElementId
    text: Annotated[str, msgspec.Meta(max_length=MAX_ELEMENT_TEXT)] | None = None
    type: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    level: Annotated[int, msgspec.Meta(ge=0, le=MAX_LEVEL)] | None = None
    move: Move | None = None

    @property
    def changes_content(self) -> bool:
        """Whether the edit changes the element's text, type or level (not only its place)."""
        return (self.text, self.type, self.level) != (None, None, None)


BLANK_HEADING = "A title or heading needs text: type it, or choose another type."


def is_blank_heading(element: dict[str, Any]) -> bool:
    """Whether `element` is a title or heading whose text is empty or only white space (every
    other type may have none: a figure, a table read as cells, an illegible line)."""
    return element.get("type") in HEADING_TYPES and not str(element.get("text", "")).strip()


class EditRefused(Exception):
    """The edit names no element of the version, or asks for an impossible change."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def apply_edit(document: dict[str, Any], edit: ElementEdit) -> dict[str, Any]:
    """A copy of `document` (the hierarchy JSON) with `edit` applied (the element's content,
    then its move), reading order renumbered
    and the `section` of every element and the section tree rebuilt from the headings."""
    elements = [dict(element) for element in document["elements"]]
    index = _index_of(elements, edit.element_id)
    if edit.changes_content:
        elements[index] = _changed(elements[index], edit)
    if edit.move is not None:
        _move(elements, index, edit.move)
    for order, element in enumerate(elements):
        element["reading_order"] = order
    return document | _with_sections(elements)


def _index_of(elements: list[dict[str, Any]], element_id: str) -> int:
    for index, element in enumerate(elements):
        if element.get("id") == element_id:
            return index
    raise EditRefused("element_id", f"No element {element_id} in this version.")


def _move(elements: list[dict[str, Any]], index: int, move: Move) -> None:
    other = index - 1 if move == "up" else index + 1
    if not 0 <= other < len(elements) or elements[other]["page"] != elements[index]["page"]:
        raise EditRefused("move", "The element is already at that end of its page.")
    elements[index], elements[other] = elements[other], elements[index]


def _changed(element: dict[str, Any], edit: ElementEdit) -> dict[str, Any]:
    kind = edit.type if edit.type is not None else element["type"]
    if kind not in ELEMENT_TYPES:
        raise EditRefused("type", f"{kind!r} is not an element type.")
    level = None
    if kind in HEADING_TYPES:
        level = edit.level if edit.level is not None else element.get("level")
    if kind == "heading" and (level is None or level < 1):
        raise EditRefused("level", "A heading needs a level of 1 or more.")
    if kind == "title" and level is None:
        level = 0
    changed = element | {"type": kind, "level": level}
    if edit.text is not None:
        changed["text"] = edit.text
    if is_blank_heading(changed):
        raise EditRefused("text", BLANK_HEADING)
    if level is None:
        changed["level_source"] = None
    return changed


def _with_sections(elements: list[dict[str, Any]]) -> dict[str, Any]:
    typed = msgspec.convert(
        [{key: element[key] for key in _SECTION_FIELDS if key in element} for element in elements],
        type=list[Element],
    )
    attached = attach_sections(typed)
    for element, placed in zip(elements, attached, strict=True):
        element["section"] = placed.section
    return {"elements": elements, "sections": msgspec.to_builtins(section_tree(attached))}


_SECTION_FIELDS = ("id", "type", "page", "bbox", "text", "reading_order", "level", "number")
