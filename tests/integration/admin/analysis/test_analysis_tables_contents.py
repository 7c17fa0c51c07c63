"""Tables become table elements with their cells; contents pages read as a clean list."""

from __future__ import annotations

from aims.admin.analysis import (
    AnalysisOptions,
    DocumentAnalysis,
    analyse_document,
    to_markdown,
    to_text,
)
from aims.admin.analysis.model import Element

from .layouts import Piece, Rule, Text, manual, paragraph

_HEADER = ("Package", "Roman", "Sans", "Mono")
_ROWS = (
    ("times", "Times", "Helvetica", "Courier"),
    ("palatino", "Palatino", "Helvetica", "Courier"),
    ("bookman", "Bookman", "Avant Garde", "Courier"),
)


def _grid(top: float, ruled: bool) -> list[Piece]:
    left, width, height = 80.0, 100.0, 18.0
    pieces: list[Piece] = []
    for row, cells in enumerate((_HEADER, *_ROWS)):
        y = top + 4 + height * row
        face = "serif-bold" if row == 0 else "serif"
        pieces += [
            Text(cell, y, left + 6 + width * col, 10, face) for col, cell in enumerate(cells)
        ]
    if ruled:
        bottom = top + height * (len(_ROWS) + 1)
        pieces += [
            Rule(left, top + height * row, left + 4 * width, top + height * row)
            for row in range(len(_ROWS) + 2)
        ]
        pieces += [Rule(left + width * col, top, left + width * col, bottom) for col in range(5)]
    return pieces


def _tables(result: DocumentAnalysis) -> list[Element]:
    return [e for e in result.elements if e.type == "table"]


def _cell_text(table: Element) -> dict[tuple[int, int], str]:
    assert isinstance(table.cells, tuple)
    return {(cell.row, cell.column): cell.text for cell in table.cells}


def test_ruled_and_unruled_tables_have_their_rows_and_columns() -> None:
    page = [
        Text("1 Fonts", 72, 72, 16, "sans-bold"),
        *paragraph(100, 2),
        *_grid(140, ruled=True),
        *paragraph(240, 2),
        *_grid(290, ruled=False),
        *paragraph(380, 2),
    ]
    result = analyse_document(manual([page]), "tables.pdf", AnalysisOptions(jobs=1))
    ruled, unruled = _tables(result)
    for table in (ruled, unruled):
        assert (table.rows, table.columns) == (4, 4)
        cells = _cell_text(table)
        assert cells[(0, 0)] == "Package"
        assert cells[(3, 2)] == "Avant Garde"
    assert not any(e.type == "heading" and "Package" in e.text for e in result.elements)


def test_tables_render_as_markdown_tables() -> None:
    page = [Text("1 Fonts", 72, 72, 16, "sans-bold"), *paragraph(100, 2), *_grid(140, ruled=True)]
    markdown = to_markdown(analyse_document(manual([page]), "t.pdf", AnalysisOptions(jobs=1)))
    assert "| Package | Roman | Sans | Mono |" in markdown
    assert "| --- | --- | --- | --- |" in markdown
    assert "| bookman | Bookman | Avant Garde | Courier |" in markdown


def _contents_page() -> list[Piece]:
    entries = [("1 Introduction", "2", "sans-bold"), ("1.1 Scope", "2", "serif")]
    entries += [("2 Storage", "3", "sans-bold"), ("2.1 Retention", "3", "serif")]
    page: list[Piece] = [Text("Contents", 72, 72, 16, "sans-bold")]
    for row, (entry, number, face) in enumerate(entries):
        y = 110 + 18 * row
        indent = 72 if face == "sans-bold" else 90
        leaders = "" if face == "sans-bold" else " . . . . . . . . . . . . . . . ."
        page += [Text(entry + leaders, y, indent, 10, face), Text(number, y, 480, 10, face)]
    return page


def _chapters() -> list[list[Piece]]:
    first = [
        Text("1 Introduction", 72, 72, 16, "sans-bold"),
        *paragraph(100),
        Text("1.1 Scope", 160, 72, 13, "sans-bold"),
        *paragraph(185),
    ]
    second = [
        Text("2 Storage", 72, 72, 16, "sans-bold"),
        *paragraph(100),
        Text("2.1 Retention", 160, 72, 13, "sans-bold"),
        *paragraph(185),
    ]
    return [first, second]


def test_a_contents_page_reads_as_a_linked_list_of_entries_and_pages() -> None:
    data = manual([_contents_page(), *_chapters()])
    result = analyse_document(data, "c.pdf", AnalysisOptions(jobs=1))
    entries = [e for e in result.elements if e.page == 1 and e.type == "list_item"]
    assert [(e.text, e.page_label) for e in entries] == [
        ("1 Introduction", "2"),
        ("1.1 Scope", "2"),
        ("2 Storage", "3"),
        ("2.1 Retention", "3"),
    ]
    headings = {e.id: e.text for e in result.elements if e.type == "heading"}
    assert [headings.get(e.target or "") for e in entries] == [e.text for e in entries]
    markdown = to_markdown(result)
    assert "- [1 Introduction](#1-introduction) — 2\n- [1.1 Scope](#11-scope) — 2" in markdown
    assert ". . ." not in markdown
    assert "\n\n2\n\n" not in markdown
    assert "1 Introduction\t2\n1.1 Scope\t2\n2 Storage\t3" in to_text(result)


def test_the_letters_of_an_index_head_their_groups() -> None:
    index: list[Piece] = [Text("3 Index", 72, 72, 16, "sans-bold")]
    groups = {"A": ("archive", "audit", "author"), "B": ("backup", "binder", "budget")}
    y = 110.0
    for letter, words in groups.items():
        for row, word in enumerate(words):
            if row == 0:
                index.append(Text(letter, y, 80, 10, "sans-bold"))
            index += [
                Text(word + " . . . . . . . . . . . . . .", y, 100),
                Text(str(row + 2), y, 300),
            ]
            y += 14
        y += 10
    pages = [
        [Text("1 Filing", 72, 72, 16, "sans-bold"), *paragraph(100)],
        [Text("2 Keeping", 72, 72, 16, "sans-bold"), *paragraph(100)],
        index,
    ]
    result = analyse_document(manual(pages), "i.pdf", AnalysisOptions(jobs=1))
    headings = [(e.text, e.level) for e in result.elements if e.type == "heading"]
    assert headings[-3:] == [("3 Index", 1), ("A", 2), ("B", 2)]
    entries = [e.text for e in result.elements if e.page == 3 and e.type == "list_item"]
    assert entries[:2] == ["archive", "audit"]


def test_headings_the_contents_does_not_list_are_not_sections() -> None:
    first, second = _chapters()
    first += [Text("1.1.1 Details", 240, 72, 11, "sans-bold"), *paragraph(262)]
    second += [Text("References", 260, 72, 16, "sans-bold"), *paragraph(290)]
    result = analyse_document(
        manual([_contents_page(), first, second]), "c.pdf", AnalysisOptions(jobs=1)
    )
    headings = [(e.text, e.level) for e in result.elements if e.type == "heading"]
    assert headings == [
        ("1 Introduction", 1),
        ("1.1 Scope", 2),
        ("2 Storage", 1),
        ("2.1 Retention", 2),
    ]
    assert {"Contents", "1.1.1 Details", "References"} <= {e.text for e in result.elements}
