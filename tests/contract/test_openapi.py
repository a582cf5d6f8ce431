"""The OpenAPI document describes the API: the problems each operation answers, the real success
status, required headers and fields. Schemathesis checks the running API against it
(test_schemathesis.py); these tests pin what the issue reported and keep the declarations complete."""

from __future__ import annotations

import ast
import json
import uuid
from collections import defaultdict

import pytest
from litestar.testing import AsyncTestClient

from backend.openapi import generate
from backend.settings import ROOT
from tests.support import SignedIn

PROBLEM = "application/problem+json"
METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(generate())


def operations(document: dict):
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def documented_codes(document: dict) -> dict[int, set[str]]:
    """Status → every problem code some operation documents with it."""
    found: dict[int, set[str]] = defaultdict(set)
    for _, operation in operations(document):
        for status, response in operation["responses"].items():
            schema = response.get("content", {}).get(PROBLEM, {}).get("schema")
            if schema:
                found[int(status)].update(schema["allOf"][1]["properties"]["code"]["enum"])
    return found


def test_every_error_answer_is_a_problem_with_its_codes(document: dict) -> None:
    for name, operation in operations(document):
        errors = {status: r for status, r in operation["responses"].items() if int(status) >= 400}
        assert "503" in errors and "422" in errors, name
        for status, response in errors.items():
            if name == "GET /ready" and status == "503":
                continue  # readiness answers its own report, not a problem
            content = response["content"]
            assert list(content) == [PROBLEM], f"{name} {status}: {list(content)}"
            ref, codes = content[PROBLEM]["schema"]["allOf"]
            assert ref == {"$ref": "#/components/schemas/ProblemDetails"}, name
            assert codes["properties"]["code"]["enum"], f"{name} {status} lists no code"


def test_guarded_operations_document_sign_in_roles_and_csrf(document: dict) -> None:
    submit = document["paths"]["/api/dossiers/{dossier_id}/submit"]["post"]
    assert submit["security"] == [{"session": [], "csrf": []}]
    # A staff session whose second factor is pending is refused by every guard before its role is looked at.
    codes_401 = submit["responses"]["401"]["content"][PROBLEM]["schema"]["allOf"][1]["properties"]["code"]["enum"]
    assert set(codes_401) == {"unauthenticated", "second_factor_required"}
    codes_403 = submit["responses"]["403"]["content"][PROBLEM]["schema"]["allOf"][1]["properties"]["code"]["enum"]
    assert set(codes_403) == {"csrf_failed", "wrong_role", "acting_grant_ended"}  # filing routes also serve a helper acting for the citizen
    assert document["paths"]["/api/me"]["get"]["security"] == [{"session": []}]
    assert "403" not in document["paths"]["/api/me"]["get"]["responses"]  # every signed-in caller may ask
    assert "security" not in document["paths"]["/api/catalog/procedures"]["get"]
    # The routes completing a staff sign-in admit only a session whose second factor is pending.
    totp = document["paths"]["/api/auth/staff/totp"]["post"]["responses"]
    assert set(totp["401"]["content"][PROBLEM]["schema"]["allOf"][1]["properties"]["code"]["enum"]) == {"unauthenticated"}
    assert set(totp["403"]["content"][PROBLEM]["schema"]["allOf"][1]["properties"]["code"]["enum"]) == {
        "csrf_failed", "second_factor_not_pending",
    }
    assert document["components"]["securitySchemes"]["session"] == {
        "type": "apiKey", "name": "motcua_session", "in": "cookie", "description": "The session cookie set by signing in.",
    }


def test_sign_in_answers_are_documented_as_they_are_sent(document: dict) -> None:
    for path in ("/api/auth/citizen/session", "/api/auth/staff/session"):
        responses = document["paths"][path]["post"]["responses"]
        assert "200" in responses and "201" not in responses, path
    assert "429" in document["paths"]["/api/auth/citizen/code"]["post"]["responses"]
    retry_after = document["paths"]["/api/auth/staff/session"]["post"]["responses"]["429"]["headers"]["Retry-After"]
    assert retry_after["required"] is True


def test_required_header_and_fields_are_declared(document: dict) -> None:
    for action in ("submit", "resubmit"):
        operation = document["paths"][f"/api/dossiers/{{dossier_id}}/{action}"]["post"]
        header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
        assert header["in"] == "header" and header["required"] is True
        assert header["schema"]["pattern"] == "^[A-Za-z0-9_.:-]{8,100}$"
        assert set(operation["responses"]) >= {"409", "422"}
    draft = document["components"]["schemas"]["DraftInput"]
    assert draft["required"] == ["procedure_code"]
    assert draft["additionalProperties"] is False


def test_input_text_is_documented_as_the_edge_accepts_it(document: dict) -> None:
    applicant = document["components"]["schemas"]["Applicant"]["properties"]["full_name"]
    assert applicant["oneOf"][0]["pattern"].startswith("^[^\\u0000-\\u0008")
    form = document["components"]["schemas"]["DraftInput"]["properties"]["form"]["oneOf"][0]
    assert form["additionalProperties"] == {"$ref": "#/components/schemas/JsonValue"}
    assert "pattern" in form["propertyNames"]
    # Applicant ignores unknown members, but their text is checked all the same.
    assert document["components"]["schemas"]["Applicant"]["additionalProperties"] == {"$ref": "#/components/schemas/JsonValue"}
    # A pattern of the field's own is not doubled with ours.
    assert "pattern" not in document["components"]["schemas"]["Applicant"]["properties"]["cccd"]["oneOf"][0]


