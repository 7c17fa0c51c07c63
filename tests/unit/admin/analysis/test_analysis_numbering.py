"""Numbering families: which family a heading number belongs to and how deep it sits."""

from __future__ import annotations

import pytest

from aims.admin.analysis.numbering import parse_numbering, undo_digit_misreads


@pytest.mark.parametrize(
    ("text", "family", "label", "title"),
    [
        ("第1章 総則", "counter:章", "第1章", "総則"),
        ("第 3 節 適用範囲", "counter:節", "第 3 節", "適用範囲"),
        ("第二編 債権", "counter:編", "第二編", "債権"),
        ("第12条 定義", "counter:条", "第12条", "定義"),
        ("第 I 部 概要", "counter:部", "第 I 部", "概要"),
        ("1 Introduction", "decimal:1", "1", "Introduction"),
        ("3.2 Defining Colours", "decimal:2", "3.2", "Defining Colours"),
        ("4.3.1 Scaling", "decimal:3", "4.3.1", "Scaling"),
        ("(1) 目的", "paren_digit", "(1)", "目的"),
        ("（２）範囲", "paren_digit", "(2)", "範囲"),
        ("ア. 申請", "katakana", "ア.", "申請"),
        ("(イ) 届出", "paren_katakana", "(イ)", "届出"),
        ("① 手順", "circled", "①", "手順"),
        ("【注意】", "bracket", "【注意】", ""),
        ("■ 準備", "symbol:■", "■", "準備"),
        ("Appendix A Tables", "decimal:1", "Appendix A", "Tables"),
    ],
)
def test_recognises_the_family_label_and_title(
    text: str, family: str, label: str, title: str
) -> None:
    numbering = parse_numbering(text)
    assert numbering is not None
    assert (numbering.family, numbering.label, numbering.title) == (family, label, title)


@pytest.mark.parametrize(
    ("misread", "meant"),
    [("第1草 総則", "counter:章"), ("弟2章 雑則", "counter:章"), ("第3筋 手続", "counter:節")],
)
def test_tolerates_ocr_misreadings_of_counters(misread: str, meant: str) -> None:
    numbering = parse_numbering(misread)
    assert numbering is not None
    assert numbering.family == meant
    assert numbering.label[-1] == meant[-1]


@pytest.mark.parametrize(
    "text", ["2021-03-05 released", "D. P. Carlisle", "本文です。", "ド ) を実行する", "12,000 yen"]
)
def test_ordinary_text_has_no_numbering(text: str) -> None:
    assert parse_numbering(text) is None


def test_japanese_counters_rank_from_part_down_to_article() -> None:
    texts = ["第1編 総則", "第1章 通則", "第1節 目的", "第1款 定義", "第1条 趣旨"]
    ranks = [parse_numbering(text).rank for text in texts]  # type: ignore[union-attr]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == len(ranks)


def test_deeper_decimal_numbers_rank_lower() -> None:
    ranks = [parse_numbering(text).rank for text in ("2 A", "2.1 B", "2.1.3 C")]  # type: ignore[union-attr]
    assert ranks[0] < ranks[1] < ranks[2]


def test_bare_dai_sits_above_decimal_and_parenthesised_numbers() -> None:
    dai, decimal, paren, kana = (
        parse_numbering(text).rank  # type: ignore[union-attr]
        for text in ("第1 総則", "1 目的", "(1) 範囲", "ア. 対象")
    )
    assert dai < decimal < paren < kana


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("S.3 Font size", "5.3 Font size"),
        ("2.O Setup", "2.0 Setup"),
        ("5.3 Font size", "5.3 Font size"),
        ("B.2 Tables", "B.2 Tables"),  # an appendix's letter, not a misread digit
        ("S.O.S. signals", "S.O.S. signals"),  # no true digit: words, not a number
        ("So 3 items", "So 3 items"),
    ],
)
def test_ocr_letters_read_for_digits_of_a_section_number_are_undone(read: str, meant: str) -> None:
    assert undo_digit_misreads(read) == meant
