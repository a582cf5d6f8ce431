"""From a dossier's change to the citizen's phone, through the real pieces: the API writes the outbox row, the
live worker (woken by PostgreSQL's NOTIFY) fans it out and hands the messages to the gateway simulators and the
local push service, and the gateways' receipts come back to the live API."""

from __future__ import annotations

import base64
import json
import logging
import time
from typing import Any
from uuid import UUID

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from backend.notifications.clients.push import topic_for
from backend.notifications.clients.push.vapid import vapid_for
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, COMMUNE_DESK, PushSubscriber, SignedIn, act, detail, free_port, gateway_url, office,
    eventually, sign_in_staff, start_sandbox, submitted_dossiers, verify_vapid,
)



async def messages_of(db: asyncpg.Pool, dossier_id: str | UUID) -> list[asyncpg.Record]:
    return await db.fetch("select * from messages where dossier_id = $1 order by created_at, channel", UUID(str(dossier_id)))


async def arrived_at(provider: str, phone: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        answer = await http.get(f"{gateway_url(provider)}/_sandbox/messages", params={"phone": phone})
        return answer.json()


@pytest.fixture(scope="module")
async def push_service() -> Any:
    async with start_sandbox("push", free_port()) as url:
        yield url


async def test_a_change_reaches_the_phone_by_sms_and_push_and_the_receipt_marks_it_delivered(
    client: AsyncTestClient, settings: Settings, db: asyncpg.Pool, citizen: SignedIn, live_url: str, push_service: str,
) -> None:
    async with httpx.AsyncClient() as http:
        server_key = (await client.get("/api/push/key")).json()["public_key"]
        browser = await PushSubscriber().subscribe(http, push_service, server_key)
    subscribed = await client.post("/api/me/push-subscriptions", headers=citizen.headers(), json=browser.subscription())
    assert subscribed.status_code == 201, subscribed.text
    phone = (await client.get("/api/me", headers=citizen.headers())).json()["phone"]

    (dossier,) = await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)

    sent = await eventually(
        lambda: _all_handed_off(db, dossier["id"], 2), "an SMS and a push message handed off for the submission"
    )
    by_channel = {m["channel"]: m for m in sent}
    assert by_channel["push"]["status"] == "delivered" and by_channel["push"]["provider"] == "webpush"
    sms = by_channel["sms"]
    assert sms["provider"] == "esms" and sms["attempts"] == 1

    # The SMS: one segment of GSM-7 naming the dossier, with our message id as the gateway's request id.
    (arrived,) = [m for m in await arrived_at("esms", phone) if dossier["code"] in m["text"]]
    assert arrived["request_id"] == str(sms["id"]) and arrived["text"] == sms["body"]
    assert arrived["text"].startswith("MotCua: ") and arrived["text"].isascii() and len(arrived["text"]) <= 160

    # The push: decrypted with the subscription's private key; the VAPID token signed for this push service.
    async with httpx.AsyncClient() as http:
        (received,) = (await http.get(f"{push_service}/_sandbox/received", params={"token": browser.token})).json()
    payload = json.loads(browser.decrypt(base64.b64decode(received["body"])))
    assert payload == {
        "title": "Đã gửi hồ sơ", "body": payload["body"], "url": f"/#/ho-so/{dossier['id']}",
        "tag": topic_for(dossier["id"]), "lang": "vi",
    }
    assert dossier["code"] in payload["body"] and "Bạn sẽ nhận tin" in payload["body"]
    headers = received["headers"]
    assert headers["ttl"] == str(28 * 24 * 3600) and headers["topic"] == topic_for(dossier["id"])
    assert headers["urgency"] == "normal"
    claims = verify_vapid(headers["authorization"], vapid_for(settings).public_pem)
    assert claims["aud"] == push_service and claims["sub"] == settings.vapid_subject
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600

    # The gateway's receipt, posted to the live API, marks the SMS delivered; the citizen sees both.
    await eventually(lambda: _status_is(db, sms["id"], "delivered"), "the eSMS receipt marking the SMS delivered")
    seen = {m["channel"]: m for m in (await detail(client, citizen, dossier["id"]))["messages"]}
    assert {channel: (m["status"], m["status_text"]) for channel, m in seen.items()} == {
        "push": ("delivered", "Đã đến máy"), "sms": ("delivered", "Đã đến máy"),
    }
    assert seen["sms"]["text"] == sms["body"] and seen["push"]["text"] == payload["body"]


async def test_with_esms_down_the_next_change_goes_through_epacific_and_its_receipt_counts(
    client: AsyncTestClient, settings: Settings, db: asyncpg.Pool, citizen: SignedIn, live_url: str,
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)
    await eventually(lambda: _all_handed_off(db, dossier["id"], 1), "the submission's SMS")
    reception = await sign_in_staff(client, *COMMUNE_DESK)
    async with httpx.AsyncClient(base_url=gateway_url("esms")) as esms:
        assert (await esms.post("/_sandbox/down", params={"seconds": 120})).status_code == 200
        try:
            started = time.monotonic()
            seen = await office(client, reception, dossier["id"])
            received = await act(client, reception, dossier["id"], "receive", seen["lock_version"])
            assert received.status_code == 200, received.text
            messages = await eventually(lambda: _all_handed_off(db, dossier["id"], 2), "the receipt notice's SMS")
        finally:
            await esms.post("/_sandbox/up")
    notice = messages[-1]  # the newest: the receipt notice (the first told of the submission)
    assert "da duoc tiep nhan" in notice["body"]
    assert notice["provider"] == "epacific", notice["failure"]
    assert time.monotonic() - started < 60
    phone = notice["phone"]
    assert [m["request_id"] for m in await arrived_at("epacific", phone) if dossier["code"] in m["text"]][-1] == str(notice["id"])
    assert not [m for m in await arrived_at("esms", phone) if m["request_id"] == str(notice["id"])]
    await eventually(lambda: _status_is(db, notice["id"], "delivered"), "ePacific's receipt marking the SMS delivered")


async def test_a_receipt_with_a_wrong_token_is_refused_logged_and_changes_nothing(
    client: AsyncTestClient, caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="backend.notifications"):
        answer = await client.get(
            "/api/notifications/receipts/esms", params={"token": "forged", "SMSID": "1", "SendStatus": "5"}
        )
    assert answer.status_code == 403
    assert answer.json()["code"] == "bad_receipt"
    assert "refused a delivery receipt said to come from esms" in caplog.text

    unknown = await client.post("/api/notifications/receipts/nobody", content=b"{}")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_provider"


async def _all_handed_off(db: asyncpg.Pool, dossier_id: str, count: int) -> list[asyncpg.Record] | None:
    rows = await messages_of(db, dossier_id)
    done = [r for r in rows if r["status"] in ("sending", "delivered")]
    return rows if len(done) >= count else None


async def _status_is(db: asyncpg.Pool, message_id: UUID, status: str) -> bool:
    return await db.fetchval("select status from messages where id = $1", message_id) == status
