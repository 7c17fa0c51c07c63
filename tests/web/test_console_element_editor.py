"""The element editor's form over HTTP: every button (Save, Move up, Move down) sends the whole
form, and what was typed is stored with the move as one correction, checked like a save (the
version on screen, the fields' bounds), or refused whole with what was typed shown again."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from aims.admin.public import MAX_ELEMENT_TEXT
from tests.integration.admin.documents.conftest import query
from tests.web.console import csrf_of
from tests.web.console_documents_http import analysis_of, post, processed
from tests.web.forms_http import HTML

_NO_DOCUMENT = "00000000-0000-4000-8000-000000000000"


def edit_path(document_id: str, element_id: str) -> str:
    return f"/admin/documents/{document_id}/elements/{element_id}"


async def etag_on_screen(client: AsyncTestClient[Litestar], document_id: str) -> str:
    """The version the editor's form names, as the page shows it."""
    page = await client.get(f"/admin/documents/{document_id}?element=ID-1", headers=HTML)
    found = re.search(r'name="etag" value="([^"]*)"', page.text)
    assert found, page.text[:500]
    return html.unescape(found.group(1))


def saved_versions(database_url: str, document_id: str) -> list[str]:
    """The audit log's summary of every edited version saved for the document."""
    rows = query(
        database_url,
        "SELECT summary FROM admin.audit_records"
        " WHERE action = 'save_edited' AND document_id = %s ORDER BY id",
        document_id,
    )
    return [row[0] for row in rows]


