"""Generated manuals for the analysis tests: pages of text in chosen faces, rules and ruby.

Each page is a list of pieces placed with fpdf2: `Text` (a run of text in one face at a given
position, or right after the previous run on its line), `Rule` (a drawn line) and `Ruby`
(small readings above a run of kanji). Faces are fpdf2's core fonts (Times, Helvetica,
Courier, with bold) and the IPAex Japanese fonts.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from .conftest import GOTHIC, MINCHO

ENGLISH = "This paragraph explains the rules that apply to every document in general terms."
JAPANESE = "この規程は、文書の管理について必要な事項を定めるものとし、すべての部署に適用する。"
_FACES = {
    "serif": ("times", ""),
    "serif-bold": ("times", "B"),
    "sans-bold": ("helvetica", "B"),
    "mono": ("courier", ""),
    "mincho": ("mincho", ""),
    "gothic": ("gothic", ""),
}


@dataclass(frozen=True)
class Text:
    """A run of text; `x=None` continues the previous run on the same line after a space."""

    text: str
    y: float
    x: float | None = 72.0
    size: float = 10.0
    face: str = "serif"


@dataclass(frozen=True)
class Rule:
    """A straight line from (x0, y0) to (x1, y1), 0.5 pt wide."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Ruby:
    """Kanji each with its reading set at half size right above it, drawn one after the other."""

    pairs: tuple[tuple[str, str], ...]
    x: float
    y: float
    size: float = 14.0


Piece = Text | Rule | Ruby


def manual(pages: list[list[Piece]]) -> bytes:
    """A born-digital A4 PDF of the given pages."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("gothic", fname=GOTHIC)
    pdf.add_font("mincho", fname=MINCHO)
    pdf.set_line_width(0.5)
    for pieces in pages:
        pdf.add_page()
        right = 72.0
        for piece in pieces:
            right = _draw(pdf, piece, right)
    return bytes(pdf.output())


def _draw(pdf: FPDF, piece: Piece, right: float) -> float:
    if isinstance(piece, Rule):
        pdf.line(piece.x0, piece.y0, piece.x1, piece.y1)
        return right
    if isinstance(piece, Ruby):
        x = piece.x
        for base, reading in piece.pairs:
            pdf.set_font("gothic", size=piece.size / 2)
            over = (pdf.get_string_width(base) * 2 - pdf.get_string_width(reading)) / 2
            pdf.text(x + over, piece.y - 1, reading)
            pdf.set_font("gothic", size=piece.size)
            pdf.text(x, piece.y + piece.size, base)
            x += pdf.get_string_width(base)
        return x
    family, style = _FACES[piece.face]
    pdf.set_font(family, style=style, size=piece.size)
    x = right + pdf.get_string_width(" ") if piece.x is None else piece.x
    pdf.text(x, piece.y + piece.size, piece.text)
    return x + pdf.get_string_width(piece.text)


def paragraph(y: float, lines: int = 3, text: str = ENGLISH, x: float = 72.0) -> list[Piece]:
    """Lines of running text starting at y, 14 pt apart."""
    return [Text(text, y + 14 * row, x) for row in range(lines)]


def japanese_paragraph(y: float, lines: int = 3, x: float = 72.0) -> list[Piece]:
    """Lines of Japanese running text in Mincho starting at y."""
    return [Text(JAPANESE, y + 15 * row, x, 10, "mincho") for row in range(lines)]
