"""Section numbers that fit the document's numbering, and ones that do not."""

from __future__ import annotations

from aims.admin.analysis.numbering import parse_numbering
from aims.admin.analysis.sequence import fitting


def _fits(*texts: str) -> list[bool]:
    return fitting([parse_numbering(text) for text in texts])


def test_sections_that_follow_each_other_fit() -> None:
    assert (
        _fits("1 Intro", "1.1 Scope", "1.1.1 Terms", "1.2 Use", "2 Setup", "2.1 Files")
        == [True] * 6
    )


def test_a_change_log_after_the_last_chapter_does_not_fit() -> None:
    texts = ("1 Intro", "2 Use", "2.1 Keys", "3 Changes", "2.8 (2020/12/07)", "2.7 (2017/07/07)")
    assert _fits(*texts) == [True, True, True, True, False, False]


def test_parts_restart_chapters_and_appendices_follow_them() -> None:
    texts = (
        "Part I Basics",
        "1 Intro",
        "2 Use",
        "Part II More",
        "1 Extras",
        "Appendix A Tables",
        "A.1 Fonts",
    )
    assert _fits(*texts) == [True] * 7


def test_unnumbered_and_marked_headings_are_left_to_other_rules() -> None:
    assert _fits("Contents", "1 Intro", "■ Note", "2 Use") == [True] * 4
