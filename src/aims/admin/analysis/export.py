"""Renderings of a result: JSON (the contract), Markdown with real heading levels, plain text."""

from __future__ import annotations

import re

import msgspec

from aims.admin.analysis.model import DocumentAnalysis, Element

_SKIPPED_IN_PROSE = ("page_header", "page_footer", "page_number")
_MAX_MARKDOWN_LEVEL = 6
_LIST_MARKER = re.compile(r"^[•・‣◦∙\-–—*]\s*")
_BLOCK_SYNTAX = re.compile(r"^([#>*+\-]|\d+[.)])")


def to_json(result: DocumentAnalysis, *, compact: bool = False) -> bytes:
    """The JSON of the hierarchy schema (see `schema`), UTF-8; indented unless compact."""
    encoded = msgspec.json.encode(result)
    return encoded if compact else msgspec.json.format(encoded, indent=2)


def to_markdown(result: DocumentAnalysis) -> str:
    """Markdown: the title as #, headings one # deeper per level, body as paragraphs."""
    shift = 0 if any(element.type == "title" for element in result.elements) else -1
    chunks = [_markdown_chunk(e, shift) for e in result.elements if e.type not in _SKIPPED_IN_PROSE]
    return "\n\n".join(chunks) + "\n"


def _markdown_chunk(element: Element, shift: int) -> str:
    if element.type == "title":
        return f"# {element.text}"
    if element.type == "heading":
        depth = min(max((element.level or 1) + 1 + shift, 1), _MAX_MARKDOWN_LEVEL)
        return f"{'#' * depth} {element.text}"
    if element.type == "list_item":
        return f"- {_LIST_MARKER.sub('', element.text)}"
    if element.type in ("caption", "footnote"):
        return f"*{element.text}*"
    return _BLOCK_SYNTAX.sub(r"\\\1", element.text)


def to_text(result: DocumentAnalysis) -> str:
    """Plain text in reading order, one block per paragraph, no running headers or page numbers."""
    texts = [e.text for e in result.elements if e.type not in _SKIPPED_IN_PROSE]
    return "\n\n".join(texts) + "\n"
