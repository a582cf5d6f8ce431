"""The OpenAPI document tells the truth, derived from the route table in this one place.

Litestar documents each operation's success answer, parameters and body. What the code does beyond
that is added here, from what the route table shows:

    every operation ............ 503 service_unavailable; 422 invalid_characters (stored headers are checked)
    a guard .................... 401 unauthenticated and second_factor_required (a staff session whose second
                                 factor is pending); 403 wrong_role when some signed-in callers are refused;
                                 403 csrf_failed on unsafe methods; the session cookie (and CSRF header) as security;
                                 the guard of the second factor's own routes: 403 second_factor_not_pending instead
    a typed path parameter ..... 404 not_found (a malformed id or date matches no route)
    any parameter or JSON body . 422 validation_error (and invalid_characters) for what does not fit its type
    a JSON body ................ 400 malformed_json, 413 payload_too_large
    the Idempotency-Key header . 409 idempotency_key_reused
    the object storage ......... 503 storage_unavailable (backend/storage.py)

What only a service knows is declared on the route, next to the code that answers it:

    @post(..., opt={PROBLEMS: {409: ["dossier_changed"], 429: ["too_many_requests"]}})
    @put(..., opt={RAW_BODY: ["image/jpeg", "image/png"]})   # a body read as bytes, not JSON

Every answer that is not a success is RFC 9457 `application/problem+json` (backend/errors.py), with the
codes possible at that status listed as the `code` enum. Input text is documented as what the edge
accepts (backend/hygiene.py): no control characters, and no unknown fields where a body refuses them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus

import msgspec.inspect as mi
from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import MediaType, ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIHeader,
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    RequestBody,
    Schema,
    SecurityScheme,
)
from litestar.params import ParameterKwarg
from litestar.routes import HTTPRoute
from litestar.types import Message, Scope

from backend.accounts.guards import ACTING_FOR, require_second_factor_pending
from backend.accounts.schemas import Role
from backend.accounts.sessions import CSRF_HEADER, SAFE_METHODS, SESSION_COOKIE
from backend.errors import PROBLEM_MEDIA_TYPE, ProblemDetails
from backend.hygiene import TEXT_PATTERN
from backend.idempotency import KEY_HEADER

# Route `opt` keys: the problems only the service knows ({status: [codes]}); media types of a raw body.
PROBLEMS = "problems"
RAW_BODY = "raw_body"

EVERYONE_SIGNED_IN = frozenset(Role)
_PROBLEM_REF = Reference(ref=f"#/components/schemas/{ProblemDetails.__name__}")
# What a free-form input value (`Any`, e.g. a form answer) may be: any JSON whose text is clean.
_JSON_VALUE = "JsonValue"
_TYPED_PATH_PARAMETERS = {"UUID", "date", "int", "datetime"}


@dataclass(frozen=True)
class Endpoint:
    path: str
    method: str
    route: HTTPRoute
    handler: HTTPRouteHandler

    def problems(self) -> dict[int, set[str]]:
        """Status → the stable codes this operation can answer with it."""
        found: dict[int, set[str]] = defaultdict(set)
        found[503].add("service_unavailable")
        found[422].add("invalid_characters")
        guards = self.handler.resolve_guards()
        if require_second_factor_pending in guards:
            found[401].add("unauthenticated")
            found[403].update(("second_factor_not_pending", "csrf_failed"))
        elif guards:
            found[401].update(("unauthenticated", "second_factor_required"))
            if self.admitted() != EVERYONE_SIGNED_IN:
                found[403].add("wrong_role")
            if self.method not in SAFE_METHODS:
                found[403].add("csrf_failed")
            if self.handler.opt.get(ACTING_FOR):
                found[403].add("acting_grant_ended")
        if any(p.type.__name__ in _TYPED_PATH_PARAMETERS for p in self.route.path_parameters.values()):
            found[404].add("not_found")
        if self.inputs() or self.route.path_parameters:
            found[422].add("validation_error")
        if self.json_body() is not None:
            found[400].add("malformed_json")
            found[413].add("payload_too_large")
        if KEY_HEADER in self.headers():
            found[409].add("idempotency_key_reused")
        if "storage" in self.handler.parsed_fn_signature.parameters:
            found[503].add("storage_unavailable")
        for status, codes in self.handler.opt.get(PROBLEMS, {}).items():
            found[status].update(codes)
        return dict(found)

    def admitted(self) -> frozenset[str]:
        admitted = EVERYONE_SIGNED_IN
        for guard in self.handler.resolve_guards():
            admitted &= getattr(guard, "allowed_roles", frozenset())
        return admitted

    def inputs(self) -> list[str]:
        """Names of the handler's parameters that come from the request (not dependencies)."""
        dependencies = set(self.handler.resolve_dependencies())
        return [
            name for name in self.handler.parsed_fn_signature.parameters
            if name not in dependencies and name not in {"request", "state", "scope"}
        ]

    def headers(self) -> set[str]:
        names = set()
        for field in self.handler.parsed_fn_signature.parameters.values():
            kwarg = field.kwarg_definition
            if isinstance(kwarg, ParameterKwarg) and kwarg.param_type == ParamType.HEADER and kwarg.name:
                names.add(kwarg.name)
        return names

    def json_body(self) -> type | None:
        data = self.handler.parsed_fn_signature.parameters.get("data")
        return data.annotation if data is not None else None


