"""Japanese text rules: OCR spaces between Japanese characters, soft line breaks, hyphens."""

from __future__ import annotations

from aims.admin.analysis.cjk import clean_line, join_lines, remove_cjk_spaces


def test_spaces_between_japanese_characters_are_removed() -> None:
    assert remove_cjk_spaces("第 1 章 総 則 の 説 明") == "第 1 章総則の説明"


def test_spaces_between_japanese_and_latin_words_are_kept() -> None:
    assert remove_cjk_spaces("pTeX で 利用 可能 な 文字") == "pTeX で利用可能な文字"


def test_spaces_between_latin_words_are_kept() -> None:
    assert remove_cjk_spaces("Using  common fonts") == "Using common fonts"


def test_japanese_lines_join_without_a_space() -> None:
    assert join_lines(["日本語の文章を", "折り返した。"]) == "日本語の文章を折り返した。"


def test_latin_lines_join_with_a_space() -> None:
    assert join_lines(["This document serves", "as a manual."]) == (
        "This document serves as a manual."
    )


def test_hyphenated_latin_words_are_rejoined() -> None:
    assert join_lines(["the con-", "figuration files"]) == "the configuration files"


def test_soft_hyphen_marks_from_the_text_layer_are_rejoined() -> None:
    assert join_lines([clean_line("con\ufffe"), "figuration"]) == "configuration"


def test_real_hyphen_before_a_capital_is_kept() -> None:
    assert join_lines(["UTF-", "8 input"]) == "UTF- 8 input"
