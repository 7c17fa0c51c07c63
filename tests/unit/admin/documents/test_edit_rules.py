"""The rules an edited version keeps beyond the schema, and the audit summary of an edit."""

import copy
from typing import Any

from aims.admin.domain.editing import edit_violations, summarise


def element(number: int, **values: Any) -> dict[str, Any]:
    base = {"id": f"ID-{number}", "type": "paragraph", "page": 1, "text": f"text {number}"}
    return base | {"level": None, "section": None} | values


def analysis() -> dict[str, Any]:
    return {
        "source": {"sha256": "ab" * 32, "page_count": 2},
        "elements": [
            element(1, type="heading", level=1, text="Chapter"),
            element(2, section="ID-1"),
            element(3, page=2, section="ID-1"),
        ],
        "sections": [{"id": "ID-1", "children": []}],
    }


def test_an_unchanged_version_keeps_every_rule() -> None:
    assert edit_violations(analysis(), analysis()) == []


def test_the_file_and_its_pages_cannot_change() -> None:
    edited = analysis()
    edited["source"]["sha256"] = "cd" * 32
    edited["elements"][2]["page"] = 3
    fields = [v["field"] for v in edit_violations(analysis(), edited)]
    assert fields == ["/source/sha256", "/elements/2/page"]


def test_pages_keep_their_numbers_and_sizes_and_a_level_stays_shallow() -> None:
    original = analysis() | {"pages": [{"number": 1, "width": 595.0, "height": 842.0}]}
    edited = copy.deepcopy(original)
    edited["pages"][0]["width"] = 1e308
    edited["elements"][0]["level"] = 10**30
    fields = [v["field"] for v in edit_violations(original, edited)]
    assert fields == ["/pages", "/elements/0/level"]

    deep = copy.deepcopy(original)
    deep["elements"][0]["level"] = 12
    assert edit_violations(deep, copy.deepcopy(deep)) == []  # a level the analysis gave stays


def test_ids_are_unique_and_a_new_element_takes_an_id_after_the_last() -> None:
    edited = analysis()
    edited["elements"].append(element(2, text="a copy"))
    edited["elements"].append(element(4, text="new"))
    assert [v["field"] for v in edit_violations(analysis(), edited)] == ["/elements/3/id"]

    reused = analysis()
    reused["elements"] = [e for e in reused["elements"] if e["id"] != "ID-2"]
    reused["elements"].append(element(2, text="not the removed element"))
    reused["elements"].insert(0, element(0, text="zero"))
    assert [v["message"] for v in edit_violations(analysis(), reused)] == [
        "ID-0 is not an element of the original; a new element takes ID-4 or later"
    ]


def test_references_must_name_elements() -> None:
    edited = analysis()
    edited["elements"][1]["section"] = "ID-9"
    edited["sections"][0]["children"] = [{"id": "ID-8", "children": []}]
    fields = [v["field"] for v in edit_violations(analysis(), edited)]
    assert fields == ["/elements/1/section", "/sections/0/children/0/id"]


def test_a_title_or_heading_needs_text_and_other_types_may_have_none() -> None:
    edited = analysis()
    edited["elements"][0]["text"] = " \u3000\n"
    edited["elements"].append(element(4, type="title", level=0, text=""))
    edited["elements"].append(element(5, type="figure", text=""))
    edited["elements"][1]["text"] = ""
    violations = edit_violations(analysis(), edited)
    assert [v["field"] for v in violations] == ["/elements/0/text", "/elements/3/text"]
    assert violations[0]["message"].startswith("A title or heading needs text")


def test_a_blank_heading_the_analysis_gave_does_not_block_other_corrections() -> None:
    original = analysis()
    original["elements"][0]["text"] = ""
    edited = copy.deepcopy(original)
    edited["elements"][1]["text"] = "corrected"
    assert edit_violations(original, edited) == []
    edited["elements"][0]["type"] = "title"  # a new blank title is the edit's own
    assert [v["field"] for v in edit_violations(original, edited)] == ["/elements/0/text"]


def test_text_a_database_cannot_store_is_named_wherever_it_is() -> None:
    edited = analysis()
    edited["elements"][1]["text"] = "a\x00b"
    edited["sections"][0]["title"] = "\ud800"
    edited["elements"][2]["extra"] = {"k\x00": 1}
    fields = [v["field"] for v in edit_violations(analysis(), edited)]
    assert fields == ["/elements/1/text", "/elements/2/extra", "/sections/0/title"]


def test_at_most_ten_violations_are_named() -> None:
    edited = analysis()
    edited["elements"] += [element(1) for _ in range(20)]
    assert len(edit_violations(analysis(), edited)) == 10


def test_the_summary_counts_what_changed() -> None:
    before = analysis()
    after = copy.deepcopy(before)
    after["elements"][1]["text"] = "corrected"
    after["elements"][1]["type"] = "list_item"
    after["elements"].reverse()
    after["elements"].pop()
    after["elements"].append(element(4))
    summary = summarise(before, after)
    assert summary.describe() == "1 text, 1 type changed; 1 added; 1 removed; order changed"
    assert summary.element_ids == ("ID-2",)
    assert summarise(before, before).describe() == "no change"
