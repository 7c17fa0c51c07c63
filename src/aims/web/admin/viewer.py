"""What the page viewer shows of an analysis: one page, its elements and boxes, the section
tree, and the element being edited."""

from __future__ import annotations

from dataclasses import dataclass

import anyio
import msgspec

from aims.admin.public import HEADING_TYPES


class ViewElement(msgspec.Struct, frozen=True, kw_only=True):
    """An element as the viewer needs it (box in PDF points, top-left origin)."""

    id: str
    type: str
    page: int
    bbox: tuple[float, float, float, float]
    text: str
    level: int | None = None

    @property
    def is_heading(self) -> bool:
        """Whether the element opens a section."""
        return self.type in HEADING_TYPES

    @property
    def width(self) -> float:
        """Box width in points."""
        return max(self.bbox[2] - self.bbox[0], 0.0)

    @property
    def height(self) -> float:
        """Box height in points."""
        return max(self.bbox[3] - self.bbox[1], 0.0)


class ViewPage(msgspec.Struct, frozen=True, kw_only=True):
    """A page's size in points."""

    number: int
    width: float
    height: float


class ViewSection(msgspec.Struct, frozen=True, kw_only=True):
    """A node of the section tree."""

    id: str
    title: str
    level: int
    page_start: int
    children: tuple[ViewSection, ...] = ()


class ViewAnalysis(msgspec.Struct, frozen=True, kw_only=True):
    """The parts of the hierarchy JSON the viewer shows (other properties are ignored)."""

    pages: tuple[ViewPage, ...]
    elements: tuple[ViewElement, ...]
    sections: tuple[ViewSection, ...]


@dataclass(frozen=True)
class PageView:
    """One page of the viewer: its size, elements in reading order, and the selection (which
    moves among the page's elements only)."""

    page: ViewPage
    page_count: int
    elements: tuple[ViewElement, ...]
    sections: tuple[ViewSection, ...]
    selected: ViewElement | None
    first_id: str | None
    last_id: str | None

    def can_move(self, element: ViewElement, direction: str) -> bool:
        """Whether the element has a neighbour on its page in the reading order that way."""
        end = self.first_id if direction == "up" else self.last_id
        return element.id != end


def _decode(content: bytes) -> ViewAnalysis:
    return msgspec.json.decode(content, type=ViewAnalysis)


async def read_analysis(content: bytes) -> ViewAnalysis:
    """Decode a stored version off the event loop (a long document is megabytes of JSON)."""
    return await anyio.to_thread.run_sync(_decode, content)


def page_view(analysis: ViewAnalysis, page_number: int, element_id: str | None) -> PageView:
    """Page `page_number` (clamped to the document), or the selected element's page."""
    by_id = {element.id: element for element in analysis.elements}
    selected = by_id.get(element_id or "")
    if selected is not None:
        page_number = selected.page
    pages = {page.number: page for page in analysis.pages}
    number = min(max(page_number, 1), len(analysis.pages))
    elements = tuple(element for element in analysis.elements if element.page == number)
    return PageView(
        page=pages.get(number, analysis.pages[0]),
        page_count=len(analysis.pages),
        elements=elements,
        sections=analysis.sections,
        selected=selected,
        first_id=elements[0].id if elements else None,
        last_id=elements[-1].id if elements else None,
    )
