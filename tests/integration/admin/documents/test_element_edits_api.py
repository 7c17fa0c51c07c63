"""One element corrected through the API (the section tree follows), and the job list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .conftest import DocumentApi, query, text_pdf


def nodes(sections: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for section in sections:
        yield section
        yield from nodes(section["children"])


async def processed(api: DocumentApi, title: str) -> str:
    document = (await api.upload(text_pdf(pages=2, title=title), f"{title}.pdf")).json()
    await api.wait_for_job(document["job"]["id"])
    return str(document["id"])


async def test_a_heading_corrected_through_the_api_moves_in_the_section_tree(
    api: DocumentApi,
) -> None:
    document_id = await processed(api, "Edited Rules")
    original = (await api.get(f"/documents/{document_id}/analysis")).json()
    scope = next(e for e in original["elements"] if e["text"].endswith("Scope"))
    path = f"/api/v1/admin/documents/{document_id}/analysis/elements/{scope['id']}"

    answer = await api.client.patch(
        path, json={"level": 1, "text": "Scope of the rules"}, headers=api.admin
    )
    assert answer.status_code == 200, answer.text
    edited = answer.json()
    changed = next(e for e in edited["elements"] if e["id"] == scope["id"])
    assert (changed["text"], changed["level"]) == ("Scope of the rules", 1)
    node = next(n for n in nodes(edited["sections"]) if n["id"] == scope["id"])
    assert (node["title"], node["level"]) == ("Scope of the rules", 1)
    before = next(n for n in nodes(original["sections"]) if n["id"] == scope["id"])
    assert before["level"] == 2
    assert (await api.get(f"/documents/{document_id}")).json()["has_edited"] is True
    markdown = (await api.get(f"/documents/{document_id}/markdown")).text
    assert "\n## Scope of the rules\n" in markdown
    audit = query(
        api.settings.database_url or "",
        "SELECT summary FROM admin.audit_records WHERE action = 'save_edited' AND document_id = %s",
        document_id,
    )
    assert audit == [("edited Edited Rules.pdf: 1 text, 1 level changed",)]


async def test_a_refused_correction_names_its_field_and_stores_nothing(
    api: DocumentApi,
) -> None:
    document_id = await processed(api, "Refused Edit")
    base = f"/api/v1/admin/documents/{document_id}/analysis/elements"
    cases = [
        ("ID-1", {"move": "up"}, 422, "move"),
        ("ID-999", {"text": "x"}, 422, "element_id"),
        ("ID-2", {"type": "heading", "level": 0}, 422, "level"),
        ("ID-2", {"type": "heading", "level": 1, "text": " \n "}, 422, "text"),
    ]
    for element_id, body, status, field in cases:
        answer = await api.client.patch(f"{base}/{element_id}", json=body, headers=api.admin)
        assert answer.status_code == status, answer.text
        assert answer.json()["errors"][0]["field"] == field
    stale = await api.client.patch(
        f"{base}/ID-1", json={"text": "x"}, headers=api.admin | {"If-Match": '"old"'}
    )
    assert stale.status_code == 412
    assert (await api.get(f"/documents/{document_id}")).json()["has_edited"] is False
    refused = await api.client.patch(f"{base}/ID-1", json={"text": "x"}, headers=api.user)
    assert refused.status_code == 403


async def test_the_job_list_is_newest_first_by_state_and_paged(api: DocumentApi) -> None:
    first = await processed(api, "First Job")
    second = await processed(api, "Second Job")
    page = (await api.get("/jobs", params={"limit": 1})).json()
    assert [item["document_name"] for item in page["items"]] == ["Second Job.pdf"]
    assert page["items"][0]["job"]["document_id"] == second
    after = (await api.get("/jobs", params={"limit": 1, "cursor": page["next_cursor"]})).json()
    assert after["items"][0]["job"]["document_id"] == first
    assert (await api.get("/jobs", params={"state": "failed"})).json()["items"] == []
    assert (await api.get("/jobs", params={"cursor": "nonsense"})).status_code == 422


async def test_a_correction_and_a_move_in_one_request_are_stored_together(
    api: DocumentApi,
) -> None:
    """The fields of a request that also moved the element were dropped without a word."""
    document_id = await processed(api, "Moved Edit")
    original = await api.get(f"/documents/{document_id}/analysis")
    elements = original.json()["elements"]
    index = next(i for i, e in enumerate(elements) if e["text"].endswith("Scope"))
    path = f"/api/v1/admin/documents/{document_id}/analysis/elements/{elements[index]['id']}"
    stale = await api.client.patch(
        path,
        json={"text": "Scope, moved", "move": "up"},
        headers=api.admin | {"If-Match": '"old"'},
    )
    assert stale.status_code == 412
    assert (await api.get(f"/documents/{document_id}")).json()["has_edited"] is False

    answer = await api.client.patch(
        path,
        json={"text": "Scope, moved", "level": 3, "move": "up"},
        headers=api.admin | {"If-Match": original.headers["etag"]},
    )
    assert answer.status_code == 200, answer.text
    edited = answer.json()["elements"]
    assert [e["id"] for e in edited[index - 1 : index + 1]] == [
        elements[index]["id"],
        elements[index - 1]["id"],
    ]
    assert (edited[index - 1]["text"], edited[index - 1]["level"]) == ("Scope, moved", 3)
    audit = query(
        api.settings.database_url or "",
        "SELECT summary FROM admin.audit_records WHERE action = 'save_edited' AND document_id = %s",
        document_id,
    )
    assert audit == [("edited Moved Edit.pdf: 1 text, 1 level changed; order changed",)]
