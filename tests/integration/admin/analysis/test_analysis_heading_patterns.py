"""Born-digital manuals: what a reader does not take for a heading, and where headings fit.

Each test rebuilds one pattern that made headings out of body text on real manuals.
"""

from __future__ import annotations

from aims.admin.analysis import AnalysisOptions, DocumentAnalysis, analyse_document

from .layouts import Piece, Ruby, Rule, Text, japanese_paragraph, manual, paragraph

_OPTIONS = AnalysisOptions(jobs=1)


def _analyse(pages: list[list[Piece]]) -> DocumentAnalysis:
    return analyse_document(manual(pages), "manual.pdf", _OPTIONS)


def _headings(result: DocumentAnalysis) -> list[tuple[str, int | None]]:
    return [(e.text, e.level) for e in result.elements if e.type in ("title", "heading")]


def _option_list(face: str, y: float) -> list[Piece]:
    pieces: list[Piece] = []
    for name in ("draft", "final", "verbose", "silent"):
        description = f"Sets the {name} mode for every page of the document"
        pieces += [Text(name, y, 72, 10, face), Text(description, y + 14, 120)]
        y += 40
    return pieces


def test_option_labels_over_indented_descriptions_are_list_items() -> None:
    for face in ("mono", "serif-bold"):
        page = [
            Text("1 Options", 72, 72, 16, "sans-bold"),
            *paragraph(100, 2),
            *_option_list(face, 150),
            Text("2 Usage", 330, 72, 16, "sans-bold"),
            *paragraph(360),
        ]
        result = _analyse([page])
        assert _headings(result) == [("1 Options", 1), ("2 Usage", 1)], face
        items = [e for e in result.elements if e.type == "list_item"]
        assert [item.term for item in items] == ["draft", "final", "verbose", "silent"]
        assert items[0].text == "draft Sets the draft mode for every page of the document"


def test_terms_followed_on_their_line_by_a_description_are_not_headings() -> None:
    terms = ["--verbose-output", "--quiet-output", "--color-output"]
    page: list[Piece] = [Text("1 Command line", 72, 72, 16, "sans-bold"), *paragraph(100, 2)]
    for row, term in enumerate(terms):
        page += [
            Text(term, 150 + 14 * row, 72, 10, "serif-bold"),
            Text("on or off", 150 + 14 * row, None),
        ]
    result = _analyse([[*page, Text("2 Files", 220, 72, 16, "sans-bold"), *paragraph(250)]])
    assert _headings(result) == [("1 Command line", 1), ("2 Files", 1)]
    assert [e.term for e in result.elements if e.type == "list_item"] == terms


def test_a_paragraph_that_starts_with_a_bold_phrase_is_not_a_heading() -> None:
    page = [
        Text("1 Archive", 72, 72, 16, "sans-bold"),
        *paragraph(100, 2),
        Text("Never delete the archive folder", 150, 72, 10, "serif-bold"),
        Text("of any year", 150, None),
        Text("because the auditors ask for it again and again every spring.", 164, 72),
        *paragraph(178, 2),
    ]
    assert _headings(_analyse([page])) == [("1 Archive", 1)]


def test_example_lines_set_larger_than_the_text_are_not_headings() -> None:
    page = [
        Text("1 Ruby", 72, 72, 16, "sans-bold"),
        *paragraph(100, 2),
        Text("Example: the reading sits above", 150, 72, 14),
        Text("Example: the reading sits below", 168, 72, 14),
        *paragraph(200, 3),
        Text("2 Groups", 260, 72, 16, "sans-bold"),
        *paragraph(290),
    ]
    assert _headings(_analyse([page])) == [("1 Ruby", 1), ("2 Groups", 1)]


def test_readings_above_kanji_stay_out_of_the_heading() -> None:
    page = [
        Text("1", 80, 72, 16, "gothic"),
        Ruby((("利", "り"), ("用", "よう"), ("方", "ほう"), ("法", "ほう")), 92, 80, 16),
        *japanese_paragraph(115),
        Ruby((("用", "よう"), ("語", "ご")), 92, 190, 13),
        Text("1.1", 190, 72, 13, "gothic"),
        *japanese_paragraph(222),
    ]
    headings = _headings(_analyse([page]))
    assert [text.replace(" ", "") for text, _ in headings] == ["1利用方法", "1.1用語"]
    assert [level for _, level in headings] == [1, 2]


