"""Elements of a page from its blocks and what the document passes decided about them."""

from __future__ import annotations

import statistics
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import msgspec

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.classify import plain_type
from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.levels import HeadingLevel
from aims.admin.analysis.model import BBox, Element, ElementType, PageInfo, PageResult
from aims.admin.analysis.tables import Table
from aims.admin.analysis.terms import Term


@dataclass(frozen=True)
class Decisions:
    """What the document passes decided, by block key."""

    headings: Mapping[BlockKey, HeadingLevel]
    title: BlockKey | None
    terms: Mapping[BlockKey, Term] = field(default_factory=dict)
    entries: Mapping[BlockKey, ContentsEntry] = field(default_factory=dict)
    tables: Mapping[BlockKey, Table] = field(default_factory=dict)
    absorbed: Collection[BlockKey] = frozenset()
    texts: Mapping[BlockKey, str] = field(default_factory=dict)


def page_elements(layout: Layout, decisions: Decisions, page: PageResult) -> list[Element]:
    """The elements of one page in reading order, figures placed among them."""
    page_index = page.number - 1
    texts = [
        _element(layout, decisions, (page_index, index), block, page.height)
        for index, block in enumerate(layout.pages[page_index])
        if (page_index, index) not in decisions.absorbed
    ]
    return _with_figures(texts, page)


def _element(
    layout: Layout, decisions: Decisions, key: BlockKey, block: Block, page_height: float
) -> Element:
    if key in decisions.tables:
        return _table_element(block, decisions.tables[key])
    role = layout.roles.get(key)
    element = _plain(block, role or plain_type(block, layout.body, page_height))
    if role is not None:
        return element
    if key == decisions.title:
        return msgspec.structs.replace(element, type="title", level=0, level_source="style")
    if key in decisions.entries:
        entry = decisions.entries[key]
        return msgspec.structs.replace(
            element, type="list_item", text=entry.text, page_label=entry.page_label, target=None
        )
    if key in decisions.terms:
        return _term_element(layout, element, decisions.terms[key])
    heading = decisions.headings.get(key)
    if heading is None:
        return element
    return msgspec.structs.replace(
        element,
        text=decisions.texts.get(key, element.text),
        type="heading",
        level=heading.level,
        number=heading.number,
        level_source=heading.source,
    )


def _plain(block: Block, kind: ElementType) -> Element:
    confidences = [line.confidence for line in block.lines if line.confidence is not None]
    return Element(
        id="",
        type=kind,
        page=block.page,
        bbox=_rounded(block.bbox),
        text=block.text,
        reading_order=0,
        confidence=round(statistics.fmean(confidences), 3) if confidences else None,
    )


def _term_element(layout: Layout, element: Element, term: Term) -> Element:
    item = msgspec.structs.replace(element, type="list_item", term=term.term)
    if term.description is None:
        return item
    description = layout.block(term.description)
    box = element.bbox
    dx0, dy0, dx1, dy1 = description.bbox
    return msgspec.structs.replace(
        item,
        text=f"{element.text} {description.text}",
        bbox=_rounded((min(box[0], dx0), min(box[1], dy0), max(box[2], dx1), max(box[3], dy1))),
    )


def _table_element(block: Block, table: Table) -> Element:
    grid = table.grid
    return msgspec.structs.replace(
        _plain(block, "table"), rows=grid.rows, columns=grid.columns, cells=grid.cells
    )


def _rounded(box: BBox) -> BBox:
    x0, y0, x1, y1 = (round(value, 2) for value in box)
    return (x0, y0, x1, y1)


def _with_figures(texts: list[Element], page: PageResult) -> list[Element]:
    """Insert the page's figures before the first text element that starts below them."""
    merged = list(texts)
    for box in sorted(page.figures, key=lambda figure: figure[1]):
        figure = Element(
            id="", type="figure", page=page.number, bbox=_rounded(box), text="", reading_order=0
        )
        at = next(
            (i for i, e in enumerate(merged) if e.type != "figure" and e.bbox[1] >= box[1]),
            len(merged),
        )
        merged.insert(at, figure)
    return merged


def page_info(page: PageResult) -> PageInfo:
    """A page as the output describes it."""
    return PageInfo(
        number=page.number,
        width=round(page.width, 2),
        height=round(page.height, 2),
        text_source=page.text_source,
        writing_mode=page.writing_mode,
        rotation=page.rotation,
        languages=page.languages,
        ocr_confidence=page.ocr_confidence,
    )