def endpoints(app: Litestar) -> Iterator[Endpoint]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                yield Endpoint(route.path_format, method, route, handler)


def _problem_specs(endpoint: Endpoint) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            media_type=PROBLEM_MEDIA_TYPE,
            description=f"{HTTPStatus(status).phrase}: {', '.join(sorted(codes))}",
            generate_examples=False,
        )
        for status, codes in endpoint.problems().items()
    }


def complete(app: Litestar) -> None:
    """Declare every handler's problems, let Litestar build the document, then finish it."""
    found = list(endpoints(app))
    for endpoint in found:
        # What a route declares itself (e.g. /ready's 503 with its own body) wins over the derived problem.
        endpoint.handler.responses = _problem_specs(endpoint) | dict(endpoint.handler.responses or {})
    openapi = app.openapi_schema
    openapi.components.security_schemes = {
        "session": SecurityScheme(
            type="apiKey", name=SESSION_COOKIE, security_scheme_in="cookie",
            description="The session cookie set by signing in.",
        ),
        "csrf": SecurityScheme(
            type="apiKey", name=CSRF_HEADER, security_scheme_in="header",
            description="The value of the CSRF cookie set with the session; required on every unsafe method.",
        ),
    }
    text = _InputText(openapi, found)
    for endpoint in found:
        operation = getattr(openapi.paths[endpoint.path], endpoint.method.lower())
        _finish_operation(operation, endpoint)
        text.constrain(operation)


def _finish_operation(operation: Operation, endpoint: Endpoint) -> None:
    problems = endpoint.problems()
    explicit = set(endpoint.handler.responses or {}) - set(problems)
    responses = operation.responses or {}
    for status in list(responses):
        # Litestar adds a JSON 400 for any handler with parameters; our validation answers 422 problems.
        if int(status) >= 400 and int(status) not in problems and int(status) not in explicit:
            del responses[status]
    for status, codes in problems.items():
        response = responses[str(status)]
        if isinstance(response, OpenAPIResponse) and response.content and PROBLEM_MEDIA_TYPE in response.content:
            response.content[PROBLEM_MEDIA_TYPE] = OpenAPIMediaType(schema=_problem_schema(codes))
            if status == 429:
                response.headers = {
                    "Retry-After": OpenAPIHeader(
                        schema=Schema(type=OpenAPIType.INTEGER, minimum=1), required=True,
                        description="Seconds to wait before trying again.",
                    )
                }
    if endpoint.handler.resolve_guards():
        unsafe = endpoint.method not in SAFE_METHODS
        operation.security = [{"session": [], "csrf": []} if unsafe else {"session": []}]
    if media_types := endpoint.handler.opt.get(RAW_BODY):
        operation.request_body = RequestBody(
            required=True,
            content={
                media_type: OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY))
                for media_type in media_types
            },
        )


def _problem_schema(codes: set[str]) -> Schema:
    return Schema(
        all_of=[
            _PROBLEM_REF,
            Schema(type=OpenAPIType.OBJECT, properties={"code": Schema(type=OpenAPIType.STRING, enum=sorted(codes))}),
        ]
    )


