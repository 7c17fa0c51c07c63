"""Running headers, footers and page numbers are recognised by repetition and position."""

from __future__ import annotations

from collections.abc import Callable

from aims.admin.analysis.blocks import page_blocks
from aims.admin.analysis.model import PageResult
from aims.admin.analysis.running import running_roles

from .conftest import make_line


def _pages(page: Callable[..., PageResult], count: int) -> list[PageResult]:
    return [
        page(
            n,
            [
                make_line("Annual Report 2024", 50, 20, 8),
                make_line(f"Body text of page {n} says something different.", 50, 300),
                make_line(f"- {n} -", 290, 810, 8),
            ],
        )
        for n in range(1, count + 1)
    ]


def test_repeated_top_line_is_a_running_header_and_numbers_are_page_numbers(
    page: Callable[..., PageResult],
) -> None:
    pages = _pages(page, 4)
    blocks = [page_blocks(p) for p in pages]
    roles = running_roles(blocks, [p.height for p in pages])
    texts = {blocks[p][i].text: role for (p, i), role in roles.items()}
    assert texts["Annual Report 2024"] == "page_header"
    assert texts["- 3 -"] == "page_number"
    assert not any(text.startswith("Body text") for text in texts)


def test_a_single_page_has_no_running_header(page: Callable[..., PageResult]) -> None:
    pages = _pages(page, 1)
    blocks = [page_blocks(p) for p in pages]
    roles = running_roles(blocks, [p.height for p in pages])
    assert "page_header" not in roles.values()


def test_running_heads_that_change_with_the_section_are_found_by_their_place(
    page: Callable[..., PageResult],
) -> None:
    sections = ["OPTIONS", "OPTIONS : Tracking", "FONTS", "FONTS : Sets"]
    pages = [
        page(
            n,
            [
                make_line(section, 145, 83, 8),
                make_line("3.4 Tracking of letters in words", 117, 118, 12, 700),
                make_line(f"Body text of page {n} says something different.", 145, 140),
            ],
        )
        for n, section in enumerate(sections, start=1)
    ]
    blocks = [page_blocks(p) for p in pages]
    roles = running_roles(blocks, [p.height for p in pages])
    texts = {blocks[p][i].text: role for (p, i), role in roles.items()}
    assert texts == dict.fromkeys(sections, "page_header")
