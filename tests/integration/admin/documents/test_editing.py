"""Corrections: an edited version is validated against the project's schema and the editing
rules (nothing stored when it fails), served beside the original, reset, and audited."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import msgspec

from aims.admin.analysis.schema import hierarchy_schema

from .conftest import DocumentApi, query, text_pdf


async def processed(api: DocumentApi) -> tuple[str, dict[str, Any]]:
    uploaded = (await api.upload(text_pdf(pages=2), "rules.pdf")).json()
    await api.wait_for_job(uploaded["job"]["id"])
    original = (await api.get(f"/documents/{uploaded['id']}/analysis")).json()
    return uploaded["id"], original


async def put(api: DocumentApi, document_id: str, body: Any, **headers: str) -> Any:
    return await api.client.put(
        f"/api/v1/admin/documents/{document_id}/analysis",
        content=msgspec.json.encode(body),
        headers=api.admin | {"Content-Type": "application/json"} | headers,
    )


def first_heading(analysis: dict[str, Any]) -> dict[str, Any]:
    return next(e for e in analysis["elements"] if e["type"] == "heading")


async def test_an_edit_is_validated_stored_served_and_reset_with_each_step_audited(
    api: DocumentApi,
) -> None:
    document_id, original = await processed(api)
    jsonschema.validate(original, hierarchy_schema())

    broken = copy.deepcopy(original)
    broken["elements"][0]["type"] = "banner"
    del broken["sections"]
    refused = await put(api, document_id, broken)
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_analysis"
    fields = [error["field"] for error in refused.json()["errors"]]
    assert fields == ["", "/elements/0/type"]
    assert (await api.get(f"/documents/{document_id}/analysis?version=edited")).status_code == 404

    edited = copy.deepcopy(original)
    heading = first_heading(edited)
    heading["text"] = "Corrected heading"
    heading["level"] += 1
    saved = await put(api, document_id, edited)
    assert saved.status_code == 200, saved.text
    served = await api.get(f"/documents/{document_id}/analysis?version=edited")
    assert served.json() == edited
    assert (await api.get(f"/documents/{document_id}/analysis")).json() == edited
    assert (await api.get(f"/documents/{document_id}/analysis?version=original")).json() == original
    assert "Corrected heading" in (await api.get(f"/documents/{document_id}/markdown")).text

    reset = await api.client.post(
        f"/api/v1/admin/documents/{document_id}/analysis/reset", headers=api.admin
    )
    assert reset.status_code == 200
    assert reset.json()["has_edited"] is False
    assert (await api.get(f"/documents/{document_id}/analysis")).json() == original

    audit = (await api.get("/audit", params={"document_id": document_id})).json()["items"]
    assert [entry["action"] for entry in audit] == ["reset_edited", "save_edited", "upload"]
    saved_entry = audit[1]
    assert saved_entry["actor_email"]
    assert saved_entry["summary"] == "edited rules.pdf: 1 text, 1 level changed"
    assert saved_entry["details"]["element_ids"] == [heading["id"]]


async def test_a_heading_without_text_or_with_a_nul_is_refused_naming_it(
    api: DocumentApi,
) -> None:
    document_id, original = await processed(api)
    index = original["elements"].index(first_heading(original))
    for text, status, field in [
        ("", 422, f"/elements/{index}/text"),
        (" \u3000\t", 422, f"/elements/{index}/text"),
        ("Sco\x00pe", 422, f"/elements/{index}/text"),  # was stored
    ]:
        edited = copy.deepcopy(original)
        edited["elements"][index]["text"] = text
        refused = await put(api, document_id, edited)
        assert refused.status_code == status, refused.text
        assert [error["field"] for error in refused.json()["errors"]] == [field]
    assert (await api.get(f"/documents/{document_id}/analysis?version=edited")).status_code == 404


async def test_element_ids_page_sizes_and_levels_must_stay_in_bounds(api: DocumentApi) -> None:
    document_id, original = await processed(api)
    last = len(original["elements"])

    duplicated = copy.deepcopy(original)
    duplicated["elements"][1]["id"] = duplicated["elements"][0]["id"]
    answer = await put(api, document_id, duplicated)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "/elements/1/id"

    reused = copy.deepcopy(original)
    removed = reused["elements"].pop(0)
    reused["elements"].append(removed | {"id": "ID-1", "text": "another element"})
    reused["elements"][-1]["id"] = removed["id"]
    reused["sections"] = []
    for element in reused["elements"]:
        element["section"] = None
    assert (await put(api, document_id, reused)).status_code == 200  # same ID, same element

    renumbered = copy.deepcopy(original)
    renumbered["elements"].pop()
    renumbered["elements"].append(copy.deepcopy(original["elements"][-1]) | {"id": f"ID-{last}"})
    renumbered["elements"].append(copy.deepcopy(original["elements"][0]) | {"id": f"ID-{last - 1}"})
    answer = await put(api, document_id, renumbered)
    assert answer.status_code == 422
    assert "ID-" in answer.json()["errors"][0]["message"]

    resized = copy.deepcopy(original)
    resized["pages"][0]["width"] = 1e308
    first_heading(resized)["level"] = 10**30
    answer = await put(api, document_id, resized)
    assert answer.status_code == 422
    assert [error["field"] for error in answer.json()["errors"]][:1] == ["/pages"]


async def test_a_save_with_a_stale_if_match_is_refused(api: DocumentApi) -> None:
    document_id, original = await processed(api)
    current = await api.get(f"/documents/{document_id}/analysis")
    etag = current.headers["etag"]
    edited = copy.deepcopy(original)
    first_heading(edited)["text"] = "First edit"
    assert (await put(api, document_id, edited, **{"If-Match": etag})).status_code == 200
    first_heading(edited)["text"] = "Second edit on the old version"
    stale = await put(api, document_id, edited, **{"If-Match": etag})
    assert stale.status_code == 412
    rows = query(
        api.settings.database_url or "",
        "SELECT count(*) FROM admin.audit_records WHERE action = 'save_edited'",
    )
    assert rows[0][0] == 1


async def test_a_body_that_is_not_json_is_refused(api: DocumentApi) -> None:
    document_id, _ = await processed(api)
    answer = await api.client.put(
        f"/api/v1/admin/documents/{document_id}/analysis",
        content=b"{not json",
        headers=api.admin | {"Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["message"].startswith("not JSON")
