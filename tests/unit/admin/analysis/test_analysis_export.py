"""Markdown and plain-text renderings of a result."""

from __future__ import annotations

import msgspec

from aims.admin.analysis.export import to_json, to_markdown, to_text
from aims.admin.analysis.model import DocumentAnalysis, Element, PageInfo, SourceInfo


def _result() -> DocumentAnalysis:
    def element(kind: str, text: str, level: int | None = None) -> Element:
        return Element(
            id="ID-1",
            type=kind,
            page=1,
            bbox=(0, 0, 1, 1),
            text=text,  # type: ignore[arg-type]
            reading_order=0,
            level=level,
        )

    return DocumentAnalysis(
        source=SourceInfo(
            filename="a.pdf", sha256="0" * 64, media_type="application/pdf", page_count=1
        ),
        pages=(
            PageInfo(
                number=1,
                width=595,
                height=842,
                text_source="text_layer",
                writing_mode="horizontal",
                rotation=0,
                languages=(),
                ocr_confidence=None,
            ),
        ),
        elements=(
            element("page_header", "Company Manual"),
            element("title", "利用規約", 0),
            element("heading", "第1章 総則", 1),
            element("heading", "第1節 目的", 2),
            element("paragraph", "この規約は…"),
            element("page_number", "1"),
        ),
        sections=(),
    )


def test_markdown_uses_real_heading_levels() -> None:
    lines = to_markdown(_result()).splitlines()
    assert "# 利用規約" in lines
    assert "## 第1章 総則" in lines
    assert "### 第1節 目的" in lines


def test_text_leaves_out_running_headers_and_page_numbers() -> None:
    text = to_text(_result())
    assert "Company Manual" not in text
    assert text.splitlines()[0] == "利用規約"
    assert "\n1\n" not in text


def test_json_keeps_japanese_characters_and_the_schema_version() -> None:
    encoded = to_json(_result()).decode()
    assert '"schema_version": "1"' in encoded
    assert "第1章 総則" in encoded
    assert b"\n" not in to_json(_result(), compact=True)


def test_markdown_does_not_turn_body_text_into_markup() -> None:
    result = _result()
    paragraph = msgspec.structs.replace(result.elements[4], text="# is a comment sign in shells")
    item = msgspec.structs.replace(result.elements[4], type="list_item", text="• 箇条書き")
    markdown = to_markdown(msgspec.structs.replace(result, elements=(paragraph, item)))
    assert markdown.splitlines()[0] == "\\# is a comment sign in shells"
    assert "- 箇条書き" in markdown.splitlines()
