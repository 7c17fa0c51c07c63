"""Scans of a short manual: running heads, program output, figure labels and tables."""

from __future__ import annotations

import pytest

from aims.admin.analysis import AnalysisOptions, DocumentAnalysis, analyse_document

from .conftest import image_only_pdf, rasterise
from .layouts import Piece, Rule, Text, manual, paragraph
from .test_analysis_tables_contents import _cell_text, _grid, _tables

pytestmark = pytest.mark.slow


def _running(page: int, section: str) -> list[Piece]:
    return [
        Text(f"CHAPTER {section}", 40, 72, 8, "sans-bold"),
        Rule(72, 52, 520, 52),
        Text(str(page), 800, 290, 9),
    ]


def _scanned_manual() -> DocumentAnalysis:
    first = [
        *_running(1, "1: SETUP"),
        Text("1 Setup", 80, 72, 16, "sans-bold"),
        *paragraph(110, 3),
        Text("$ archive --list", 170, 90, 10, "mono"),
        Text("2024 done", 184, 90, 10, "mono"),
        Text("2023 done", 198, 90, 10, "mono"),
        *paragraph(225, 3),
        Text("1.1 Install", 290, 72, 13, "sans-bold"),
        *paragraph(318, 4),
    ]
    second = [
        *_running(2, "2: USE"),
        Text("2 Use", 80, 72, 16, "sans-bold"),
        *paragraph(110, 3),
        Rule(100, 170, 220, 170),
        Rule(100, 230, 220, 230),
        Rule(100, 170, 100, 230),
        Rule(220, 170, 220, 230),
        Text("INPUT", 190, 130, 14, "serif"),
        Rule(300, 170, 420, 170),
        Rule(300, 230, 420, 230),
        Rule(300, 170, 300, 230),
        Rule(420, 170, 420, 230),
        Text("OUTPUT", 190, 322, 14, "serif"),
        *paragraph(260, 3),
        Text("2.1 Tables", 320, 72, 13, "sans-bold"),
        *paragraph(348, 2),
        *_grid(390, ruled=True),
        *paragraph(480, 2),
        *_grid(520, ruled=False),
        *paragraph(600, 2),
    ]
    scan = image_only_pdf(rasterise(manual([first, second])))
    return analyse_document(scan, "scan.pdf", AnalysisOptions(jobs=2))


@pytest.fixture(scope="module")
def scanned() -> DocumentAnalysis:
    return _scanned_manual()


def test_only_the_sections_of_a_short_scan_are_headings(scanned: DocumentAnalysis) -> None:
    headings = [(e.text, e.level) for e in scanned.elements if e.type in ("title", "heading")]
    assert headings == [("1 Setup", 1), ("1.1 Install", 2), ("2 Use", 1), ("2.1 Tables", 2)]
    kinds = {e.text: e.type for e in scanned.elements}
    assert kinds["CHAPTER 2: USE"] == "page_header"
    assert kinds["INPUT"] == "paragraph"


def test_scanned_tables_have_their_rows_and_columns(scanned: DocumentAnalysis) -> None:
    tables = _tables(scanned)
    assert [(t.rows, t.columns) for t in tables] == [(4, 4), (4, 4)]
    for table in tables:
        assert _cell_text(table)[(3, 2)] == "Avant Garde"
