"""One element corrected: text, type, level, place in the reading order; the tree follows."""

from typing import Any

import pytest

from aims.admin.domain.element_edits import EditRefused, ElementEdit, apply_edit


def element(number: int, **values: Any) -> dict[str, Any]:
    base = {"id": f"ID-{number}", "type": "paragraph", "page": 1, "text": f"text {number}"}
    return base | {"bbox": [0, 0, 10, 10], "reading_order": number - 1, "level": None} | values


def analysis() -> dict[str, Any]:
    return {
        "source": {"sha256": "ab" * 32, "page_count": 2},
        "elements": [
            element(1, type="heading", level=1, text="Chapter", level_source="numbering"),
            element(2, section="ID-1", extra="kept"),
            element(3, type="heading", level=2, text="Part", section="ID-1"),
            element(4, page=2, section="ID-3"),
        ],
        "sections": [],
    }


def tree(document: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(s["id"], [c["id"] for c in s["children"]]) for s in document["sections"]]


def test_a_heading_raised_to_the_top_level_becomes_a_sibling_of_its_parent() -> None:
    edited = apply_edit(analysis(), ElementEdit(element_id="ID-3", level=1, text="Part two"))
    changed = edited["elements"][2]
    assert (changed["text"], changed["level"], changed["type"]) == ("Part two", 1, "heading")
    assert tree(edited) == [("ID-1", []), ("ID-3", [])]
    assert [e["section"] for e in edited["elements"]] == [None, "ID-1", None, "ID-3"]
    assert edited["sections"][1]["page_end"] == 2
    assert edited["elements"][1]["extra"] == "kept"


def test_a_paragraph_made_a_heading_opens_a_section_and_a_heading_made_text_closes_one() -> None:
    edited = apply_edit(analysis(), ElementEdit(element_id="ID-2", type="heading", level=2))
    assert tree(edited) == [("ID-1", ["ID-2", "ID-3"])]
    flattened = apply_edit(edited, ElementEdit(element_id="ID-3", type="paragraph", level=4))
    assert flattened["elements"][2]["level"] is None
    assert flattened["elements"][2]["level_source"] is None
    assert [e["section"] for e in flattened["elements"]] == [None, "ID-1", "ID-2", "ID-2"]


def test_moving_an_element_renumbers_the_reading_order() -> None:
    edited = apply_edit(analysis(), ElementEdit(element_id="ID-2", move="down"))
    assert [e["id"] for e in edited["elements"]] == ["ID-1", "ID-3", "ID-2", "ID-4"]
    assert [e["reading_order"] for e in edited["elements"]] == [0, 1, 2, 3]
    assert edited["elements"][2]["section"] == "ID-3"


def test_a_move_carries_the_content_changed_with_it() -> None:
    edit = ElementEdit(element_id="ID-3", text="Part one", type="heading", level=1, move="up")
    edited = apply_edit(analysis(), edit)
    assert [e["id"] for e in edited["elements"]] == ["ID-1", "ID-3", "ID-2", "ID-4"]
    moved = edited["elements"][1]
    assert (moved["text"], moved["level"], moved["reading_order"]) == ("Part one", 1, 1)
    assert tree(edited) == [("ID-1", []), ("ID-3", [])]
    assert [e["section"] for e in edited["elements"]] == [None, None, "ID-3", "ID-3"]


def test_a_move_alone_leaves_the_content_as_it_was() -> None:
    document = analysis()
    document["elements"][0] |= {"type": "title", "level": None}
    edited = apply_edit(document, ElementEdit(element_id="ID-1", move="down"))
    fields = ("text", "type", "level", "level_source")
    assert [edited["elements"][1][f] for f in fields] == ["Chapter", "title", None, "numbering"]


@pytest.mark.parametrize(
    "edit",
    [
        ElementEdit(element_id="ID-2", type="heading", move="down"),
        ElementEdit(element_id="ID-1", text="Moved", move="up"),
    ],
)
def test_a_move_with_an_impossible_change_is_refused_whole(edit: ElementEdit) -> None:
    with pytest.raises(EditRefused):
        apply_edit(analysis(), edit)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (ElementEdit(element_id="ID-9", text="x"), "element_id"),
        (ElementEdit(element_id="ID-1", move="up"), "move"),
        (ElementEdit(element_id="ID-4", move="down"), "move"),
        (ElementEdit(element_id="ID-4", move="up"), "move"),  # ID-3 is on page 1
        (ElementEdit(element_id="ID-3", move="down"), "move"),
        (ElementEdit(element_id="ID-2", type="sidebar"), "type"),
        (ElementEdit(element_id="ID-2", type="heading"), "level"),
        (ElementEdit(element_id="ID-1", level=0), "level"),
    ],
)
def test_an_impossible_edit_is_refused_and_names_its_field(edit: ElementEdit, field: str) -> None:
    with pytest.raises(EditRefused) as refused:
        apply_edit(analysis(), edit)
    assert refused.value.field == field


def test_the_edit_leaves_the_version_it_was_given_alone() -> None:
    document = analysis()
    apply_edit(document, ElementEdit(element_id="ID-1", text="New"))
    assert document == analysis()


@pytest.mark.parametrize(
    "edit",
    [
        ElementEdit(element_id="ID-1", text="  "),
        ElementEdit(element_id="ID-2", type="title", text=""),
        ElementEdit(element_id="ID-3", level=3, text="\n\t"),
    ],
)
def test_a_title_or_heading_left_without_text_is_refused_naming_the_text(
    edit: ElementEdit,
) -> None:
    with pytest.raises(EditRefused) as refused:
        apply_edit(analysis(), edit)
    assert refused.value.field == "text"


def test_an_element_of_another_type_may_be_left_without_text() -> None:
    edited = apply_edit(analysis(), ElementEdit(element_id="ID-3", type="figure", text=""))
    assert (edited["elements"][2]["type"], edited["elements"][2]["text"]) == ("figure", "")
