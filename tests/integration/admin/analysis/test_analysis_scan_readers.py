"""Scans read as a reader reads them: a line displayed inside a sentence is no heading."""

from __future__ import annotations

import pytest

from aims.admin.analysis import AnalysisOptions, DocumentAnalysis, analyse_document

from .conftest import image_only_pdf, rasterise
from .layouts import Piece, Text, manual, paragraph

pytestmark = pytest.mark.slow

_LEAD_IN = "The command is written with its reading after it. For example"


def _scanned_manual() -> DocumentAnalysis:
    page: list[Piece] = [
        Text("1 Setup", 80, 72, 16, "sans-bold"),
        *paragraph(110, 2),
        Text(_LEAD_IN, 138),
        Text("Ruby kanji with reading", 164, 72, 14),
        Text("gives the word with its reading set above it, as the next page shows.", 196),
        *paragraph(210, 2),
        Text("2 Usage", 270, 72, 16, "sans-bold"),
        *paragraph(300, 3),
    ]
    scan = image_only_pdf(rasterise(manual([page])))
    return analyse_document(scan, "scan.pdf", AnalysisOptions(jobs=1))


@pytest.fixture(scope="module")
def scanned() -> DocumentAnalysis:
    return _scanned_manual()


def test_an_example_displayed_inside_a_sentence_is_not_a_heading(
    scanned: DocumentAnalysis,
) -> None:
    headings = [e.text for e in scanned.elements if e.type in ("title", "heading")]
    assert headings == ["1 Setup", "2 Usage"]
    example = next(e for e in scanned.elements if "kanji with" in e.text)
    assert example.type == "paragraph"
