"""The OpenAPI document says what the API really answers, for every route, new ones too."""

from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Litestar, post
from litestar.di import NamedDependency
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from aims.auth.public import Principal
from aims.kernel.messages import RequestBody

PROBLEM = "application/problem+json"


class NoteBody(RequestBody, frozen=True, kw_only=True):
    """A body of a route another engineer adds."""

    text: str


@post("/api/v1/test-only/notes", status_code=201)
async def add_note(
    data: JSONBody[NoteBody], principal: NamedDependency[Principal]
) -> dict[str, str]:
    """A new route that needs a signed-in caller and takes a body."""
    return {"text": data.text}


async def _document(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    return msgspec.json.decode(response.content)


def _problems(operation: dict[str, Any]) -> set[int]:
    return {
        int(status)
        for status, answer in operation["responses"].items()
        if PROBLEM in answer.get("content", {})
    }


async def test_each_operation_documents_its_problem_answers(
    client: AsyncTestClient[Litestar],
) -> None:
    paths = (await _document(client))["paths"]
    assert {401, 403, 422, 429} <= _problems(paths["/api/v1/auth/login"]["post"])
    assert {401, 403, 409} <= _problems(paths["/api/v1/auth/mfa/totp"]["post"])
    assert {401, 404} <= _problems(paths["/api/v1/auth/sessions/{session_id}"]["delete"])
    assert {401, 403, 404, 422} <= _problems(paths["/api/v1/profiles/{user_id}"]["patch"])
    assert {400, 414, 431} <= _problems(paths["/health"]["get"])
    assert 401 not in _problems(paths["/api/v1/auth/register"]["post"])


async def test_routes_that_need_a_token_declare_the_bearer_scheme(
    client: AsyncTestClient[Litestar],
) -> None:
    document = await _document(client)
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert document["paths"]["/api/v1/auth/me"]["get"]["security"] == [{"bearer": []}]
    for operation in document["paths"]["/api/v1/profiles/me"].values():  # two handlers, one path
        assert operation["security"] == [{"bearer": []}]
    assert "security" not in document["paths"]["/api/v1/auth/login"]["post"]


async def test_bodies_are_closed_and_strings_refuse_nul(client: AsyncTestClient[Litestar]) -> None:
    schemas = (await _document(client))["components"]["schemas"]
    login = schemas["LoginBody"]
    assert login["additionalProperties"] is False
    assert login["properties"]["password"]["pattern"] == "^[^\\u0000]*$"
    assert schemas["Problem"]["required"] == ["code", "detail", "status", "title", "type"]


async def test_a_route_added_later_is_documented_without_an_edit_of_its_own(
    app_for: Callable[..., Litestar], redis_url: str
) -> None:
    app = app_for(redis_url=redis_url)
    app.register(add_note)
    async with AsyncTestClient(app) as client:
        operation = (await _document(client))["paths"]["/api/v1/test-only/notes"]["post"]
    assert {400, 401, 413, 422} <= _problems(operation)
    assert operation["security"] == [{"bearer": []}]


async def test_options_lists_every_method_of_a_path(client: AsyncTestClient[Litestar]) -> None:
    for path, methods in [
        ("/api/v1/profiles/me", {"GET", "PATCH", "OPTIONS"}),
        ("/api/v1/auth/mfa/totp", {"POST", "DELETE", "OPTIONS"}),
    ]:
        answer = await client.options(path)
        assert set(answer.headers["allow"].split(", ")) == methods
