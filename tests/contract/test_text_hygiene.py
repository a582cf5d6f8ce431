"""Every string a route takes, tried with U+0000: a 422 problem naming the field, never a 500.

The cases are generated from the app's route table: each route's string path parameters, each of its
query parameters, and every string (or free-form value, or key) reachable in its JSON body's type.
Each is sent alone, by a caller the route's guards admit, so the answer can only come from the edge.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import msgspec
import msgspec.inspect as mi
import pytest
from litestar import Litestar
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from backend.accounts.schemas import Role
from tests.support import DEMO, SignedIn, clear_rate_limits, password_step, sign_in_citizen, sign_in_staff

NUL = "a\u0000b"
PROBLEM = "application/problem+json"
# Fillers for the path parameters not under test.
PATH_FILLERS = {"UUID": lambda: str(uuid.uuid4()), "date": lambda: "2026-01-05", "str": lambda: "x"}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    handler: HTTPRouteHandler
    field: str
    where: str  # "path", "query" or "body"
    path_values: dict[str, str]
    query: dict[str, str]
    body: Any

    @property
    def url(self) -> str:
        return self.path.format(**{name: quote(value, safe='') for name, value in self.path_values.items()})

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.where} `{self.field}`"


def _join(parent: str, child: str) -> str:
    if not child:
        return parent
    return f"{parent}{child}" if child.startswith("[") else f"{parent}.{child}"


def nul_values(info: mi.Type, depth: int = 0) -> Iterator[tuple[str, Any]]:
    """(field path, a JSON value with U+0000 at that path) for every text reachable in a body type."""
    if depth > 6:
        return
    if isinstance(info, (mi.StrType, mi.AnyType)) or (
        isinstance(info, mi.LiteralType) and any(isinstance(v, str) for v in info.values)
    ):
        yield "", NUL
    elif isinstance(info, mi.StructType):
        for field in info.fields:
            for sub, value in nul_values(field.type, depth + 1):
                yield _join(field.encode_name, sub), {field.encode_name: value}
    elif isinstance(info, mi.DictType):
        yield "", {NUL: 1}  # a key: named by the object that holds it
        for sub, value in nul_values(info.value_type, depth + 1):
            yield _join("ma", sub), {"ma": value}
    elif isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        for sub, value in nul_values(info.item_type, depth + 1):
            yield _join("[0]", sub), [value]
    elif isinstance(info, mi.UnionType):
        seen = set()
        for member in info.types:
            for sub, value in nul_values(member, depth + 1):
                if sub not in seen:
                    seen.add(sub)
                    yield sub, value


def _query_names(handler: HTTPRouteHandler, path_names: set[str]) -> list[str]:
    dependencies = set(handler.resolve_dependencies())
    names = []
    for name, field in handler.parsed_fn_signature.parameters.items():
        kwarg = field.kwarg_definition
        if name in path_names or name in dependencies or name in {"request", "data"}:
            continue
        if not isinstance(kwarg, ParameterKwarg):
            names.append(name)
        elif kwarg.param_type == ParamType.QUERY:
            names.append(kwarg.name or name)
    return names


def cases(app: Litestar) -> Iterator[Case]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or route.path_format.startswith("/schema"):
            continue
        kinds = {name: p.type.__name__ for name, p in route.path_parameters.items()}
        fillers = {name: PATH_FILLERS.get(kind, PATH_FILLERS["str"])() for name, kind in kinds.items()}
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                empty_body = None if method == "GET" else {}
                base = dict(method=method, path=route.path_format, handler=handler)
                for name, kind in kinds.items():
                    if kind in {"str", "Path"}:
                        yield Case(**base, field=name, where="path", path_values=fillers | {name: NUL},
                                   query={}, body=empty_body)
                for name in _query_names(handler, set(kinds)):
                    yield Case(**base, field=name, where="query", path_values=fillers, query={name: NUL},
                               body=empty_body)
                data = handler.parsed_fn_signature.parameters.get("data")
                if data is not None:
                    for field, body in nul_values(mi.type_info(data.annotation)):
                        yield Case(**base, field=field or "body", where="body", path_values=fillers, query={},
                                   body=body)


def admitted_caller(handler: HTTPRouteHandler) -> str | None:
    """The caller every guard lets through: a citizen when possible, otherwise a staff role; None if public."""
    guards = handler.resolve_guards()
    if not guards:
        return None
    admitted = set(Role)
    for guard in guards:
        admitted &= getattr(guard, "allowed_roles", frozenset())
    if not admitted:  # the second factor's routes: a staff session halfway through signing in
        return "second_factor_pending"
    return "citizen" if "citizen" in admitted else sorted(admitted)[0]


@pytest.fixture(scope="module")
async def callers(client: AsyncTestClient, seeded: None, settings) -> dict[str, SignedIn]:
    await clear_rate_limits(settings)
    sessions = {"citizen": await sign_in_citizen(client)}
    for role, (username, password) in DEMO.items():
        sessions[role] = await sign_in_staff(client, username, password)
    sessions["second_factor_pending"], _ = await password_step(client, *DEMO["admin"])
    return sessions


def _assert_names_the_field(response, case: Case) -> None:
    context = f"{case}: {response.status_code} {response.text}"
    assert response.status_code == 422, context
    assert response.headers["content-type"].startswith(PROBLEM), context
    body = response.json()
    assert body["code"] == "invalid_characters", context
    assert [e["field"] for e in body["errors"]] == [case.field], context
    assert "U+0000" in body["errors"][0]["message"], context
    assert f"`{case.field}`" in body["detail"], context


async def test_every_string_input_refuses_nul_by_name(
    app: Litestar, client: AsyncTestClient, callers: dict[str, SignedIn]
) -> None:
    checked = {"path": 0, "query": 0, "body": 0}
    for case in cases(app):
        caller = admitted_caller(case.handler)
        headers = callers[caller].headers() if caller else {}
        client.cookies.clear()
        response = await client.request(case.method, case.url, params=case.query, json=case.body, headers=headers)
        _assert_names_the_field(response, case)
        checked[case.where] += 1
    # The routes the issue reported, so a generator that found nothing cannot pass.
    assert checked["path"] >= 8 and checked["query"] >= 20 and checked["body"] >= 40, checked


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "field"),
    [
        ("GET", "/api/catalog/procedures", {"params": {"agency": "\u0000"}}, "agency"),
        ("GET", "/api/verify/a%00b", {}, "verification_code"),
        ("POST", "/api/auth/staff/session", {"json": {"username": NUL, "password": "x"}}, "username"),
        ("GET", "/api/catalog/procedures", {"params": {"q": "h\u001fa"}}, "q"),
        ("POST", "/api/auth/citizen/code", {"json": {"phone": "0912\ufffe"}}, "phone"),
        ("GET", "/api/config", {"headers": {"user-agent": "Mozilla\u0000"}}, "user-agent"),
    ],
)
async def test_the_reported_operations_answer_422_naming_the_field(
    client: AsyncTestClient, seeded: None, method: str, url: str, kwargs: dict, field: str
) -> None:
    client.cookies.clear()
    response = await client.request(method, url, **kwargs)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_characters"
    assert body["errors"][0]["field"] == field
    assert "ký tự ẩn" in body["errors"][0]["message"]


async def test_tab_newline_and_vietnamese_text_pass(client: AsyncTestClient, citizen: SignedIn) -> None:
    profile = {"full_name": "Nguyễn Thị\tLan", "address": {"province_code": "56", "street": "12 Trần Phú\r\nNha Trang"}}
    response = await client.put("/api/me/profile", json=profile, headers=citizen.headers())
    assert response.status_code == 200, response.text  # allowed; the profile then tidies its own whitespace
    assert response.json()["address"]["street"].endswith("Nha Trang")


async def test_names_and_addresses_are_stored_in_nfc(client: AsyncTestClient, citizen: SignedIn) -> None:
    decomposed = "Kha\u0301nh Ho\u0300a"  # "Khánh Hòa" typed with combining accents
    profile = {"full_name": decomposed, "address": {"province_code": "56", "street": f"Thôn {decomposed}"}}
    saved = await client.put("/api/me/profile", json=profile, headers=citizen.headers())
    assert saved.status_code == 200, saved.text
    read = (await client.get("/api/me/profile", headers=citizen.headers())).json()
    assert read["full_name"] == "Khánh Hòa" and len(read["full_name"]) == 9
    assert read["address"]["street"] == "Thôn Khánh Hòa"


async def test_a_key_with_nul_is_named_by_its_object(client: AsyncTestClient, citizen: SignedIn) -> None:
    response = await client.put(
        f"/api/dossiers/{uuid.uuid4()}",
        json={"procedure_code": "1.001193", "form": {"ho\u0000ten": "Lan"}},
        headers=citizen.headers(),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "form", "message": "có tên mục chứa ký tự ẩn không được phép (U+0000)"}
    ]


async def test_a_deeply_nested_body_is_malformed_not_a_crash(client: AsyncTestClient, citizen: SignedIn) -> None:
    deep = b'{"form": {"a": ' + b"[" * 50_000 + b"]" * 50_000 + b"}}"
    response = await client.put(
        f"/api/dossiers/{uuid.uuid4()}", content=deep,
        headers=citizen.headers(**{"Content-Type": "application/json"}),
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "malformed_json"


async def test_raw_uploads_are_bytes_not_text(client: AsyncTestClient, seeded: None) -> None:
    """A PDF copy to verify may hold any byte; it is not a string and is not refused for a NUL."""
    response = await client.post("/api/verify/khong-co", content=b"%PDF-1.7\x00\x00")
    assert response.status_code == 404, response.text
    assert response.json()["code"] != "invalid_characters"


class Inner(msgspec.Struct):
    street: str


class Outer(msgspec.Struct):
    names: list[str]
    address: Inner | None = None
    answers: dict[str, Any] = {}


def test_the_generator_reaches_nested_text() -> None:
    paths = [path for path, _ in nul_values(mi.type_info(Outer))]
    assert paths == ["names[0]", "address.street", "answers", "answers.ma"]
