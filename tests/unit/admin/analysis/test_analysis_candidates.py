"""Which blocks may be headings at all: shape, emphasis, OCR confidence, captions, bullets."""

from __future__ import annotations

import msgspec
import pytest

from aims.admin.analysis.blocks import Block
from aims.admin.analysis.classify import is_heading_candidate
from aims.admin.analysis.style import BodyStyle

from .conftest import make_line

_BODY = BodyStyle(size=10.0, weight=400.0)


def _block(
    text: str,
    size: float = 14.0,
    weight: float = 700.0,
    confidence: float | None = None,
    source: str = "text_layer",
) -> Block:
    line = msgspec.structs.replace(make_line(text, 50, 100, size, weight), confidence=confidence)
    return Block(page=1, lines=(line,), vertical=False, source=source)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["第3章 雑則", "Overview", "総則", "2.1 pLaTeX の場合"])
def test_short_emphasised_lines_are_candidates(text: str) -> None:
    assert is_heading_candidate(_block(text), _BODY)


@pytest.mark.parametrize(
    "text",
    [
        "以下に完全な例を示す。*3",  # a sentence with a note mark
        "Table 1: Packages for common fonts",
        "図2 処理の流れ",
        "• 箇条書きの項目",
        "OO",
    ],
)
def test_sentences_captions_bullets_and_fragments_are_not(text: str) -> None:
    assert not is_heading_candidate(_block(text), _BODY)


def test_body_sized_regular_text_is_not_a_candidate() -> None:
    assert not is_heading_candidate(_block("An ordinary line", size=10.0, weight=400.0), _BODY)


def test_garbled_ocr_lines_are_not_candidates() -> None:
    assert not is_heading_candidate(_block("18 7PAOR Phe SP", confidence=0.2, source="ocr"), _BODY)
    assert is_heading_candidate(_block("3 Colour", confidence=0.93, source="ocr"), _BODY)


def test_a_scanned_unnumbered_line_needs_to_be_larger_not_only_darker() -> None:
    darker_only = _block("Remarks", size=10.0, weight=700.0, confidence=0.9, source="ocr")
    assert not is_heading_candidate(darker_only, _BODY)
