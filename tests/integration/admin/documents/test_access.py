"""Every route under /api/v1/admin is for administrators: walked from the app's route table,
so a new endpoint without the guard fails here. Anonymous → 401, a plain user → 403."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from litestar import Litestar

from .conftest import DocumentApi

PREFIX = "/api/v1/admin"
_PARAMETER = re.compile(r"\{(\w+):(\w+)\}")


def admin_routes(app: Litestar) -> list[tuple[str, str]]:
    """(method, concrete path) of every admin route, parameters filled in."""
    found = []
    for route in app.routes:
        if not route.path.startswith(PREFIX):
            continue
        path = _PARAMETER.sub(lambda m: str(uuid.uuid4()) if m[2] == "uuid" else "1", route.path)
        found += [
            (method, path) for method in sorted(route.methods) if method not in ("HEAD", "OPTIONS")
        ]
    return found


async def test_every_admin_route_refuses_anonymous_callers_and_plain_users(
    api: DocumentApi,
) -> None:
    routes = admin_routes(api.client.app)
    assert len(routes) >= 16
    for method, path in routes:
        anonymous = await api.client.request(method, path)
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        user = await api.client.request(method, path, headers=api.user)
        assert user.status_code == 403, (method, path, user.text)
        assert user.json()["code"] == "forbidden"


async def test_the_admin_api_and_its_errors_are_in_the_openapi_document(api: DocumentApi) -> None:
    schema = (await api.client.get("/schema/openapi.json")).json()
    documented = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        if path.startswith(PREFIX)
        for method in item
    }
    routes = {
        (method, _PARAMETER.sub(r"{\1}", route.path))
        for route in api.client.app.routes
        if route.path.startswith(PREFIX)
        for method in route.methods
        if method not in ("HEAD", "OPTIONS")
    }
    assert routes <= documented
    upload = schema["paths"][f"{PREFIX}/documents"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"401", "403", "409", "413", "415", "422"} <= set(upload["responses"])


async def test_the_hierarchy_schema_is_served(api: DocumentApi) -> None:
    served = await api.get("/schemas/hierarchy.json")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("application/schema+json")
    assert served.json()["title"].startswith("Document analysis")


async def test_an_admin_without_a_second_factor_is_refused_when_it_is_required(
    open_api: Callable[..., AbstractAsyncContextManager[DocumentApi]],
) -> None:
    async with open_api(worker=False, admin_require_mfa=True) as api:
        listed = await api.get("/documents")
        uploaded = await api.upload(b"%PDF-1.7\n")
    assert listed.status_code == uploaded.status_code == 403
    assert listed.json()["code"] == "mfa_enrolment_required"
    assert not (api.files / "incoming").exists()  # refused before a byte was read