class _InputText:
    """Documents what the edge accepts as text: TEXT_PATTERN on every free string a request carries,
    keys included; `additionalProperties: false` where a body refuses unknown members, and clean JSON
    where it ignores them (the edge checks their text all the same). Component schemas are shared with
    answers, which hold the same clean text."""

    def __init__(self, openapi: OpenAPI, found: list[Endpoint]) -> None:
        self.components = openapi.components.schemas
        self.components[_JSON_VALUE] = _json_value_schema()
        self.closed = {
            info.cls.__name__
            for endpoint in found
            if (body := endpoint.json_body()) is not None
            for info in _struct_types(mi.type_info(body))
            if info.forbid_unknown_fields
        }
        self.visited: set[int] = set()

    def constrain(self, operation: Operation) -> None:
        for parameter in operation.parameters or []:
            if not isinstance(parameter, Reference) and parameter.param_in in ("query", "path"):
                self._walk(parameter.schema)
        body = operation.request_body
        if isinstance(body, RequestBody):
            for media_type, content in body.content.items():
                if media_type == MediaType.JSON:
                    self._walk(content.schema)

    def _walk(self, schema: Schema | Reference | None, constrained: bool = False) -> None:
        """`constrained`: an enclosing union already restricts the text (Litestar puts a field's pattern or
        format beside its `oneOf: [string, null]`), so its string branch needs no pattern of ours."""
        if isinstance(schema, Reference):
            name = schema.ref.rsplit("/", 1)[-1]
            schema = self.components.get(name)
        if schema is None or id(schema) in self.visited:
            return
        self.visited.add(id(schema))
        if schema.properties is not None and schema.additional_properties is None:
            # A body that refuses unknown members says so; one that ignores them still has their text checked.
            schema.additional_properties = False if schema.title in self.closed else Schema()
        restricts = constrained or _restricts_text(schema)
        if not restricts and _is_string(schema):
            schema.pattern = TEXT_PATTERN
        _replace_any(schema)
        if isinstance(schema.additional_properties, (Schema, Reference)):
            schema.property_names = Schema(type=OpenAPIType.STRING, pattern=TEXT_PATTERN)
        for branch in (*(schema.all_of or ()), *(schema.any_of or ()), *(schema.one_of or ())):
            self._walk(branch, restricts)
        for child in _members(schema):
            self._walk(child)


def _json_value_schema() -> Schema:
    self_ref = Reference(ref=f"#/components/schemas/{_JSON_VALUE}")
    return Schema(
        title=_JSON_VALUE,
        description="Any JSON value; its text (keys included) holds no control characters.",
        any_of=[
            Schema(type=OpenAPIType.STRING, pattern=TEXT_PATTERN),
            Schema(type=[OpenAPIType.NUMBER, OpenAPIType.BOOLEAN, OpenAPIType.NULL]),
            Schema(type=OpenAPIType.ARRAY, items=self_ref),
            Schema(
                type=OpenAPIType.OBJECT, additional_properties=self_ref,
                property_names=Schema(type=OpenAPIType.STRING, pattern=TEXT_PATTERN),
            ),
        ],
    )


def _replace_any(schema: Schema) -> None:
    """An `Any` child (an empty schema) becomes a JsonValue: free, but clean text."""
    value = Reference(ref=f"#/components/schemas/{_JSON_VALUE}")
    if schema.additional_properties == Schema():
        schema.additional_properties = value
    if schema.items == Schema():
        schema.items = value
    for name, child in (schema.properties or {}).items():
        if child == Schema():
            schema.properties[name] = value


def _restricts_text(schema: Schema) -> bool:
    return schema.pattern is not None or schema.format is not None or schema.enum is not None or schema.const is not None


def _is_string(schema: Schema) -> bool:
    types = schema.type if isinstance(schema.type, (list, tuple)) else [schema.type]
    return OpenAPIType.STRING in types


def _members(schema: Schema) -> Iterator[Schema | Reference]:
    yield from schema.prefix_items or ()
    yield from (schema.properties or {}).values()
    for child in (schema.items, schema.additional_properties):
        if isinstance(child, (Schema, Reference)):
            yield child


def _struct_types(info: mi.Type) -> Iterator[mi.StructType]:
    """Every Struct reachable from a body type, each once."""
    seen: set[type] = set()
    stack = [info]
    while stack:
        item = stack.pop()
        if isinstance(item, mi.StructType):
            if item.cls in seen:
                continue
            seen.add(item.cls)
            yield item
            stack.extend(field.type for field in item.fields)
        elif isinstance(item, mi.UnionType):
            stack.extend(item.types)
        elif isinstance(item, mi.DictType):
            stack.extend((item.key_type, item.value_type))
        elif isinstance(item, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
            stack.append(item.item_type)
        elif isinstance(item, mi.TupleType):
            stack.extend(item.item_types)



async def announce_every_method(message: Message, scope: Scope) -> None:
    """A `before_send` hook. Litestar 2 builds a path's OPTIONS answer when the path's first handler
    registers, so its `Allow` names only that handler's methods (litestar#4169, fixed in v3)."""
    if message["type"] != "http.response.start" or scope.get("method") != "OPTIONS":
        return
    template = scope.get("path_template")
    for route in Litestar.from_scope(scope).routes:
        if isinstance(route, HTTPRoute) and route.path_format == template:
            MutableScopeHeaders.from_message(message)["allow"] = ", ".join(sorted(route.methods))
            return
