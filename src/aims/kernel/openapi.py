"""A true OpenAPI document: each operation's problem answers and security follow from its route.

Every route registered anywhere gets, without an edit of its own:
- 400 (the edge's text rules), 414 and 431 (the edge's size bounds), all as problem documents;
- 413, 415 (a body that is not the JSON it reads) and 422 when it takes a body, 422 when it
  takes parameters, 404 when it has a path one;
- what each dependency it uses can answer, as the dependency's provider declared it with
  `document_dependency` (e.g. `principal`: 401 and the bearer security scheme);
- the context errors the route itself names with `problems(...)` in its `opt`.

The document also says what the edge refuses in every string (NUL, from start-up on), that a
body refusing unknown fields is closed, and each path's OPTIONS answer lists all its methods.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any

import msgspec
from litestar import Litestar
from litestar._openapi.plugin import OpenAPIPlugin
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.config.app import AppConfig
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, OpenAPIType, Schema, SecurityScheme
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.typing import FieldDefinition

from aims.kernel.http import PROBLEM_MEDIA_TYPE
from aims.kernel.messages import AppError

BEARER_SCHEME = "bearer"
_ROUTE_PROBLEMS = "aims.problems"
_DEPENDENCY_DOCS = "aims.dependency_docs"
_EVERY_OPERATION = (400, 414, 431)
NO_NUL_PATTERN = "^[^\\u0000]*$"


class FieldProblem(msgspec.Struct, frozen=True, kw_only=True):
    """What is wrong with one field of the request."""

    field: str
    message: str
    code: str | msgspec.UnsetType = msgspec.UNSET


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    """An RFC 9457 problem document, the answer to every refused request."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str | msgspec.UnsetType = msgspec.UNSET
    errors: list[FieldProblem] | msgspec.UnsetType = msgspec.UNSET


class DependencyDoc(msgspec.Struct, frozen=True, kw_only=True):
    """What a route's use of a dependency adds to its operation."""

    statuses: tuple[int, ...] = ()
    bearer: bool = False


def problems(*errors: type[AppError] | int) -> dict[str, Any]:
    """A route's `opt` naming the context errors (or statuses) its handler may answer."""
    return {_ROUTE_PROBLEMS: tuple(_status_of(error) for error in errors)}


def document_dependency(
    app_config: AppConfig, name: str, *errors: type[AppError] | int, bearer: bool = False
) -> None:
    """Declare what every route using the dependency `name` may answer (and whether it needs
    a bearer token); its provider calls this where it registers the dependency."""
    docs = app_config.opt.setdefault(_DEPENDENCY_DOCS, {})
    docs[name] = DependencyDoc(statuses=tuple(_status_of(e) for e in errors), bearer=bearer)


def api_document_config() -> OpenAPIConfig:
    """The OpenAPI configuration: /schema, with the bearer scheme declared."""
    bearer = SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
    return OpenAPIConfig(
        title="AIMS",
        version="1",
        path="/schema",
        components=Components(security_schemes={BEARER_SCHEME: bearer}),
        render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
    )


class ProblemDocumenter(ReceiveRoutePlugin):
    """Adds each operation's problem answers and security as its route is registered."""

    def receive_route(self, route: BaseRoute) -> None:
        """Document every handler of an HTTP route that appears in the schema."""
        if isinstance(route, HTTPRoute):
            _allow_every_method(route)
            for handler in route.route_handlers:
                if handler.resolve_include_in_schema():
                    _document(handler, set(route.path_parameters))


async def forbid_nul_in_document(app: Litestar) -> None:
    """At start-up, before anyone reads it: every free-form string in the app's OpenAPI
    document gets a pattern without NUL, which the edge refuses in every string."""
    _forbid_nul(app.openapi_schema)


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """A msgspec struct's schema, closed (`additionalProperties: false`) when the struct
    refuses unknown fields (every `RequestBody`)."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: Any) -> Schema:
        """The struct's schema, closed when the struct is."""
        schema = super().to_openapi_schema(field_definition, schema_creator)
        if getattr(
            msgspec.inspect.type_info(field_definition.type_), "forbid_unknown_fields", False
        ):
            schema.additional_properties = False
        return schema


