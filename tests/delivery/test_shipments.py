"""A result by post through the live API: submitted with home delivery, resolved, handed to the post in a batch with
its manifest, taken by the courier, delivered with the recipient's code (sent by SMS through the outbox to the
recipient's phone), and followed by anyone with the tracking code."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from uuid import UUID

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from backend import clock
from backend.delivery import service, tracking
from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, DEMO, SignedIn, act, clear_rate_limits, detail, e164,
    eventually, issue_result, office, random_phone, recipient_code, resolved_at_the_desk, sign_in_staff, submitted_dossiers,
)


@pytest.fixture
async def desk(client: AsyncTestClient, seeded: None) -> SignedIn:
    return await sign_in_staff(client, *COMMUNE_DESK)


@pytest.fixture
async def courier(client: AsyncTestClient, seeded: None) -> SignedIn:
    return await sign_in_staff(client, *DEMO["courier"])


async def _result_ready_by_post(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, desk: SignedIn, demo_commune: str, phone: str,
    payment: str = "with_fee",
) -> dict:
    """A certified copy sent home by post: received, resolved on the spot, its fee and postage paid at the desk."""
    post = {"method": "post", "recipient_name": "Nguyễn Văn An", "phone": phone, "street": "12 Trần Phú",
            "province_code": settings.demo_province_code, "commune_code": demo_commune, "postage_payment": payment}
    (dossier,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1, delivery=post)
    return await resolved_at_the_desk(client, citizen, desk, dossier["id"])


async def _shipment(client: AsyncTestClient, citizen: SignedIn, dossier_id: str) -> dict:
    answer = await client.get(f"/api/dossiers/{dossier_id}/shipments", headers=citizen.headers())
    assert answer.status_code == 200, answer.text
    (shipment,) = answer.json()
    return shipment


async def _events(client: AsyncTestClient, courier: SignedIn, *events: dict, lang: str = "vi") -> list[dict]:
    answer = await client.post("/api/courier/events", json={"events": list(events)},
                               headers=courier.headers(**{"Accept-Language": lang}))
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def _event(tracking_code: str, action: str, at: datetime, **extra: object) -> dict:
    return {"idempotency_key": str(new_id()), "tracking_code": tracking_code, "action": action,
            "device_time": at.isoformat(), **extra}


async def _handed_over(client: AsyncTestClient, desk: SignedIn, courier: SignedIn) -> dict:
    batch = await client.post("/api/office/handovers", headers=desk.headers())
    assert batch.status_code == 200, batch.text
    confirmed = await client.post(f"/api/courier/handovers/{batch.json()['id']}/confirm", headers=courier.headers())
    assert confirmed.status_code == 200, confirmed.text
    return batch.json()


async def test_a_result_goes_home_by_post_and_is_delivered_with_the_recipients_code(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, desk: SignedIn, courier: SignedIn, demo_commune: str,
    live_url: str,
) -> None:
    phone = random_phone()
    dossier = await _result_ready_by_post(client, settings, citizen, desk, demo_commune, phone)
    assert dossier["state"] == "result_ready"
    assert dossier["postage"] == {"amount": 25_000, "weight_class": "result_letter", "zone": "same_province",
                                  "estimate": True, "payment": "with_fee"}
    assert dossier["fee"]["lines"][-1] == {"label": "Cước bưu chính: thư kết quả (đến 250 g)", "amount": 25_000,
                                           "label_en": "Postage: result letter (up to 250 g)"}
    shipment = await _shipment(client, citizen, dossier["id"])
    code = shipment["tracking_code"]
    assert tracking.is_valid(code) and shipment["state"] == "created" and shipment["postage"] == 25_000

    waiting = (await client.get("/api/office/handovers", headers=desk.headers())).json()["waiting"]
    assert code in [w["tracking_code"] for w in waiting]
    batch = await client.post("/api/office/handovers", headers=desk.headers())
    assert batch.status_code == 200, batch.text
    manifest = await client.get(batch.json()["manifest_url"], headers=desk.headers())
    assert manifest.status_code == 200 and manifest.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(manifest.content)).pages)
    assert code in text and "Nguyễn Văn An" in text and phone[-3:] in text and phone not in text
    offered = (await client.get("/api/courier/handovers", headers=courier.headers())).json()
    assert batch.json()["id"] in [b["id"] for b in offered]
    confirmed = await client.post(f"/api/courier/handovers/{batch.json()['id']}/confirm", headers=courier.headers())
    assert confirmed.status_code == 200, confirmed.text
    again = await client.post(f"/api/courier/handovers/{batch.json()['id']}/confirm", headers=courier.headers())
    assert again.status_code == 409 and again.json()["code"] == "batch_already_confirmed"
    assert (await detail(client, citizen, dossier["id"]))["state"] == "delivering"

    mine = {s["tracking_code"]: s for s in (await client.get("/api/courier/shipments", headers=courier.headers())).json()}
    assert mine[code]["phone"] == e164(phone) and mine[code]["has_phone"] and mine[code]["allowed_actions"] == [
        "transit", "out_for_delivery"]
    now = clock.now()
    # Recorded offline and sent together, out of order: applied by device time; delivering first is impossible.
    early = _event(code, "deliver", now - timedelta(minutes=30), recipient_code="000000")
    out = _event(code, "out_for_delivery", now - timedelta(minutes=20))
    results = await _events(client, courier, out, early)
    assert [r["idempotency_key"] for r in results] == [early["idempotency_key"], out["idempotency_key"]]
    assert results[0]["outcome"] == "refused" and results[0]["state"] == "handed_over"
    assert results[0]["problem"]["code"] == "shipment_transition_not_allowed"
    assert "Vận đơn đang ở trạng thái “Bưu điện đã nhận từ Bộ phận một cửa”" in results[0]["problem"]["detail"]
    assert results[1]["outcome"] == "applied" and results[1]["state"] == "out_for_delivery"
    assert [r["outcome"] for r in await _events(client, courier, out)] == ["duplicate"]

    right = await recipient_code(phone)
    no_code = await _events(client, courier, _event(code, "deliver", now))
    assert no_code[0]["outcome"] == "refused" and no_code[0]["problem"]["code"] == "recipient_code_required"
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        (result,) = await _events(client, courier, _event(code, "deliver", now, recipient_code=wrong))
        assert result["problem"]["code"] == "recipient_code_wrong" and result["problem"]["attempts_left"] == left
    (locked,) = await _events(client, courier, _event(code, "deliver", now, recipient_code=wrong))
    assert locked["problem"]["code"] == "recipient_code_locked" and locked["problem"]["status"] == 423
    (still,) = await _events(client, courier, _event(code, "deliver", now, recipient_code=right))
    assert still["outcome"] == "refused" and still["problem"]["code"] == "recipient_code_locked"

    sent = await client.post(f"/api/courier/shipments/{code}/code", headers=courier.headers())
    assert sent.status_code == 200 and sent.json()["phone_masked"].endswith(phone[-3:])

    async def new_code() -> str | None:
        fresh = await recipient_code(phone)
        return fresh if fresh != right else None

    fresh = await eventually(new_code, "a new recipient's code")
    (old,) = await _events(client, courier, _event(code, "deliver", now, recipient_code=right))
    assert old["problem"]["code"] == "recipient_code_wrong"
    (delivered,) = await _events(client, courier, _event(code, "deliver", now + timedelta(minutes=1), recipient_code=fresh))
    assert delivered["outcome"] == "applied" and delivered["state"] == "delivered"
    # Finished today, it stays on the courier's day, with nothing more to do.
    mine = {s["tracking_code"]: s for s in (await client.get("/api/courier/shipments", headers=courier.headers())).json()}
    assert mine[code]["state"] == "delivered" and mine[code]["allowed_actions"] == []
    citizen_view = await detail(client, citizen, dossier["id"])
    assert citizen_view["state"] == "delivered" and citizen_view["timeline"][-1]["action"] == "deliver"
    # The recipient's SMS (their codes) went to their phone: never listed as the applicant's messages.
    assert not [m for m in citizen_view["messages"] if right in m["text"] or fresh in m["text"]]
    shipment = await _shipment(client, citizen, dossier["id"])
    assert [t["state"] for t in shipment["timeline"]] == ["created", "handed_over", "out_for_delivery", "delivered"]

    # The recipient, not signed in, follows it with the code and the last four digits of their phone.
    await clear_rate_limits(settings)
    tracked = await client.post("/api/lookup/shipment", json={"tracking_code": code.lower(), "phone_last4": phone[-4:]},
                                headers={"Accept-Language": "en"})
    assert tracked.status_code == 200, tracked.text
    body = tracked.json()
    assert body["state"] == "delivered" and body["state_words"] == "Delivered" and body["recipient_initials"] == "N. V. A."
    assert set(body) == {"tracking_code", "direction", "state", "state_words", "recipient_initials", "commune_name", "timeline"}
    assert phone[-4:] not in tracked.text and "Nguyễn" not in tracked.text


async def test_a_wrong_last4_answers_like_an_unknown_code_and_twenty_wrong_tries_are_a_429(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, desk: SignedIn, demo_commune: str,
) -> None:
    phone = random_phone()
    dossier = await _result_ready_by_post(client, settings, citizen, desk, demo_commune, phone)
    code = (await _shipment(client, citizen, dossier["id"]))["tracking_code"]
    await clear_rate_limits(settings)

    async def look(tracking_code: str, last4: str) -> httpx.Response:
        return await client.post("/api/lookup/shipment", json={"tracking_code": tracking_code, "phone_last4": last4},
                                 headers={"X-Request-ID": "shipment-lookup"})

    wrong = f"{(int(phone[-4:]) + 1) % 10_000:04d}"
    wrong_pair, unknown = await look(code, wrong), await look(tracking.generate(99_999_998), wrong)
    assert wrong_pair.status_code == unknown.status_code == 404
    assert wrong_pair.json()["code"] == "shipment_lookup_not_found" and wrong_pair.content == unknown.content
    await clear_rate_limits(settings)
    for serial in range(20):
        assert (await look(tracking.generate(99_000_000 + serial), "0000")).status_code == 404
    refused = await look(code, phone[-4:])
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_requests"
    await clear_rate_limits(settings)


async def test_the_batch_cron_takes_results_ready_and_leaves_a_fee_still_owed(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, desk: SignedIn, demo_commune: str,
) -> None:
    ready = await _result_ready_by_post(client, settings, citizen, desk, demo_commune, random_phone())
    owing = await _result_ready_by_post(client, settings, citizen, desk, demo_commune, random_phone(), "on_delivery")
    assert owing["state"] == "result_ready"
    # Unpaid: the same dossier shape, stopped before the desk took the fee (result_awaiting_payment).
    post = {"method": "post", "recipient_name": "Trần Thị B", "phone": random_phone(), "street": "1 Lê Lợi",
            "province_code": settings.demo_province_code, "commune_code": demo_commune}
    (unpaid,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1, delivery=post)
    for step in ("receive", "resolve_on_the_spot"):
        seen = await office(client, desk, unpaid["id"])
        if step == "resolve_on_the_spot":
            await issue_result(client, desk, unpaid["id"], seen["lock_version"])
            seen = await office(client, desk, unpaid["id"])
        assert (await act(client, desk, unpaid["id"], step, seen["lock_version"])).status_code == 200
    assert (await detail(client, citizen, unpaid["id"]))["state"] == "result_awaiting_payment"

    ids = [UUID(ready["id"]), UUID(owing["id"]), UUID(unpaid["id"])]
    slot_time = datetime(2030, 3, 4, 15, 0, tzinfo=clock.VIETNAM)
    assert service.latest_slot("10:00,15:00", slot_time - timedelta(hours=6)) is None
    assert service.latest_slot("10:00,15:00", slot_time + timedelta(minutes=7)) == slot_time
    # The worker's own cron may have batched them already at today's slot: take them out again for a slot of ours.
    await db.execute("update shipments set batch_id = null where dossier_id = any($1::uuid[])", ids)
    assert await service.close_batches(db, settings, slot_time + timedelta(minutes=1)) >= 1
    assert await service.close_batches(db, settings, slot_time + timedelta(minutes=2)) == 0  # once per slot
    batched = {
        row["dossier_id"]: row["batch_id"]
        for row in await db.fetch("select dossier_id, batch_id from shipments where dossier_id = any($1::uuid[])", ids)
    }
    assert batched[UUID(ready["id"])] is not None and batched[UUID(owing["id"])] == batched[UUID(ready["id"])]
    assert batched[UUID(unpaid["id"])] is None
    cash = await db.fetchval("select cash_to_collect from shipments where dossier_id = $1", UUID(owing["id"]))
    assert cash == 25_000 and owing["postage"]["payment"] == "on_delivery"
    assert all(line["amount"] != 25_000 or "Cước" not in line["label"] for line in owing["fee"]["lines"])


async def test_papers_are_collected_from_home_once_per_key(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, courier: SignedIn, demo_commune: str,
) -> None:
    post = {"method": "counter"}
    (dossier,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1, delivery=post)
    ask = {"name": "Nguyễn Thị Lan", "phone": "0912345675", "province_code": settings.demo_province_code,
           "commune_code": demo_commune, "street": "12 Trần Phú"}
    key = str(new_id())
    headers = citizen.headers(**{"Idempotency-Key": key})
    first = await client.post(f"/api/dossiers/{dossier['id']}/collection", json=ask, headers=headers)
    again = await client.post(f"/api/dossiers/{dossier['id']}/collection", json=ask, headers=headers)
    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["tracking_code"] == again.json()["tracking_code"]
    collection = first.json()
    assert collection["direction"] == "inbound" and collection["postage"] == 35_000
    assert collection["cash_to_collect"] == 35_000 and collection["tracking_code"].startswith("RB")
    other = await client.post(f"/api/dossiers/{dossier['id']}/collection", json=ask,
                              headers=citizen.headers(**{"Idempotency-Key": str(new_id())}))
    assert other.status_code == 409 and other.json()["code"] == "collection_exists"

    code = collection["tracking_code"]
    waiting = (await client.get("/api/courier/shipments", headers=courier.headers())).json()
    assert code in [s["tracking_code"] for s in waiting]
    now = datetime.now(timezone.utc)
    no_reason = await _events(client, courier, _event(code, "fail", now))
    assert no_reason[0]["problem"]["code"] == "reason_required"
    results = await _events(
        client, courier, _event(code, "deliver", now + timedelta(hours=1)), _event(code, "pick_up", now),
    )
    assert [r["outcome"] for r in results] == ["applied", "applied"]
    shipment = await _shipment(client, citizen, dossier["id"])
    assert shipment["state"] == "delivered" and [t["state"] for t in shipment["timeline"]] == [
        "created", "picked_up", "delivered"]