def test_raw_uploads_document_their_body(document: dict) -> None:
    upload = document["paths"]["/api/dossiers/{dossier_id}/documents/{document_code}/pages/{page_id}"]["put"]
    assert upload["requestBody"]["required"] is True
    assert "image/jpeg" in upload["requestBody"]["content"]
    check = document["paths"]["/api/verify/{verification_code}"]["post"]
    assert list(check["requestBody"]["content"]) == ["application/pdf"]
    pdf = document["paths"]["/api/dossiers/{dossier_id}/result"]["get"]["responses"]["200"]["content"]
    assert list(pdf) == ["application/pdf"]


def _problem_helpers(tree: ast.Module) -> dict[str, tuple[int, int | str]]:
    """Functions that build a Problem with a literal status and their `code` parameter:
    name → (status, index or keyword of the code argument)."""
    helpers: dict[str, tuple[int, int | str]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        names = [a.arg for a in function.args.args]
        for node in ast.walk(function):
            if (
                isinstance(node, ast.Call) and ast.unparse(node.func).endswith("Problem") and len(node.args) >= 2
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[1], ast.Name)
                and node.args[1].id in names
            ):
                helpers[function.name] = (node.args[0].value, names.index(node.args[1].id))
    return helpers


# Verdicts only the worker reaches (decoding a stored photo): a person sees them as the page's `failure`,
# never as an HTTP answer, so no operation documents them.
PAGE_VERDICTS = {"image_too_complex"}


def raised_codes() -> set[tuple[int, str]]:
    """(status, code) of every Problem our code raises with a literal code, directly or through a helper
    such as `invalid(field, detail, code)`."""
    trees = [ast.parse(path.read_text("utf-8")) for path in sorted((ROOT / "backend").rglob("*.py"))]
    helpers = {"too_many": (429, "code")}  # `too_many(seconds, detail, code="too_many_requests")`
    for tree in trees:
        helpers |= _problem_helpers(tree)
    found = {(429, "too_many_requests")}
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func).rsplit(".", 1)[-1]
            if name == "Problem" and len(node.args) >= 2 and all(isinstance(a, ast.Constant) for a in node.args[:2]):
                found.add((node.args[0].value, node.args[1].value))
            elif name in helpers:
                status, where = helpers[name]
                argument = (
                    next((k.value for k in node.keywords if k.arg == where), None) if isinstance(where, str)
                    else (node.args[where] if len(node.args) > where else None)
                )
                if isinstance(argument, ast.Constant):
                    found.add((status, argument.value))
    return found


def test_schema_names_are_unique_across_domains(document: dict) -> None:
    """Two domains' structs of one name get module-prefixed names ("stats_schemas_Dashboard"), which the PWA's
    generated types then spell differently in every build: name each struct for what it is instead."""
    prefixed = [name for name in document["components"]["schemas"] if "_schemas_" in name]
    assert prefixed == []


def test_every_problem_the_code_raises_is_documented(document: dict) -> None:
    documented = documented_codes(document)
    raised = raised_codes()
    assert len(raised) > 50, "the scan found too little to be trusted"
    missing = sorted(
        f"{status} {code}" for status, code in raised if code not in documented[status] and code not in PAGE_VERDICTS
    )
    assert not missing, f"raised but documented on no operation (declare them with opt={{PROBLEMS: ...}}): {missing}"


async def test_the_served_document_is_the_completed_one(client: AsyncTestClient, document: dict) -> None:
    served = (await client.get("/schema/openapi.json")).json()
    assert served["paths"] == document["paths"]
    assert served["components"] == document["components"]


async def test_options_names_every_method_of_the_path(client: AsyncTestClient, citizen: SignedIn) -> None:
    response = await client.options(f"/api/dossiers/{uuid.uuid4()}", headers=citizen.headers())
    assert response.status_code == 204
    assert response.headers["allow"] == "DELETE, GET, OPTIONS, PUT"
    assert (await client.options("/api/verify/abc")).headers["allow"] == "GET, OPTIONS, POST"


async def test_a_missing_idempotency_key_is_named(client: AsyncTestClient, citizen: SignedIn) -> None:
    response = await client.post(f"/api/dossiers/{uuid.uuid4()}/submit", headers=citizen.headers())
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "Idempotency-Key", "message": "là thông tin bắt buộc"}]
    malformed = await client.post(
        f"/api/dossiers/{uuid.uuid4()}/submit", headers=citizen.headers(**{"Idempotency-Key": "short"})
    )
    assert malformed.status_code == 422
    assert malformed.json()["errors"] == [{"field": "Idempotency-Key", "message": "không đúng định dạng"}]


async def test_an_empty_draft_body_names_the_required_field(client: AsyncTestClient, citizen: SignedIn) -> None:
    response = await client.put(f"/api/dossiers/{uuid.uuid4()}", json={}, headers=citizen.headers())
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "procedure_code", "message": "thiếu thông tin bắt buộc `procedure_code`"}]


def test_the_raised_code_scan_sees_helpers() -> None:
    tree = ast.parse(
        "def invalid(field, detail, code):\n    return Problem(422, code, 't', detail)\n"
        "def f():\n    raise invalid('cccd', 'x', 'invalid_cccd')\n"
    )
    assert _problem_helpers(tree) == {"invalid": (422, 2)}
