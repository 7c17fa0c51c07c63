"""The document-level passes: running headers, headings and levels, IDs and the section tree."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

import msgspec

from aims.admin.analysis.contents import ContentsEntry
from aims.admin.analysis.elements import Decisions, page_elements, page_info
from aims.admin.analysis.headings import decide_headings
from aims.admin.analysis.labels import heading_labels
from aims.admin.analysis.layout import BlockKey, Layout
from aims.admin.analysis.levels import HeadingLevel
from aims.admin.analysis.links import link_entries
from aims.admin.analysis.listed import (
    contradicting_contents,
    unlisted_headings,
    within_contents,
)
from aims.admin.analysis.model import DocumentAnalysis, Element, PageResult, SourceInfo
from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.outline import OutlineEntry, match_outline
from aims.admin.analysis.prepare import prepare_page
from aims.admin.analysis.readings import clearer_readings
from aims.admin.analysis.running import running_roles
from aims.admin.analysis.sections import attach_sections, number_elements, section_tree
from aims.admin.analysis.style import body_style
from aims.admin.analysis.tables import Table
from aims.admin.analysis.terms import definition_terms
from aims.admin.analysis.titlepage import title_page


def assemble(
    source: SourceInfo, pages: Sequence[PageResult], outline: Sequence[OutlineEntry] = ()
) -> DocumentAnalysis:
    """Turn per-page results (in page order) into the document result."""
    first_guess = body_style(line for page in pages for line in page.lines)
    prepared = [prepare_page(page, first_guess) for page in pages]
    blocks = [page.blocks for page in prepared]
    roles = running_roles(blocks, [page.height for page in pages], first_guess.size)
    kept = (
        block
        for p, page in enumerate(blocks)
        for i, block in enumerate(page)
        if (p, i) not in roles
    )
    layout = Layout(
        pages=blocks,
        widths=[page.width for page in pages],
        heights=[page.height for page in pages],
        body=body_style(line for block in kept for line in block.lines),
        roles=roles,
    )
    entries = {
        (p, i): entry for p, page in enumerate(prepared) for i, entry in page.entries.items()
    }
    tables = {(p, i): table for p, page in enumerate(prepared) for i, table in page.tables.items()}
    groups = {(p, i) for p, page in enumerate(prepared) for i in page.groups}
    decisions = _decide(layout, entries, tables, groups, outline)
    elements: list[Element] = [
        element for page in pages for element in page_elements(layout, decisions, page)
    ]
    final = link_entries(attach_sections(number_elements(elements)))
    title_text = next((element.text for element in final if element.type == "title"), None)
    return DocumentAnalysis(
        source=msgspec.structs.replace(source, title=title_text or source.title),
        pages=tuple(page_info(page) for page in pages),
        elements=tuple(final),
        sections=section_tree(final),
    )


def _decide(
    layout: Layout,
    entries: dict[BlockKey, ContentsEntry],
    tables: dict[BlockKey, Table],
    groups: set[BlockKey],
    outline: Sequence[OutlineEntry],
) -> Decisions:
    title = title_page(layout, entries)
    fixed = {*entries, *tables, *groups, *title.lines, *_title(title.title)}
    labels = heading_labels(layout, fixed)
    terms = definition_terms(layout, fixed | labels)
    descriptions = {term.description for term in terms.values() if term.description is not None}
    excluded = {*fixed, *labels, *terms, *descriptions}
    found = decide_headings(layout, excluded)
    found = _drop(found, within_contents(found, layout, entries))
    found = _drop(found, contradicting_contents(found, layout, entries))
    found = _drop(found, unlisted_headings(found, layout, entries))
    found = _below_headings(found, groups | labels)
    from_outline = match_outline(outline, layout.pages, excluded={*layout.roles, *entries})
    return Decisions(
        headings=_with_outline_levels(found, from_outline, layout),
        title=title.title,
        terms=terms,
        entries=entries,
        tables=tables,
        absorbed=frozenset(descriptions),
        texts=clearer_readings(found, layout, entries.values()),
    )


def _below_headings(
    found: dict[BlockKey, HeadingLevel], minor: set[BlockKey]
) -> dict[BlockKey, HeadingLevel]:
    """Minor headings (an index's group letters, labels heading their text) sit one level below
    the heading they come under."""
    levels = dict(found)
    for key in sorted(minor):
        above = [level.level for other, level in found.items() if other < key]
        levels[key] = HeadingLevel((above[-1] if above else 0) + 1, "style", None)
    return levels


def _drop(
    found: dict[BlockKey, HeadingLevel], dropped: set[BlockKey]
) -> dict[BlockKey, HeadingLevel]:
    return {key: level for key, level in found.items() if key not in dropped}


def _title(key: BlockKey | None) -> list[BlockKey]:
    return [] if key is None else [key]


def _with_outline_levels(
    found: dict[BlockKey, HeadingLevel], from_outline: dict[BlockKey, int], layout: Layout
) -> dict[BlockKey, HeadingLevel]:
    """Outline levels win; other headings move by the offset the outline shows for their peers."""
    offsets = [level - found[key].level for key, level in from_outline.items() if key in found]
    offset = round(statistics.median(offsets)) if offsets else 0
    merged = {
        key: msgspec.structs.replace(heading, level=max(1, heading.level + offset))
        for key, heading in found.items()
    }
    for key, level in from_outline.items():
        numbering = parse_numbering(layout.block(key).text)
        merged[key] = HeadingLevel(level, "outline", numbering.label if numbering else None)
    return merged
