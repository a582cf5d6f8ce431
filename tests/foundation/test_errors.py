"""Every error is RFC 9457 problem+json with a stable code and Vietnamese copy, never a 500."""

from collections.abc import AsyncIterator
from typing import Annotated

import msgspec
import pytest
from litestar import get, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient

from backend.app import create_app
from backend.settings import Settings

PROBLEM = "application/problem+json"


class EchoIn(msgspec.Struct):
    name: str
    copies: Annotated[int, msgspec.Meta(ge=1)] = 1


@post("/api/test/echo")
async def echo(data: JSONBody[EchoIn]) -> EchoIn:
    return data


@get("/api/test/boom")
async def boom() -> None:
    raise RuntimeError("a bug, not bad input")


@pytest.fixture(scope="module")
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The real app plus two probe routes, in an app of its own so the route table stays clean."""
    app = create_app(settings)
    app.register(echo)
    app.register(boom)
    async with AsyncTestClient(app) as test_client:
        yield test_client


async def test_unknown_path_is_problem_json_in_vietnamese(client: AsyncTestClient) -> None:
    response = await client.get("/nonexistent")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["code"] == "not_found"
    assert body["status"] == 404
    assert body["title"] == "Không tìm thấy"
    assert "đường dẫn" in body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]


async def test_wrong_method_is_405_problem(client: AsyncTestClient) -> None:
    response = await client.post("/health")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["code"] == "method_not_allowed"


async def test_malformed_json_body_is_explained(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/test/echo", content=b'{"name": "Lan", ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    body = response.json()
    assert response.headers["content-type"].startswith(PROBLEM)
    assert body["code"] == "malformed_json"
    assert "JSON hợp lệ" in body["detail"]


async def test_wrong_type_names_the_field_in_vietnamese(client: AsyncTestClient) -> None:
    response = await client.post("/api/test/echo", json={"name": "Lan", "copies": "hai"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"] == [{"field": "copies", "message": "phải là một số nguyên"}]
    assert "`copies` phải là một số nguyên" in body["detail"]


async def test_missing_field_and_bounds_are_explained(client: AsyncTestClient) -> None:
    missing = (await client.post("/api/test/echo", json={"copies": 1})).json()
    assert missing["errors"][0]["message"] == "thiếu thông tin bắt buộc `name`"
    too_small = (await client.post("/api/test/echo", json={"name": "Lan", "copies": 0})).json()
    assert too_small["errors"] == [{"field": "copies", "message": "phải lớn hơn hoặc bằng 1"}]


async def test_unexpected_failure_is_a_problem_not_a_stack_trace(client: AsyncTestClient) -> None:
    response = await client.get("/api/test/boom")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "internal_error"
    assert "Traceback" not in response.text and "RuntimeError" not in response.text
    assert "không bị mất" in body["detail"]


async def test_the_same_problem_in_english_when_the_request_asks_for_it(client: AsyncTestClient) -> None:
    vietnamese = await client.get("/nonexistent", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.8"})
    english = await client.get("/nonexistent", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert vietnamese.json()["code"] == english.json()["code"] == "not_found"  # codes stay as they are
    assert (vietnamese.json()["title"], english.json()["title"]) == ("Không tìm thấy", "Not found")
    assert english.json()["detail"] == "There is no page or data at this address. Please check the link."
    assert (vietnamese.headers["content-language"], english.headers["content-language"]) == ("vi", "en")
    assert "accept-language" in english.headers["vary"].lower()


async def test_validation_messages_name_the_field_in_english_too(client: AsyncTestClient) -> None:
    response = await client.post("/api/test/echo", json={"name": "Lan", "copies": "hai"}, headers={"Accept-Language": "en"})
    body = response.json()
    assert response.status_code == 422 and body["code"] == "validation_error"
    assert body["title"] == "Some information is not valid"
    assert body["errors"] == [{"field": "copies", "message": "must be a whole number"}]
    assert body["detail"] == "Please correct this and send again: `copies` must be a whole number."
    bounds = (await client.post("/api/test/echo", json={"name": "Lan", "copies": 0}, headers={"Accept-Language": "en"})).json()
    assert bounds["errors"] == [{"field": "copies", "message": "must be at least 1"}]
    missing = (await client.post("/api/test/echo", json={"copies": 1}, headers={"Accept-Language": "en"})).json()
    assert missing["errors"] == [{"field": "name", "message": "required information `name` is missing"}]


async def test_a_language_we_do_not_speak_gets_vietnamese(client: AsyncTestClient) -> None:
    for header in ("fr-FR,fr;q=0.9", "*", "en;q=0, vi;q=0.5", ""):
        body = (await client.get("/nonexistent", headers={"Accept-Language": header})).json()
        assert body["title"] == "Không tìm thấy", header


async def test_an_unexpected_failure_is_explained_in_english_too(client: AsyncTestClient) -> None:
    body = (await client.get("/api/test/boom", headers={"Accept-Language": "en"})).json()
    assert body["code"] == "internal_error" and "nothing you saved is lost" in body["detail"]
