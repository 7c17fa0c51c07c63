"""Ruby: small readings right above their kanji are told from lines of text."""

from __future__ import annotations

from aims.admin.analysis.ruby import ruby_indices


def test_a_reading_above_its_kanji_is_ruby() -> None:
    boxes = [(100.0, 44.0, 112.0, 50.0), (97.0, 51.0, 155.0, 65.0), (72.0, 80.0, 520.0, 91.0)]
    assert ruby_indices(boxes, [7.2, 14.4, 10.0]) == {0}


def test_small_text_away_from_larger_text_is_not_ruby() -> None:
    footnote = (72.0, 700.0, 300.0, 708.0)
    heading = (72.0, 600.0, 200.0, 616.0)
    assert ruby_indices([footnote, heading], [8.0, 16.0]) == set()


def test_a_superscript_inside_its_line_is_not_ruby() -> None:
    line = (72.0, 100.0, 400.0, 110.0)
    mark = (401.0, 99.0, 405.0, 105.0)
    assert ruby_indices([line, mark], [10.0, 6.0]) == set()
