"""Immutable data of an analysis: per-page results and the document result (the JSON contract)."""

from __future__ import annotations

from typing import Literal

import msgspec

BBox = tuple[float, float, float, float]
Piece = tuple[str, float, float]  # text, left and right edge of a stretch of a line
TextSource = Literal["text_layer", "ocr", "none"]
WritingMode = Literal["horizontal", "vertical"]
ElementType = Literal[
    "title",
    "heading",
    "paragraph",
    "list_item",
    "table",
    "figure",
    "caption",
    "footnote",
    "page_header",
    "page_footer",
    "page_number",
]
LevelSource = Literal["outline", "numbering", "style", "default"]
Rotation = Literal[0, 90, 180, 270]


class TextLine(msgspec.Struct, frozen=True, kw_only=True):
    """One line of text on a page with its box (points, top-left origin) and style.

    `font` is the name of the face most of the line is set in (text layer only); `label` is the
    line's leading words when they are set in another face than the rest (a run-in term);
    `pieces` are the stretches of a line that has gaps of about an em or more (table cells).
    """

    text: str
    bbox: BBox
    size: float
    weight: float
    confidence: float | None = None
    font: str = ""
    label: str = ""
    pieces: tuple[Piece, ...] = ()


class PageResult(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the per-page stage learned about one page."""

    number: int
    width: float
    height: float
    text_source: TextSource
    writing_mode: WritingMode = "horizontal"
    rotation: Rotation = 0
    languages: tuple[str, ...] = ()
    ocr_confidence: float | None = None
    lines: tuple[TextLine, ...] = ()
    figures: tuple[BBox, ...] = ()
    rulings: tuple[BBox, ...] = ()


class PageInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A page as described in the output."""

    number: int
    width: float
    height: float
    text_source: TextSource
    writing_mode: WritingMode
    rotation: Rotation
    languages: tuple[str, ...]
    ocr_confidence: float | None


class TableCell(msgspec.Struct, frozen=True, kw_only=True):
    """One cell of a table: its row and column (from 0), text, and how many it spans."""

    row: int
    column: int
    text: str
    row_span: int = 1
    column_span: int = 1


class Element(msgspec.Struct, frozen=True, kw_only=True):
    """A layout element of the document, in reading order.

    Optional properties appear only where they apply: `term` on definition-list items,
    `rows`, `columns` and `cells` on tables, `page_label` (the page number as printed) and
    `target` (the heading it names) on contents entries.
    """

    id: str
    type: ElementType
    page: int
    bbox: BBox
    text: str
    reading_order: int
    level: int | None = None
    number: str | None = None
    level_source: LevelSource | None = None
    section: str | None = None
    confidence: float | None = None
    term: str | msgspec.UnsetType = msgspec.UNSET
    rows: int | msgspec.UnsetType = msgspec.UNSET
    columns: int | msgspec.UnsetType = msgspec.UNSET
    cells: tuple[TableCell, ...] | msgspec.UnsetType = msgspec.UNSET
    page_label: str | msgspec.UnsetType = msgspec.UNSET
    target: str | msgspec.UnsetType | None = msgspec.UNSET


class Section(msgspec.Struct, frozen=True, kw_only=True):
    """A node of the document-wide section tree."""

    id: str
    title: str
    level: int
    number: str | None
    page_start: int
    page_end: int
    children: tuple[Section, ...] = ()


class SourceInfo(msgspec.Struct, frozen=True, kw_only=True):
    """The analysed file."""

    filename: str
    sha256: str
    media_type: str
    page_count: int
    title: str | None = None


class DocumentAnalysis(msgspec.Struct, frozen=True, kw_only=True):
    """The whole result, shaped as the hierarchy schema (`schema.hierarchy_schema`)."""

    schema_version: str = "1"
    source: SourceInfo
    pages: tuple[PageInfo, ...]
    elements: tuple[Element, ...]
    sections: tuple[Section, ...]