def scope_heading(analysis: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The place and element of the "1.1 Scope" heading (it has an element before it)."""
    elements = analysis["elements"]
    index = next(i for i, e in enumerate(elements) if e["text"].endswith("Scope"))
    assert index > 0
    assert elements[index]["type"] == "heading"
    return index, elements[index]


async def test_move_up_stores_the_typed_correction_and_the_new_order_as_one_version(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    document_id, analysis = await processed(console)
    index, scope = scope_heading(analysis)
    before = analysis["elements"][index - 1]["id"]
    answer = await post(
        console,
        edit_path(document_id, scope["id"]),
        text="1.1 Scope of\r\nthe rules",
        type="heading",
        level="3",
        etag=await etag_on_screen(console, document_id),
        action="up",
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith(
        f"element={scope['id']}&notice=element_moved#element-level"
    )
    edited = (await analysis_of(console, document_id))["elements"]
    assert [e["id"] for e in edited[index - 1 : index + 1]] == [scope["id"], before]
    assert (edited[index - 1]["text"], edited[index - 1]["level"]) == ("1.1 Scope of\nthe rules", 3)
    [summary] = saved_versions(database_url, document_id)
    assert summary.endswith(": 1 text, 1 level changed; order changed")


async def test_a_move_of_a_version_saved_meanwhile_is_refused_and_nothing_is_written(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    document_id, analysis = await processed(console)
    on_screen = await etag_on_screen(console, document_id)
    _, scope = scope_heading(analysis)
    other = analysis["elements"][0]
    meanwhile = await post(
        console, edit_path(document_id, other["id"]), text="Someone else's", etag=on_screen
    )
    assert meanwhile.status_code == 303
    current = await analysis_of(console, document_id)

    answer = await post(
        console,
        edit_path(document_id, scope["id"]),
        text="Mine <typed> & kept",
        type="heading",
        level="3",
        etag=on_screen,
        action="down",
    )
    assert answer.status_code == 409
    assert "Someone saved another correction meanwhile." in answer.text
    assert "Mine &lt;typed&gt; &amp; kept</textarea>" in answer.text
    assert '<option value="3" selected>' in answer.text
    assert await analysis_of(console, document_id) == current
    assert len(saved_versions(database_url, document_id)) == 1


REFUSALS = [
    ({"level": "0"}, "A heading needs a level of 1 or more."),  # refused by the service
    ({"level": ""}, "A heading needs a level of 1 or more."),  # was saved, level unchanged
    ({"level": "²"}, "Choose a level from the list."),  # was a 500
    ({"level": "12"}, "Choose a level from the list."),  # was stored as level 12
    ({"text": "x" * (MAX_ELEMENT_TEXT + 1)}, "The text is too long."),
    ({"text": " \r\n\t"}, "A title or heading needs text"),  # was saved
]


async def test_a_refused_correction_moves_and_writes_nothing_and_keeps_what_was_typed(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    document_id, analysis = await processed(console)
    _, scope = scope_heading(analysis)
    for action in ("save", "up", "down"):
        for fields, message in REFUSALS:
            typed = {"text": "Typed <b>here</b>", "type": "heading", "level": "2"} | fields
            answer = await post(
                console, edit_path(document_id, scope["id"]), action=action, **typed
            )
            assert answer.status_code == 422, (action, fields)
            assert message in answer.text, (action, fields)
            assert f"{html.escape(typed['text'], quote=False)}</textarea>" in answer.text
    assert await analysis_of(console, document_id) == analysis
    assert saved_versions(database_url, document_id) == []


async def test_a_nul_in_the_text_is_marked_on_the_form_and_nothing_is_written(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    document_id, analysis = await processed(console)
    _, scope = scope_heading(analysis)
    typed = {"text": "1.1 Sco\x00pe", "type": "heading", "level": "2"}
    answer = await post(console, edit_path(document_id, scope["id"]), **typed)
    assert answer.status_code == 422
    assert "The text contains a character that is not allowed" in answer.text
    assert 'aria-invalid="true" aria-describedby="element-text-error">1.1 Scope</textarea>' in (
        answer.text
    )
    assert await analysis_of(console, document_id) == analysis
    assert saved_versions(database_url, document_id) == []


async def test_a_text_at_the_limit_with_line_breaks_is_saved(
    console: AsyncTestClient[Litestar],
) -> None:
    """A browser sends each line break as CR LF: the text was refused with a 400 page."""
    document_id, analysis = await processed(console)
    lines = ["x" * 99] * (MAX_ELEMENT_TEXT // 100)
    text = "\n".join(lines) + "\n"
    assert len(text) == MAX_ELEMENT_TEXT
    element = analysis["elements"][1]
    answer = await post(
        console,
        edit_path(document_id, element["id"]),
        text=text.replace("\n", "\r\n"),
        type=element["type"],
        level="",
    )
    assert answer.status_code == 303, answer.text[:300]
    assert (await analysis_of(console, document_id))["elements"][1]["text"] == text


async def test_a_correction_of_an_element_no_longer_there_is_shown_again(
    console: AsyncTestClient[Litestar],
) -> None:
    """The editor and what was typed disappeared from the page that refused it."""
    document_id, analysis = await processed(console)
    answer = await post(
        console, edit_path(document_id, "ID-999"), text="Kept <text>", type="paragraph"
    )
    assert answer.status_code == 422
    assert "This element is not in the current version. Reload the page." in answer.text
    assert "Kept &lt;text&gt;</textarea>" in answer.text
    assert await analysis_of(console, document_id) == analysis


async def test_an_element_moves_within_its_page_only(
    console: AsyncTestClient[Litestar], database_url: str
) -> None:
    """Move up on a page's first element swapped it with the last of the page before: the page
    looked unchanged, and that element silently joined another section."""
    document_id, analysis = await processed(console, pages=2)
    opening = next(e for e in analysis["elements"] if e["page"] == 2)
    page = await console.get(
        f"/admin/documents/{document_id}?element={opening['id']}", headers=HTML
    )
    assert re.search(r'value="up" class="secondary" disabled>', page.text)
    assert re.search(r'value="down" class="secondary">', page.text)
    answer = await post(
        console,
        edit_path(document_id, opening["id"]),
        text=opening["text"],
        type=opening["type"],
        level=str(opening["level"]),
        action="up",
    )
    assert answer.status_code == 422
    assert "The element is already at that end of its page." in answer.text
    assert await analysis_of(console, document_id) == analysis
    assert saved_versions(database_url, document_id) == []


async def test_htmx_sends_the_move_with_its_header_token(
    console: AsyncTestClient[Litestar],
) -> None:
    document_id, analysis = await processed(console)
    first, second = analysis["elements"][:2]
    token = await csrf_of(console, f"/admin/documents/{document_id}")
    fields = {"text": "First, edited", "type": first["type"], "action": "down"}
    fields["level"] = "" if first["level"] is None else str(first["level"])
    answer = await console.post(
        edit_path(document_id, first["id"]),
        data=fields,
        headers=HTML | {"HX-Request": "true", "X-CSRF-Token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    edited = (await analysis_of(console, document_id))["elements"]
    assert [e["id"] for e in edited[:2]] == [second["id"], first["id"]]
    assert edited[1]["text"] == "First, edited"


@pytest.mark.parametrize(
    "fields",
    [
        {"action": "delete"},
        {"text": "x" * (2 * MAX_ELEMENT_TEXT + 1)},
        {"type": "t" * 21},
        {"level": "100"},
    ],
)
async def test_a_form_beyond_its_bounds_is_refused_at_the_edge(
    console: AsyncTestClient[Litestar], fields: dict[str, str]
) -> None:
    answer = await post(console, edit_path(_NO_DOCUMENT, "ID-1"), **fields)
    assert answer.status_code == 422


async def test_a_move_without_the_csrf_token_is_refused(
    console: AsyncTestClient[Litestar],
) -> None:
    answer = await console.post(
        edit_path(_NO_DOCUMENT, "ID-1"), data={"action": "up"}, headers=HTML
    )
    assert answer.status_code == 403
