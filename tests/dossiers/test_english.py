"""A dossier in the reader's language (Accept-Language, which the PWA sets to the person's choice): the words
the server puts together — status, form errors, what is missing, timeline notes, refusals — in English when
asked, Vietnamese otherwise; catalogue names travel in both."""

from __future__ import annotations

import re
import uuid

import pytest
from litestar.testing import AsyncTestClient

from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, COMMUNE_DESK, SignedIn, act, new_draft, sign_in_staff, submitted_dossiers,
)

pytestmark = pytest.mark.usefixtures("seeded")

EN = {"Accept-Language": "en"}
DAY = re.compile(r"\d{2}/\d{2}/\d{4}")


async def _get(client: AsyncTestClient, who: SignedIn, path: str, **headers: str) -> dict:
    response = await client.get(path, headers=who.headers(**headers))
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_draft_in_either_language(client: AsyncTestClient, citizen: SignedIn) -> None:
    draft = await new_draft(client, citizen, BIRTH_REGISTRATION, form={"copies_requested": 11})
    path = f"/api/dossiers/{draft['id']}"
    vietnamese, english = await _get(client, citizen, path), await _get(client, citizen, path, **EN)
    assert (vietnamese["state_words"], english["state_words"]) == ("Bản nháp — chưa gửi", "Draft — not sent yet")
    wrong = {"field": "copies_requested", "message": "“Number of copies of the birth extract requested” must be at most 10"}
    assert wrong in english["form_errors"]
    assert {"field": "copies_requested", "message": "“Số bản sao trích lục yêu cầu” phải nhỏ hơn hoặc bằng 10"} in (
        vietnamese["form_errors"]
    )
    # Catalogue names come in both, whatever the language asked.
    for body in (vietnamese, english):
        assert (body["procedure_name"], body["procedure_name_en"]) == ("Đăng ký khai sinh", "Birth registration")
        assert body["documents"][0]["name_en"] == "Birth registration form"
        assert body["agency_name_en"].startswith("People's Committee of ")


async def test_an_incomplete_submission_is_refused_in_english(client: AsyncTestClient, citizen: SignedIn) -> None:
    draft = await new_draft(client, citizen, BIRTH_REGISTRATION, form=BIRTH_FORM)
    response = await client.post(
        f"/api/dossiers/{draft['id']}/submit", content=b"{}",
        headers=citizen.headers(**{"Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json", **EN}),
    )
    body = response.json()
    assert response.status_code == 422 and body["code"] == "dossier_incomplete"
    assert body["title"] == "The dossier is not complete"
    assert body["detail"].startswith("Still missing: no photo of “Birth registration form” yet;")
    assert {"field": "documents.giay_chung_sinh", "message": "no photo of “Medical certificate of birth” yet"} in body["errors"]


async def test_the_timeline_and_a_refused_move_in_either_language(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    received = await act(client, desk, dossier["id"], "receive", dossier["lock_version"])
    assert received.status_code == 200, received.text

    path = f"/api/dossiers/{dossier['id']}"
    vietnamese, english = await _get(client, citizen, path), await _get(client, citizen, path, **EN)
    assert english["state_words"] == "Received, with a date for the result"
    assert [e["words"] for e in english["timeline"]] == [
        "Sent, waiting for the one-stop officer to check it", "Received, with a date for the result",
    ]
    due = DAY.search(vietnamese["timeline"][-1]["note"]).group()  # type: ignore[union-attr]
    assert vietnamese["timeline"][-1]["note"] == f"Ngày hẹn trả kết quả: {due}"
    assert english["timeline"][-1]["note"] == f"Result due on {due}"
    listed = (await _get(client, citizen, "/api/dossiers", **EN))["items"]
    assert next(i for i in listed if i["id"] == dossier["id"])["state_words"] == "Received, with a date for the result"

    # The officer's view says the same; a move the table refuses is explained in English.
    office = (await client.get(f"/api/office/dossiers/{dossier['id']}", headers=desk.headers(**EN))).json()
    assert office["timeline"][-1]["note"] == f"Result due on {due}"
    assert office["state_words"] == "Received, with a date for the result"
    refused = await client.post(
        f"/api/office/dossiers/{dossier['id']}/actions/receive", json={"lock_version": office["lock_version"]},
        headers=desk.headers(**EN),
    )
    assert refused.status_code == 409 and refused.json()["detail"].startswith(
        "The dossier is at “Received, with a date for the result”, so you cannot receive it. What can be done: "
    )

    # The officer asks for more papers: the server's words in the reader's language, the officer's as written.
    started = await act(client, desk, dossier["id"], "start", office["lock_version"])
    asked = await act(
        client, desk, dossier["id"], "request_supplement", started.json()["lock_version"],
        missing=["Bản chụp CCCD mặt sau"], note="Ảnh bị mờ.",
    )
    assert asked.status_code == 200, asked.text
    vietnamese, english = await _get(client, citizen, path), await _get(client, citizen, path, **EN)
    assert vietnamese["timeline"][-1]["note"] == "Cần bổ sung: Bản chụp CCCD mặt sau. Ảnh bị mờ."
    assert english["timeline"][-1]["note"] == "To add: Bản chụp CCCD mặt sau. Ảnh bị mờ."
    assert english["timeline"][-1]["words"] == "Papers to add — see the officer's request"