def test_title_page_lines_are_paragraphs_and_the_title_is_the_one_title() -> None:
    title_page: list[Piece] = [
        Text("The Archive Manual", 150, 170, 24, "sans-bold"),
        Text("Hanako Yamada", 200, 240, 13),
        Text("2024-04-01", 220, 255, 13),
        Text("Version 2.1", 240, 255, 13),
        Text("1 Introduction", 300, 72, 16, "sans-bold"),
        *paragraph(330),
    ]
    second = [Text("2 Storage", 72, 72, 16, "sans-bold"), *paragraph(100)]
    result = _analyse([title_page, second])
    assert _headings(result) == [
        ("The Archive Manual", 0),
        ("1 Introduction", 1),
        ("2 Storage", 1),
    ]
    assert [e.type for e in result.elements if e.text == "2024-04-01"] == ["paragraph"]
    assert result.source.title == "The Archive Manual"


def test_unnumbered_headings_fit_under_the_numbered_structure() -> None:
    page = [
        Text("1 Installation", 72, 72, 16, "sans-bold"),
        *paragraph(100, 2),
        Text("1.1 Requirements", 140, 72, 13, "sans-bold"),
        *paragraph(165, 2),
        Text("Notes", 205, 72, 13, "sans-bold"),
        *paragraph(230, 2),
        Text("Caveats", 270, 72, 11, "sans-bold"),
        *paragraph(292, 2),
        Text("2 Operation", 335, 72, 16, "sans-bold"),
        *paragraph(363, 2),
    ]
    levels = dict(_headings(_analyse([page])))
    assert levels == {
        "1 Installation": 1,
        "1.1 Requirements": 2,
        "Notes": 2,
        "Caveats": 3,
        "2 Operation": 1,
    }


def test_a_change_log_numbered_like_sections_is_not_part_of_the_outline() -> None:
    page: list[Piece] = [Text("1 Usage", 72, 72, 16, "sans-bold"), *paragraph(100, 2)]
    page += [Text("2 Changes", 150, 72, 16, "sans-bold"), *paragraph(178, 1)]
    for row, version in enumerate(("3.0 (2021/10/31)", "2.8 (2020/12/07)", "2.7 (2017/07/07)")):
        page += [Text(version, 200 + 30 * row, 72, 10, "serif-bold"), *paragraph(214 + 30 * row, 1)]
    assert _headings(_analyse([page])) == [("1 Usage", 1), ("2 Changes", 1)]


def test_table_rows_are_never_headings() -> None:
    header = ["Option", "Default", "Meaning"]
    rows = [["draft", "false", "no pictures"], ["final", "true", "all pictures"]]
    page: list[Piece] = [Text("1 Settings", 72, 72, 16, "sans-bold"), *paragraph(100, 2)]
    page += [Rule(72, 145, 400, 145), Rule(72, 165, 400, 165), Rule(72, 210, 400, 210)]
    page += [Text(cell, 150, 80 + 110 * col, 12, "sans-bold") for col, cell in enumerate(header)]
    for row, cells in enumerate(rows):
        page += [Text(cell, 172 + 16 * row, 80 + 110 * col) for col, cell in enumerate(cells)]
    result = _analyse([[*page, *paragraph(230)]])
    assert _headings(result) == [("1 Settings", 1)]
    assert [e.type for e in result.elements].count("table") == 1


def _labelled_sections(below: float, above: float) -> list[Piece]:
    """Option names hanging in the margin, each `below` points over its two lines of text and
    `above` points under the text before it."""
    page: list[Piece] = [Text("1 Options", 72, 120, 16, "sans-bold"), *paragraph(100, 2, x=120)]
    y = 114 + 10 + above
    for name in ("scale=ratio", "unit=length", "kumi=aki"):
        page += [Text(name, y, 60, 10, "mono"), *paragraph(y + 10 + below, 2, x=120)]
        y += 10 + below + 24 + above
    return [*page, Text("2 Usage", y + 10, 120, 16, "sans-bold"), *paragraph(y + 40, 2, x=120)]


def test_names_hanging_in_the_margin_that_head_their_own_text_are_minor_headings() -> None:
    result = _analyse([_labelled_sections(below=14, above=14)])
    assert _headings(result) == [
        ("1 Options", 1),
        ("scale=ratio", 2),
        ("unit=length", 2),
        ("kumi=aki", 2),
        ("2 Usage", 1),
    ]


def test_syntax_lines_displayed_just_above_their_explanation_are_not_headings() -> None:
    result = _analyse([_labelled_sections(below=9, above=22)])
    assert _headings(result) == [("1 Options", 1), ("2 Usage", 1)]
