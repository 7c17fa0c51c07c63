"""Renderings of a result: JSON (the contract), Markdown with real heading levels, plain text."""

from __future__ import annotations

import re
from collections import Counter

import msgspec

from aims.admin.analysis.model import DocumentAnalysis, Element, TableCell

_SKIPPED_IN_PROSE = ("page_header", "page_footer", "page_number")
_MAX_MARKDOWN_LEVEL = 6
_LIST_MARKER = re.compile(r"^[•・‣◦∙\-–—*]\s*")
_BLOCK_SYNTAX = re.compile(r"^([#>*+\-]|\d+[.)])")
_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def to_json(result: DocumentAnalysis, *, compact: bool = False) -> bytes:
    """The JSON of the hierarchy schema (see `schema`), UTF-8; indented unless compact."""
    encoded = msgspec.json.encode(result)
    return encoded if compact else msgspec.json.format(encoded, indent=2)


def to_markdown(result: DocumentAnalysis) -> str:
    """Markdown: the title as #, headings one # deeper per level, tables as tables.

    A table of contents becomes a list of its entries, each linked to the heading it names
    (GitHub-style heading anchors) and followed by its page number.
    """
    shift = 0 if any(element.type == "title" for element in result.elements) else -1
    anchors = _heading_anchors(result)
    chunks = [
        _markdown_chunk(element, shift, anchors)
        for element in result.elements
        if element.type not in _SKIPPED_IN_PROSE
    ]
    return "\n\n".join(_joined_lists(chunks)) + "\n"


def _heading_anchors(result: DocumentAnalysis) -> dict[str, str]:
    """The anchor that Markdown viewers give each heading (by element id), GitHub's way."""
    seen: Counter[str] = Counter()
    anchors: dict[str, str] = {}
    for element in result.elements:
        if element.type not in ("title", "heading"):
            continue
        slug = _NOT_IN_SLUG.sub("", element.text.strip().lower()).replace(" ", "-")
        anchors[element.id] = slug if not seen[slug] else f"{slug}-{seen[slug]}"
        seen[slug] += 1
    return anchors


def _markdown_chunk(element: Element, shift: int, anchors: dict[str, str]) -> str:
    if element.type == "title":
        return f"# {element.text}"
    if element.type == "heading":
        depth = min(max((element.level or 1) + 1 + shift, 1), _MAX_MARKDOWN_LEVEL)
        return f"{'#' * depth} {element.text}"
    if element.type == "table" and isinstance(element.cells, tuple):
        return _markdown_table(element)
    if element.type == "list_item":
        return _markdown_item(element, anchors)
    if element.type in ("caption", "footnote"):
        return f"*{element.text}*"
    return _escaped(element.text)


def _markdown_item(element: Element, anchors: dict[str, str]) -> str:
    if isinstance(element.page_label, str):
        target = anchors.get(element.target) if isinstance(element.target, str) else None
        entry = f"[{element.text}](#{target})" if target else _escaped(element.text)
        return f"- {entry} — {element.page_label}" if element.page_label else f"- {entry}"
    if isinstance(element.term, str) and element.text.startswith(element.term):
        rest = element.text[len(element.term) :].strip()
        return f"- **{element.term}** {rest}".rstrip()
    return f"- {_LIST_MARKER.sub('', element.text)}"


def _markdown_table(element: Element) -> str:
    cells: tuple[TableCell, ...] = element.cells if isinstance(element.cells, tuple) else ()
    rows = element.rows if isinstance(element.rows, int) else 0
    columns = element.columns if isinstance(element.columns, int) else 0
    if not rows or not columns:
        return _escaped(element.text)
    grid = [[""] * columns for _ in range(rows)]
    for cell in cells:
        grid[cell.row][cell.column] = cell.text.replace("|", "\\|").replace("\n", " ")
    lines = [_table_row(grid[0]), _table_row(["---"] * columns)]
    lines += [_table_row(row) for row in grid[1:]]
    return "\n".join(lines)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _escaped(text: str) -> str:
    return _BLOCK_SYNTAX.sub(r"\\\1", text)


def _joined_lists(chunks: list[str]) -> list[str]:
    """Consecutive list items form one list (no blank line between them)."""
    joined: list[str] = []
    for chunk in chunks:
        if joined and chunk.startswith("- ") and joined[-1].split("\n")[-1].startswith("- "):
            joined[-1] += "\n" + chunk
        else:
            joined.append(chunk)
    return joined


def to_text(result: DocumentAnalysis) -> str:
    """Plain text in reading order, one block per paragraph, no running headers or page numbers.

    Contents entries are one line each (entry, a tab, its page number); tables are one line
    per row with tab-separated cells.
    """
    chunks = [_text_chunk(e) for e in result.elements if e.type not in _SKIPPED_IN_PROSE]
    return "\n\n".join(_joined_entries(chunks, result)) + "\n"


def _text_chunk(element: Element) -> str:
    if isinstance(element.page_label, str) and element.page_label:
        return f"{element.text}\t{element.page_label}"
    return element.text


def _joined_entries(chunks: list[str], result: DocumentAnalysis) -> list[str]:
    kept = [e for e in result.elements if e.type not in _SKIPPED_IN_PROSE]
    joined: list[str] = []
    for index, chunk in enumerate(chunks):
        entry = isinstance(kept[index].page_label, str)
        after_entry = index > 0 and isinstance(kept[index - 1].page_label, str)
        if entry and after_entry and joined:
            joined[-1] += "\n" + chunk
        else:
            joined.append(chunk)
    return joined
