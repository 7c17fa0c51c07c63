"""The document-level passes: running headers, headings and levels, IDs and the section tree."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.blocks import Block, page_blocks
from aims.admin.analysis.classify import (
    find_title,
    is_heading_candidate,
    is_number_only,
    is_set_apart,
    plain_type,
    sits_like_heading,
)
from aims.admin.analysis.contents import contents_blocks
from aims.admin.analysis.levels import HeadingLevel, assign_levels
from aims.admin.analysis.model import (
    DocumentAnalysis,
    Element,
    ElementType,
    PageInfo,
    PageResult,
    SourceInfo,
    TextLine,
)
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.outline import OutlineEntry, match_outline
from aims.admin.analysis.running import BlockKey, running_roles
from aims.admin.analysis.sections import attach_sections, number_elements, section_tree
from aims.admin.analysis.style import BodyStyle, body_style, is_heading_shaped

PageBlocks = list[list[Block]]


def assemble(
    source: SourceInfo, pages: Sequence[PageResult], outline: Sequence[OutlineEntry] = ()
) -> DocumentAnalysis:
    """Turn per-page results (in page order) into the document result."""
    blocks = [page_blocks(page) for page in pages]
    first_guess = body_style(block for page in blocks for block in page)
    blocks = [_merge_split_headings(page, first_guess) for page in blocks]
    roles = running_roles(blocks, [page.height for page in pages])
    body = body_style(block for key, block in _keyed(blocks) if key not in roles)
    widths = [page.width for page in pages]
    headings = _heading_levels(blocks, widths, body, roles, outline)
    title = _title_key(blocks, pages[0].height if pages else 0.0, body, headings)
    elements: list[Element] = []
    for page_index, page in enumerate(pages):
        keyed = [((page_index, i), block) for i, block in enumerate(blocks[page_index])]
        texts = [
            _element(block, roles.get(key), headings.get(key), key == title, body, page.height)
            for key, block in keyed
        ]
        elements += _with_figures(texts, page)
    final = attach_sections(number_elements(elements))
    title_text = next((element.text for element in final if element.type == "title"), None)
    return DocumentAnalysis(
        source=msgspec.structs.replace(source, title=title_text or source.title),
        pages=tuple(_page_info(page) for page in pages),
        elements=tuple(final),
        sections=section_tree(final),
    )


def _keyed(blocks: PageBlocks) -> list[tuple[BlockKey, Block]]:
    return [((p, i), block) for p, page in enumerate(blocks) for i, block in enumerate(page)]


def _merge_split_headings(blocks: list[Block], body: BodyStyle) -> list[Block]:
    """Join a block holding only a heading number with the heading text that follows it."""
    merged: list[Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if previous is not None and is_number_only(previous) and _is_heading_text(block, body):
            merged[-1] = msgspec.structs.replace(previous, lines=(_joined_line(previous, block),))
        else:
            merged.append(block)
    return merged


def _is_heading_text(block: Block, body: BodyStyle) -> bool:
    return is_heading_shaped(block) and body.stands_out(block)


def _joined_line(number: Block, heading: Block) -> TextLine:
    box_a, box_b = number.bbox, heading.bbox
    confidences = [
        line.confidence for line in (*number.lines, *heading.lines) if line.confidence is not None
    ]
    return msgspec.structs.replace(
        heading.lines[0],
        text=f"{number.text} {heading.text}",
        bbox=(
            min(box_a[0], box_b[0]),
            min(box_a[1], box_b[1]),
            max(box_a[2], box_b[2]),
            max(box_a[3], box_b[3]),
        ),
        confidence=statistics.fmean(confidences) if confidences else None,
    )


def _heading_levels(
    blocks: PageBlocks,
    widths: Sequence[float],
    body: BodyStyle,
    roles: dict[BlockKey, ElementType],
    outline: Sequence[OutlineEntry],
) -> dict[BlockKey, HeadingLevel]:
    candidates = _candidates(blocks, widths, body, roles)
    in_contents = contents_blocks(blocks, candidates)
    candidates = [key for key in candidates if key not in in_contents]
    levels = assign_levels([blocks[p][i] for p, i in candidates], body)
    found = {key: level for key, level in zip(candidates, levels, strict=True) if level}
    from_outline = match_outline(outline, blocks, excluded=set(roles) | in_contents)
    return _with_outline_levels(found, from_outline, blocks)


def _candidates(
    blocks: PageBlocks, widths: Sequence[float], body: BodyStyle, roles: dict[BlockKey, ElementType]
) -> list[BlockKey]:
    return [
        key
        for key, block in _keyed(blocks)
        if key not in roles
        and is_heading_candidate(block, body)
        and sits_like_heading(block, blocks[key[0]], widths[key[0]])
        and (parse_numbering(block.text) is not None or is_set_apart(key[1], blocks[key[0]], body))
    ]


def _with_outline_levels(
    found: dict[BlockKey, HeadingLevel], from_outline: dict[BlockKey, int], blocks: PageBlocks
) -> dict[BlockKey, HeadingLevel]:
    """Outline levels win; other headings move by the offset the outline shows for their peers."""
    offsets = [level - found[key].level for key, level in from_outline.items() if key in found]
    offset = round(statistics.median(offsets)) if offsets else 0
    merged = {
        key: msgspec.structs.replace(heading, level=max(1, heading.level + offset))
        for key, heading in found.items()
    }
    for (p, i), level in from_outline.items():
        numbering = parse_numbering(blocks[p][i].text)
        merged[(p, i)] = HeadingLevel(level, "outline", numbering.label if numbering else None)
    return merged


def _title_key(
    blocks: PageBlocks, height: float, body: BodyStyle, headings: dict[BlockKey, HeadingLevel]
) -> BlockKey | None:
    if not blocks:
        return None
    first_page = {i for p, i in headings if p == 0}
    index = find_title(blocks[0], height, body, first_page)
    return (0, index) if index is not None else None


def _element(
    block: Block,
    role: ElementType | None,
    heading: HeadingLevel | None,
    is_title: bool,
    body: BodyStyle,
    page_height: float,
) -> Element:
    x0, y0, x1, y1 = (round(value, 2) for value in block.bbox)
    confidences = [line.confidence for line in block.lines if line.confidence is not None]
    element = Element(
        id="",
        type=role or plain_type(block, body, page_height),
        page=block.page,
        bbox=(x0, y0, x1, y1),
        text=block.text,
        reading_order=0,
        confidence=round(statistics.fmean(confidences), 3) if confidences else None,
    )
    if is_title:
        return msgspec.structs.replace(element, type="title", level=0, level_source="style")
    if heading is None or role is not None:
        return element
    return msgspec.structs.replace(
        element,
        type="heading",
        level=heading.level,
        number=heading.number,
        level_source=heading.source,
    )


def _with_figures(texts: list[Element], page: PageResult) -> list[Element]:
    """Insert the page's figures before the first text element that starts below them."""
    merged = list(texts)
    for box in sorted(page.figures, key=lambda figure: figure[1]):
        x0, y0, x1, y1 = (round(value, 2) for value in box)
        figure = Element(
            id="", type="figure", page=page.number, bbox=(x0, y0, x1, y1), text="", reading_order=0
        )
        at = next(
            (i for i, e in enumerate(merged) if e.type != "figure" and e.bbox[1] >= box[1]),
            len(merged),
        )
        merged.insert(at, figure)
    return merged


def _page_info(page: PageResult) -> PageInfo:
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
