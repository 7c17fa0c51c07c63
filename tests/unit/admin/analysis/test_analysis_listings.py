"""The front matter's listings: the heading of a second listing (List of Tables) is a heading."""

from __future__ import annotations

from collections.abc import Callable

from aims.admin.analysis.document import assemble
from aims.admin.analysis.model import PageResult, SourceInfo, TextLine

from .conftest import make_line

_SOURCE = SourceInfo(filename="m.pdf", sha256="0" * 64, media_type="application/pdf", page_count=3)
_BODY = "This paragraph explains the rules that apply to every document in general terms."


def _rows(y: float, titles: list[str]) -> list[TextLine]:
    return [make_line(f"{t} {'.' * 20} 2", 72, y + 16 * i) for i, t in enumerate(titles)]


def _section(title: str, y: float, size: float = 14) -> list[TextLine]:
    return [
        make_line(title, 72, y, size, 700),
        *[make_line(_BODY, 72, y + 30 + 14 * i) for i in range(3)],
    ]


def test_the_heading_of_a_listing_after_the_contents_is_a_heading(
    page: Callable[..., PageResult],
) -> None:
    front = [
        make_line("Contents", 72, 60, 14, 700),
        *_rows(100, ["1 Introduction", "2 Usage", "2.1 Options", "3 Notes"]),
        make_line("List of Tables", 72, 200, 14, 700),
        *_rows(240, ["1 Options at a glance", "2 Fonts by family", "3 Sizes"]),
    ]
    body = [*_section("1 Introduction", 80), *_section("2 Usage", 200)]
    last = [*_section("2.1 Options", 80, 12), *_section("3 Notes", 200)]
    result = assemble(_SOURCE, [page(1, front), page(2, body), page(3, last)])
    headings = [e.text for e in result.elements if e.type == "heading"]
    assert headings == ["List of Tables", "1 Introduction", "2 Usage", "2.1 Options", "3 Notes"]
