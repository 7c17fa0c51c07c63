"""Builders of page results and blocks for the pure rules of the analysis engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from aims.admin.analysis.model import PageResult, TextLine

LineSpec = tuple[str, float, float, float]  # text, x, y, size


def make_line(text: str, x: float, y: float, size: float = 10.0, weight: float = 400.0) -> TextLine:
    """A text-layer line whose box follows from its length and size."""
    width = len(text) * size * 0.55
    return TextLine(text=text, bbox=(x, y, x + width, y + size), size=size, weight=weight)


@pytest.fixture
def page() -> Callable[..., PageResult]:
    """Make an A4 text-layer page from lines."""

    def build(number: int, lines: list[TextLine], **extra: object) -> PageResult:
        return PageResult(
            number=number,
            width=595.0,
            height=842.0,
            text_source="text_layer",
            lines=tuple(lines),
            **extra,  # type: ignore[arg-type]
        )

    return build