def with_closed_structs(plugins: list[Any]) -> list[Any]:
    """`plugins` with `StrictStructSchemaPlugin` just before Litestar's OpenAPI plugin (so
    ahead of Litestar's own struct plugin, which follows it); the others keep their places."""
    index = next(i for i, plugin in enumerate(plugins) if isinstance(plugin, OpenAPIPlugin))
    return [*plugins[:index], StrictStructSchemaPlugin(), *plugins[index:]]


def _forbid_nul(node: Any) -> None:
    """Every free-form string schema in `node` gets a pattern without NUL (the edge's rule)."""
    if isinstance(node, Schema) and _is_free_string(node):
        node.pattern = NO_NUL_PATTERN
    if dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            _forbid_nul(getattr(node, field.name))
    elif isinstance(node, dict):
        for value in node.values():
            _forbid_nul(value)
    elif isinstance(node, list | tuple):
        for value in node:
            _forbid_nul(value)


def _is_free_string(schema: Schema) -> bool:
    types = schema.type if isinstance(schema.type, list) else [schema.type]
    constrained = schema.pattern or schema.enum or schema.const is not None
    return OpenAPIType.STRING in types and not constrained and schema.format in (None, "email")


def _allow_every_method(route: HTTPRoute) -> None:
    """Litestar's automatic OPTIONS answer lists the methods of the route object that made it,
    which for a path whose handlers were registered one by one is only the first handler's;
    point it at the route that holds them all."""
    for handler in route.route_handlers:
        closure = getattr(handler.fn, "__closure__", None) or ()
        routes = [cell for cell in closure if isinstance(cell.cell_contents, HTTPRoute)]
        if handler.http_methods == {"OPTIONS"} and len(routes) == 1:
            routes[0].cell_contents = route


def _document(handler: HTTPRouteHandler, path_parameters: set[str]) -> None:
    docs: dict[str, DependencyDoc] = handler.opt.get(_DEPENDENCY_DOCS, {})
    used = [docs[name] for name in _used_dependencies(handler) if name in docs]
    statuses = {*_EVERY_OPERATION, *handler.opt.get(_ROUTE_PROBLEMS, ())}
    statuses.update(status for doc in used for status in doc.statuses)
    statuses.update(_input_statuses(handler, path_parameters))
    if handler.resolve_guards():
        statuses.add(403)
    extra = {status: _problem_spec(status) for status in sorted(statuses)}
    handler.responses = {**extra, **(handler.responses or {})}
    bearer: dict[str, list[str]] = {BEARER_SCHEME: []}
    if any(doc.bearer for doc in used) and bearer not in (handler.security or []):
        handler.security = [*(handler.security or []), bearer]  # once: merged routes come again


def _input_statuses(handler: HTTPRouteHandler, path_parameters: set[str]) -> Iterator[int]:
    if "data" in handler.parsed_fn_signature.parameters:
        yield from (413, 415, 422)
    dependencies = handler.resolve_dependencies()
    skipped = {"data", *dependencies, *path_parameters}
    if any(name not in skipped for name in _own_inputs(handler)):
        yield 422  # a query, header or cookie parameter of the wrong type
    if path_parameters:
        yield 404  # no such thing, or a path parameter of the wrong type


def _own_inputs(handler: HTTPRouteHandler) -> Iterable[str]:
    reserved = {"request", "state", "scope", "headers", "cookies", "query", "body", "socket"}
    return (name for name in handler.parsed_fn_signature.parameters if name not in reserved)


def _used_dependencies(handler: HTTPRouteHandler) -> set[str]:
    """The names of the dependencies the handler asks for, directly or through another."""
    available = handler.resolve_dependencies()
    pending = list(handler.parsed_fn_signature.parameters)
    used: set[str] = set()
    while pending:
        name = pending.pop()
        if name in available and name not in used:
            used.add(name)
            pending.extend(available[name].parsed_fn_signature.parameters)
    return used


def _problem_spec(status: int) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        description=HTTPStatus(status).phrase,
        media_type=PROBLEM_MEDIA_TYPE,
        generate_examples=False,
    )


def _status_of(error: type[AppError] | int) -> int:
    return error if isinstance(error, int) else error.status
