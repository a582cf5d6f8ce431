"""A result carried home by VNPost: a second live API with DELIVERY_CARRIER=vnpost and a VNPost simulator of its own,
whose signed status webhooks reach that API. The dossier is resolved there (its shipment is VNPost's), handed over at
the desk, ordered from VNPost by `register_carrier_orders`, then moved on the simulator: the shipment's timeline and
the dossier follow, a re-sent webhook changes nothing, a forged one is refused."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from backend.delivery import service
from backend.delivery.clients.post.vnpost import Vnpost, signature
from backend.settings import Settings
from sandbox import SECRET, VNPOST_USERNAME
from tests.support import (
    CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, SignedIn, act, detail, eventually, free_port, issue_result,
    live_api, office, paid_at_the_desk, random_phone, sign_in_staff, start_sandbox, submitted_dossiers,
)

CALLBACK = "/api/delivery/vnpost/callback"


@pytest.fixture(scope="module")
async def vnpost(settings: Settings, client: AsyncTestClient) -> AsyncIterator[tuple[str, str]]:
    """(the API with DELIVERY_CARRIER=vnpost, its VNPost simulator)."""
    api_port = free_port()
    webhook = f"http://127.0.0.1:{api_port}{CALLBACK}"
    async with (
        start_sandbox("vnpost", free_port(), webhook_url=webhook) as simulator,
        live_api(settings, api_port, DELIVERY_CARRIER="vnpost", VNPOST_URL=f"{simulator}/api/api") as api,
    ):
        yield api, simulator


def signed(order: dict[str, Any], secret: str = SECRET) -> tuple[dict[str, str], bytes]:
    body = json.dumps({"Data": json.dumps(order, ensure_ascii=False)}, ensure_ascii=False).encode()
    return {"Content-Type": "application/json", "X-VNPost-Signature": signature(secret, body, int(time.time()))}, body


async def _shipment(http: httpx.AsyncClient | AsyncTestClient, citizen: SignedIn, dossier_id: str) -> dict:
    answer = await http.get(f"/api/dossiers/{dossier_id}/shipments", headers=citizen.headers())
    assert answer.status_code == 200, answer.text
    (shipment,) = answer.json()
    return shipment


async def test_vnpost_carries_a_result_home_as_its_signed_webhooks_report(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, demo_commune: str, db: asyncpg.Pool,
    vnpost: tuple[str, str],
) -> None:
    api_url, simulator = vnpost
    phone = random_phone()
    post = {"method": "post", "recipient_name": "Nguyễn Văn An", "phone": phone, "street": "12 Trần Phú",
            "province_code": settings.demo_province_code, "commune_code": demo_commune, "postage_payment": "on_delivery"}
    (dossier,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1, delivery=post)
    dossier_id = dossier["id"]
    async with httpx.AsyncClient(base_url=api_url, timeout=10) as api, httpx.AsyncClient(timeout=10) as http:
        desk = await sign_in_staff(api, *COMMUNE_DESK)
        for step in ("receive", "resolve_on_the_spot"):
            seen = await office(api, desk, dossier_id)
            if step == "resolve_on_the_spot":
                assert (await issue_result(api, desk, dossier_id, seen["lock_version"])).status_code == 200
                seen = await office(api, desk, dossier_id)
            moved = await act(api, desk, dossier_id, step, seen["lock_version"])
            assert moved.status_code == 200, moved.text
        assert (await paid_at_the_desk(api, citizen, await detail(api, citizen, dossier_id)))["state"] == "result_ready"
        code = (await _shipment(api, citizen, dossier_id))["tracking_code"]
        assert await db.fetchval("select carrier from shipments where tracking_code = $1", code) == "vnpost"

        batch = await api.post("/api/office/handovers", headers=desk.headers())
        assert batch.status_code == 200, batch.text
        carrier = Vnpost(http, url=f"{simulator}/api/api", username=VNPOST_USERNAME, password=SECRET, webhook_secret=SECRET)
        assert await service.register_carrier_orders(db, settings, carrier) >= 1
        assert await service.register_carrier_orders(db, settings, carrier) == 0  # each shipment ordered once
        order_id = await db.fetchval("select carrier_order_id from shipments where tracking_code = $1", code)
        (order,) = [o for o in (await http.get(f"{simulator}/_sandbox/orders")).json() if o["OrderCode"] == code]
        agency = await db.fetchval(
            "select a.name from shipments s join agencies a on a.code = s.agency_code where s.tracking_code = $1", code)
        assert order["Id"] == order_id
        assert (order["SenderFullname"], order["SenderTel"], order["ReceiverFullname"], order["ReceiverTel"]) == (
            agency, VNPOST_USERNAME, "Nguyễn Văn An", phone)
        assert (order["WeightEvaluation"], order["CodAmountEvaluation"]) == (250, 25_000)
        assert order["ReceiverAddress"].startswith("12 Trần Phú, ")

        async def advance(status: int) -> None:
            moved = await http.post(f"{simulator}/_sandbox/advance", json={"order_id": order_id, "status": status})
            assert moved.status_code == 202, moved.text

        async def reached(shipment_state: str, dossier_state: str) -> dict:
            async def there() -> dict | None:
                shipment = await _shipment(client, citizen, dossier_id)
                in_state = (await detail(client, citizen, dossier_id))["state"]
                return shipment if (shipment["state"], in_state) == (shipment_state, dossier_state) else None

            return await eventually(there, f"shipment {shipment_state}, dossier {dossier_state}", deadline_s=15)

        await advance(70)  # the post took the result from the desk: handed over, and the dossier ships
        await reached("handed_over", "delivering")
        # One at a time: the simulator posts each webhook on its own, so two at once may arrive in either order.
        await advance(80)
        await reached("in_transit", "delivering")
        await advance(90)
        await reached("out_for_delivery", "delivering")
        await advance(100)
        delivered = await reached("delivered", "delivered")
        assert [entry["state"] for entry in delivered["timeline"]] == [
            "created", "handed_over", "in_transit", "out_for_delivery", "delivered"]
        events = await db.fetchval(
            "select count(*) from shipment_events e join shipments s on s.id = e.shipment_id where s.tracking_code = $1", code)
        assert await db.fetchval("select cash_collected_at is not null from shipments where tracking_code = $1", code)

        # Every webhook VNPost sent, sent again (signed anew, as its retries are): acknowledged, nothing changes.
        sent = [json.loads(c["body"]["Data"]) for c in (await http.get(f"{simulator}/_sandbox/callbacks")).json()]
        mine = [o for o in sent if o["Id"] == order_id]
        assert [o["OrderStatusId"] for o in mine] == [70, 80, 90, 100]
        for again in mine:
            headers, body = signed(again)
            answer = await api.post(CALLBACK, content=body, headers=headers)
            assert answer.status_code == 200, answer.text
        assert await _shipment(client, citizen, dossier_id) == delivered
        assert (await detail(client, citizen, dossier_id))["state"] == "delivered"
        assert await db.fetchval(
            "select count(*) from shipment_events e join shipments s on s.id = e.shipment_id where s.tracking_code = $1",
            code) == events

        # A forged callback (another key) is refused; a code we never sent is acknowledged so VNPost stops sending it.
        headers, body = signed(mine[-1] | {"OrderStatusId": 91, "Note": "Không có người nhận"}, secret="not-the-secret")
        forged = await api.post(CALLBACK, content=body, headers=headers)
        assert forged.status_code == 401 and forged.json()["code"] == "bad_callback", forged.text
        headers, body = signed(mine[-1] | {"OrderCode": "RA000000000VN"})
        assert (await api.post(CALLBACK, content=body, headers=headers)).status_code == 200
        assert await _shipment(client, citizen, dossier_id) == delivered


async def test_a_callback_where_no_postal_operator_is_configured_is_not_found(client: AsyncTestClient) -> None:
    headers, body = signed({"Id": "a1", "OrderCode": "RA000000000VN", "OrderStatusId": 100})
    answer = await client.post(CALLBACK, content=body, headers=headers)
    assert answer.status_code == 404 and answer.json()["code"] == "carrier_not_configured", answer.text
