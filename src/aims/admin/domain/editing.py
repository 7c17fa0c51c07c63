"""Rules an edited version must keep beyond the schema, and what an edit changed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aims.admin.domain.element_edits import BLANK_HEADING, MAX_LEVEL, is_blank_heading
from aims.kernel.text import unstorable

MAX_VIOLATIONS = 10
_ID_NUMBER = re.compile(r"^ID-(\d+)$")
_COMPARED = ("text", "type", "level")

Violation = dict[str, str]
"""`{"field": JSON pointer, "message": ...}`, the shape of a problem document's `errors`."""


def violation(field: str, message: str) -> Violation:
    """One broken rule, named by where it is."""
    return {"field": field, "message": message}


def _id_number(element_id: str) -> int:
    match = _ID_NUMBER.match(element_id)
    return int(match.group(1)) if match else 0


def edit_violations(original: dict[str, Any], edited: dict[str, Any]) -> list[Violation]:
    """What keeps a schema-valid edit from being stored, first ones first (at most ten):
    it must describe the same file and its pages (numbers and sizes), set no level deeper than
    `MAX_LEVEL` that the original does not have, keep element IDs unique and stable (an element the
    original does not have takes an ID after the original's last), give every title and
    heading text (unless the original has that blank one too), hold no text a database cannot
    store (NUL), and every reference to an element (an element's `section`, a node of the
    section tree) must name one."""
    found = list(_violations(original, edited))
    return found[:MAX_VIOLATIONS]


def _violations(original: dict[str, Any], edited: dict[str, Any]) -> Iterator[Violation]:
    source, edited_source = original["source"], edited["source"]
    for key in ("sha256", "page_count"):
        if edited_source[key] != source[key]:
            yield violation(f"/source/{key}", f"must stay {source[key]!r} (the analysed file's)")
    if _page_sizes(edited) != _page_sizes(original):
        yield violation("/pages", "must stay the analysed file's pages (numbers and sizes)")
    yield from _id_violations(original, edited)
    yield from _unstorable_violations(edited, "")
    yield from _blank_heading_violations(original, edited)
    levels = {element["id"]: element.get("level") for element in original["elements"]}
    ids = {element["id"] for element in edited["elements"]}
    for index, element in enumerate(edited["elements"]):
        if element["page"] > source["page_count"]:
            yield violation(f"/elements/{index}/page", "is after the document's last page")
        if element.get("section") is not None and element["section"] not in ids:
            yield violation(f"/elements/{index}/section", f"names no element: {element['section']}")
        level = element.get("level")
        if level is not None and level > MAX_LEVEL and level != levels.get(element["id"]):
            yield violation(f"/elements/{index}/level", f"is deeper than {MAX_LEVEL}")
    yield from _section_violations(edited["sections"], ids, "/sections")


def _unstorable_violations(value: Any, at: str) -> Iterator[Violation]:
    """Every string (key or value) holding a NUL or a lone surrogate, by its JSON pointer."""
    if isinstance(value, str) and unstorable(value):
        yield violation(at, "contains a character that cannot be stored (NUL)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable_violations(key, at)
            yield from _unstorable_violations(item, f"{at}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable_violations(item, f"{at}/{index}")


def _blank_heading_violations(
    original: dict[str, Any], edited: dict[str, Any]
) -> Iterator[Violation]:
    """A title or heading without text, unless the original has it so (same element, type)."""
    already = {(e["id"], e["type"]) for e in original["elements"] if is_blank_heading(e)}
    for index, element in enumerate(edited["elements"]):
        if is_blank_heading(element) and (element["id"], element["type"]) not in already:
            yield violation(f"/elements/{index}/text", BLANK_HEADING)


def _page_sizes(analysis: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(page["number"], page["width"], page["height"]) for page in analysis.get("pages", [])]


def _id_violations(original: dict[str, Any], edited: dict[str, Any]) -> Iterator[Violation]:
    before = {element["id"] for element in original["elements"]}
    last = max((_id_number(element_id) for element_id in before), default=0)
    seen: set[str] = set()
    for index, element in enumerate(edited["elements"]):
        element_id = element["id"]
        if element_id in seen:
            yield violation(f"/elements/{index}/id", f"{element_id} is used twice")
        elif element_id not in before and _id_number(element_id) <= last:
            yield violation(
                f"/elements/{index}/id",
                f"{element_id} is not an element of the original; a new element takes"
                f" ID-{last + 1} or later",
            )
        seen.add(element_id)


def _section_violations(
    sections: list[dict[str, Any]], ids: set[str], at: str
) -> Iterator[Violation]:
    for index, section in enumerate(sections):
        if section["id"] not in ids:
            yield violation(f"{at}/{index}/id", f"names no element: {section['id']}")
        yield from _section_violations(section["children"], ids, f"{at}/{index}/children")


@dataclass(frozen=True)
class ChangeSummary:
    """What an edited version changed against the version it replaces."""

    changed: dict[str, int]
    added: int
    removed: int
    reordered: bool
    element_ids: tuple[str, ...]

    def describe(self) -> str:
        """One line for the audit log, e.g. "2 texts, 1 level changed; 1 removed"."""
        parts = [_counted(count, field) for field, count in self.changed.items() if count]
        text = ", ".join(parts) + " changed" if parts else ""
        extra = [f"{n} {word}" for n, word in ((self.added, "added"), (self.removed, "removed"))]
        extra = [item for item in extra if not item.startswith("0 ")]
        if self.reordered:
            extra.append("order changed")
        return "; ".join(item for item in (text, *extra) if item) or "no change"

    def as_details(self) -> dict[str, Any]:
        """The summary as audit-record details (element IDs capped at 50)."""
        return {
            "changed": self.changed,
            "added": self.added,
            "removed": self.removed,
            "reordered": self.reordered,
            "element_ids": list(self.element_ids[:50]),
        }


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summarise(before: dict[str, Any], after: dict[str, Any]) -> ChangeSummary:
    """Compare two versions element by element (matched by ID)."""
    old = {element["id"]: element for element in before["elements"]}
    new = {element["id"]: element for element in after["elements"]}
    touched: list[str] = []
    changed = dict.fromkeys(_COMPARED, 0)
    for element_id, element in new.items():
        previous = old.get(element_id)
        if previous is None:
            continue
        differing = [f for f in _COMPARED if previous.get(f) != element.get(f)]
        for field in differing:
            changed[field] += 1
        if differing:
            touched.append(element_id)
    kept_order = [element_id for element_id in old if element_id in new]
    return ChangeSummary(
        changed=changed,
        added=len(new.keys() - old.keys()),
        removed=len(old.keys() - new.keys()),
        reordered=kept_order != [element_id for element_id in new if element_id in old],
        element_ids=tuple(touched),
    )
