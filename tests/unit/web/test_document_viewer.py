"""What the page viewer shows of an analysis: the page asked for, or the selected element's."""

import msgspec

from aims.web.admin.viewer import ViewAnalysis, page_view


def analysis() -> ViewAnalysis:
    elements = [
        {"id": "ID-1", "type": "heading", "page": 1, "bbox": [0, 0, 9, 9], "text": "A", "level": 1},
        {"id": "ID-2", "type": "paragraph", "page": 1, "bbox": [0, 9, 9, 19], "text": "b"},
        {"id": "ID-3", "type": "paragraph", "page": 2, "bbox": [0, 0, 9, 9], "text": "c"},
    ]
    pages = [{"number": n, "width": 100, "height": 200, "extra": True} for n in (1, 2)]
    document = {"pages": pages, "elements": elements, "sections": [], "source": {}}
    return msgspec.json.decode(msgspec.json.encode(document), type=ViewAnalysis)


def test_a_selected_element_shows_its_own_page() -> None:
    view = page_view(analysis(), 1, "ID-3")
    assert view.page.number == 2
    assert [e.id for e in view.elements] == ["ID-3"]
    assert view.selected is not None
    assert view.selected.id == "ID-3"


def test_a_page_out_of_range_is_brought_back_into_the_document() -> None:
    assert page_view(analysis(), 99, None).page.number == 2
    assert page_view(analysis(), 1, "ID-404").selected is None


def test_the_ends_of_a_page_cannot_move_further() -> None:
    view = page_view(analysis(), 1, None)
    first, second = view.elements
    assert not view.can_move(first, "up")
    assert view.can_move(first, "down")
    assert view.can_move(second, "up")
    assert not view.can_move(second, "down")  # the next element is on page 2
    assert not page_view(analysis(), 2, None).can_move(analysis().elements[2], "up")
    assert not page_view(analysis(), 2, None).can_move(analysis().elements[2], "down")
    assert first.is_heading
    assert (first.width, first.height) == (9, 9)
