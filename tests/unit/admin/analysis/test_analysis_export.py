"""Markdown and plain-text renderings of a result."""

from __future__ import annotations

import msgspec

from aims.admin.analysis.export import to_json, to_markdown, to_text
from aims.admin.analysis.model import (
    DocumentAnalysis,
    Element,
    PageInfo,
    PageResult,
    SourceInfo,
    TableCell,
    TextLine,
)


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


def test_tables_render_as_markdown_tables_with_escaped_cells() -> None:
    table = Element(
        id="ID-2",
        type="table",
        page=1,
        bbox=(0, 0, 1, 1),
        text="a\tb|c",
        reading_order=1,
        rows=2,
        columns=2,
        cells=(
            TableCell(row=0, column=0, text="key"),
            TableCell(row=0, column=1, text="value"),
            TableCell(row=1, column=0, text="a"),
            TableCell(row=1, column=1, text="b|c"),
        ),
    )
    markdown = to_markdown(msgspec.structs.replace(_result(), elements=(table,)))
    assert markdown.splitlines() == ["| key | value |", "| --- | --- |", "| a | b\\|c |"]


def test_contents_entries_become_one_list_linked_to_their_headings() -> None:
    def entry(text: str, page: str, target: str | None) -> Element:
        return Element(
            id="ID-9",
            type="list_item",
            page=1,
            bbox=(0, 0, 1, 1),
            text=text,
            reading_order=0,
            page_label=page,
            target=target,
        )

    heading = Element(
        id="ID-3",
        type="heading",
        page=2,
        bbox=(0, 0, 1, 1),
        text="第1章 総則",
        reading_order=2,
        level=1,
    )
    elements = (entry("第1章 総則", "2", "ID-3"), entry("索引", "9", None), heading)
    result = msgspec.structs.replace(_result(), elements=elements)
    assert to_markdown(result).startswith(
        "- [第1章 総則](#第1章-総則) — 2\n- 索引 — 9\n\n# 第1章 総則"
    )
    assert to_text(result).startswith("第1章 総則\t2\n索引\t9\n\n第1章 総則")


def test_page_results_with_every_detail_survive_a_json_round_trip() -> None:
    line = TextLine(
        text="verbose on",
        bbox=(1, 2, 3, 4),
        size=10,
        weight=400,
        font="Courier",
        label="verbose",
        pieces=(("verbose", 1, 2), ("on", 2.5, 3)),
    )
    page = PageResult(
        number=1,
        width=595,
        height=842,
        text_source="text_layer",
        lines=(line,),
        rulings=((0, 0, 9, 0),),
    )
    assert msgspec.json.decode(msgspec.json.encode(page), type=PageResult) == page
