"""The MyVNPost client against the VNPost simulator (a subprocess speaking the protocol written out in
backend/delivery/clients/post/vnpost.py), whose status webhooks reach a small receiver played below; and
the webhook's signature checked on what the simulator really sent, forged, replayed and malformed."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from backend.clock import VIETNAM, now
from backend.delivery.clients.post import BadCallback, CarrierEvent, CarrierRefused, CarrierUnavailable, Party, PostalOrder
from backend.delivery.clients.post.vnpost import Vnpost, order_fields, signature, vnpost_carrier
from backend.delivery.states import Direction, ShipmentAction
from backend.settings import Settings, SettingsError
from sandbox import SECRET, VNPOST_USERNAME
from tests.support import eventually, free_port, start_sandbox

AGENCY = Party(
    "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa", "+842583560000", "01 Trần Phú", "Phường Nha Trang", "Khánh Hòa",
)
CITIZEN = Party("Nguyễn Thị Lan", "+84912345678", "12 Lê Lợi, thôn Phú Bình", "Xã Diên Khánh", "Khánh Hòa")
GAPS_S = (0.05, 0.1, 0.2)


def result_to(recipient: Party, tracking_code: str, *, cash_vnd: int = 0) -> PostalOrder:
    return PostalOrder(tracking_code, AGENCY, recipient, 120, cash_vnd, Direction.OUTBOUND)


def fresh_code() -> str:
    return f"BC{time.monotonic_ns() % 10**10:010d}"


@dataclass
class Receiver:
    """Our callback URL: keeps each webhook's headers and body; answers 500 `failing` times first."""

    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    failing: int = 0

    def for_order(self, order_id: str) -> list[tuple[dict[str, str], bytes]]:
        return [(h, b) for h, b in self.received if json.loads(json.loads(b)["Data"])["Id"] == order_id]

    async def wait_for(self, order_id: str, count: int) -> list[tuple[dict[str, str], bytes]]:
        async def arrived() -> list[tuple[dict[str, str], bytes]]:
            callbacks = self.for_order(order_id)
            return callbacks if len(callbacks) >= count else []

        return await eventually(arrived, f"{count} webhooks for order {order_id}", deadline_s=15)


@pytest.fixture(scope="module")
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        status = "200 OK"
        if receiver.failing > 0:
            receiver.failing -= 1
            status = "500 Internal Server Error"
        else:
            receiver.received.append((headers, body))
        writer.write(f"HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".encode())
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    receiver.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/delivery/vnpost/callback"
    yield receiver
    server.close()
    await server.wait_closed()


@pytest.fixture(scope="module")
async def simulator(receiver: Receiver) -> AsyncIterator[str]:
    async with start_sandbox("vnpost", free_port(), webhook_url=receiver.url) as url:
        yield url


@pytest.fixture(scope="module")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


@pytest.fixture
def carrier(simulator: str, http: httpx.AsyncClient) -> Vnpost:
    return Vnpost(
        http, url=f"{simulator}/api/api", username=VNPOST_USERNAME, password=SECRET, webhook_secret=SECRET,
        retry_gaps_s=GAPS_S,
    )


async def control(http: httpx.AsyncClient, simulator: str, path: str, **data: Any) -> Any:
    response = await http.post(f"{simulator}/_sandbox/{path}", json=data)
    assert response.status_code < 300, response.text
    return response.json()


async def stored(http: httpx.AsyncClient, simulator: str, order_id: str) -> dict[str, Any]:
    return next(o for o in (await http.get(f"{simulator}/_sandbox/orders")).json() if o["Id"] == order_id)


async def calls(http: httpx.AsyncClient, simulator: str, path: str) -> int:
    return int((await http.get(f"{simulator}/_sandbox/stats")).json()["calls"].get(path, 0))


def test_an_order_is_sent_with_vnposts_field_names_and_national_phone_numbers() -> None:
    outbound = order_fields(result_to(CITIZEN, "BC0000000001", cash_vnd=25000))
    assert outbound == outbound | {
        "OrderCode": "BC0000000001", "PickupType": 1, "IsPackageViewable": False,
        "PackageContent": "Kết quả giải quyết thủ tục hành chính",
        "SenderFullname": AGENCY.name, "SenderTel": "02583560000",
        "SenderAddress": "01 Trần Phú, Phường Nha Trang, Khánh Hòa",
        "ReceiverFullname": "Nguyễn Thị Lan", "ReceiverTel": "0912345678",
        "ReceiverAddress": "12 Lê Lợi, thôn Phú Bình, Xã Diên Khánh, Khánh Hòa",
        "ReceiverWardName": "Xã Diên Khánh", "ReceiverProvinceName": "Khánh Hòa",
        "WeightEvaluation": 120, "CodAmountEvaluation": 25000, "IsReceiverPayFreight": False,
    }
    inbound = order_fields(PostalOrder("BC0000000002", CITIZEN, AGENCY, 300, 0, Direction.INBOUND))
    assert (inbound["SenderTel"], inbound["ReceiverFullname"], inbound["PackageContent"]) == (
        "0912345678", AGENCY.name, "Hồ sơ, giấy tờ gốc nộp cho cơ quan giải quyết thủ tục hành chính",
    )


def test_the_carrier_is_chosen_by_delivery_carrier_and_vnpost_needs_its_account() -> None:
    base = {"DATABASE_URL": "postgresql://x", "REDIS_URL": "redis://x"}
    assert vnpost_carrier(Settings.from_env(base), httpx.AsyncClient()) is None
    with pytest.raises(SettingsError, match="DELIVERY_CARRIER=vnpost needs VNPOST_PASSWORD, VNPOST_WEBHOOK_SECRET"):
        Settings.from_env(base | {"DELIVERY_CARRIER": "vnpost", "VNPOST_USERNAME": "0912000111"})
    configured = vnpost_carrier(Settings.from_env(base | {
        "DELIVERY_CARRIER": "vnpost", "VNPOST_USERNAME": "0912000111", "VNPOST_PASSWORD": "p", "VNPOST_WEBHOOK_SECRET": "s",
    }), httpx.AsyncClient())
    assert configured is not None and (configured.url, configured.username) == ("https://donhang.vnpost.vn/api/api", "0912000111")


def webhook(order: dict[str, Any], *, secret: str = SECRET) -> tuple[dict[str, str], bytes]:
    """A status webhook as the module docstring describes it, signed here without the client's code."""
    body = json.dumps({"Data": json.dumps(order, ensure_ascii=False)}, ensure_ascii=False).encode()
    at = int(time.time())
    digest = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-VNPost-Signature": f"t={at},v1={digest}"}, body


def test_a_webhook_signed_as_documented_reads_and_statuses_without_a_move_give_no_event() -> None:
    carrier = Vnpost(httpx.AsyncClient(), url="", username="", password="", webhook_secret=SECRET)
    order = {"Id": "a1", "OrderCode": "BC0000000009", "ItemCode": "EN340902457VN", "OrderStatusId": 91,
             "Note": "Không liên lạc được người nhận", "StatusTime": "2026-11-30T16:05:00"}
    assert carrier.parse_callback(*webhook(order)) == [CarrierEvent(
        "BC0000000009", ShipmentAction.FAIL, "Không liên lạc được người nhận", datetime(2026, 11, 30, 16, 5, tzinfo=VIETNAM),
    )]
    for status in (20, 60, 110, 120, 161, 999):  # created, cancelled, cash movements, a failed return, unknown
        assert carrier.parse_callback(*webhook(order | {"OrderStatusId": status})) == []
    for broken in ({"OrderStatusId": "91"}, {"StatusTime": "30/11/2026 16:05"}, {"OrderCode": ""}):
        with pytest.raises(BadCallback):
            carrier.parse_callback(*webhook(order | broken))


async def test_an_order_is_created_once_however_often_it_is_sent(carrier: Vnpost, http: httpx.AsyncClient, simulator: str) -> None:
    order = result_to(CITIZEN, fresh_code(), cash_vnd=25000)
    made = await carrier.create_order(order)
    assert made.tracking_code is not None and made.tracking_code.startswith("EN") and made.tracking_code.endswith("VN")
    kept = await stored(http, simulator, made.order_id)
    assert (kept["OrderCode"], kept["OrderStatusId"], kept["ItemCode"]) == (order.tracking_code, 20, made.tracking_code)
    assert (kept["ReceiverTel"], kept["ReceiverWardName"], kept["CodAmountEvaluation"]) == ("0912345678", "Xã Diên Khánh", 25000)
    assert await carrier.create_order(order) == made


async def test_an_order_vnpost_cannot_take_is_refused_in_its_words(carrier: Vnpost) -> None:
    nowhere = Party("Trần Văn Bình", "+84987654321", "5 Hùng Vương", "Phường Cam Ranh", "")
    with pytest.raises(CarrierRefused, match="Thiếu thông tin bắt buộc: ReceiverProvinceName"):
        await carrier.create_order(result_to(nowhere, fresh_code()))
    wrong_password = Vnpost(carrier.http, url=carrier.url, username=VNPOST_USERNAME, password="wrong", webhook_secret=SECRET)
    with pytest.raises(CarrierRefused, match="Tên đăng nhập hoặc mật khẩu không đúng"):
        await wrong_password.create_order(result_to(CITIZEN, fresh_code()))


async def test_an_order_is_cancelled_until_the_post_has_the_item(
    carrier: Vnpost, http: httpx.AsyncClient, simulator: str, receiver: Receiver,
) -> None:
    withdrawn = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    await carrier.cancel(withdrawn.order_id)
    assert (await stored(http, simulator, withdrawn.order_id))["OrderStatusId"] == 60
    [(headers, body)] = await receiver.wait_for(withdrawn.order_id, 1)
    assert carrier.parse_callback(headers, body) == []  # a cancellation moves no shipment

    collected = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    await control(http, simulator, "advance", order_id=collected.order_id, status=70)
    with pytest.raises(CarrierRefused, match="Bưu cục đã nhận bưu gửi, không thể hủy đơn hàng"):
        await carrier.cancel(collected.order_id)
    with pytest.raises(CarrierRefused, match="Không tìm thấy đơn hàng"):
        await carrier.cancel("00000000-0000-0000-0000-000000000000")


async def test_the_simulators_webhooks_read_as_our_events(
    carrier: Vnpost, http: httpx.AsyncClient, simulator: str, receiver: Receiver,
) -> None:
    order = result_to(CITIZEN, fresh_code())
    made = await carrier.create_order(order)
    steps = [(70, None), (80, None), (90, None), (91, "Không có người nhận"), (90, None), (100, None)]
    for sent, (status, note) in enumerate(steps, start=1):
        await control(http, simulator, "advance", order_id=made.order_id, status=status, note=note)
        await receiver.wait_for(made.order_id, sent)  # one at a time: the order they happened in
    events = [event for headers, body in receiver.for_order(made.order_id) for event in carrier.parse_callback(headers, body)]
    assert [(e.tracking_code, e.action, e.reason) for e in events] == [
        (order.tracking_code, ShipmentAction.PICK_UP, None),
        (order.tracking_code, ShipmentAction.TRANSIT, None),
        (order.tracking_code, ShipmentAction.OUT_FOR_DELIVERY, None),
        (order.tracking_code, ShipmentAction.FAIL, "Không có người nhận"),
        (order.tracking_code, ShipmentAction.OUT_FOR_DELIVERY, None),
        (order.tracking_code, ShipmentAction.DELIVER, None),
    ]
    assert all(e.at.tzinfo == VIETNAM and abs(e.at - now()) < timedelta(minutes=1) for e in events)


async def test_a_return_to_the_sender_is_reported_with_its_reason(
    carrier: Vnpost, http: httpx.AsyncClient, simulator: str, receiver: Receiver,
) -> None:
    order = result_to(CITIZEN, fresh_code())
    made = await carrier.create_order(order)
    await control(http, simulator, "advance", order_id=made.order_id, status=170, note="Người nhận từ chối nhận")
    [(headers, body)] = await receiver.wait_for(made.order_id, 1)
    [event] = carrier.parse_callback(headers, body)
    assert event == CarrierEvent(order.tracking_code, ShipmentAction.RETURN_TO_SENDER, "Người nhận từ chối nhận", event.at)


async def test_forged_replayed_and_malformed_callbacks_are_refused(
    carrier: Vnpost, http: httpx.AsyncClient, simulator: str, receiver: Receiver,
) -> None:
    made = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    await control(http, simulator, "advance", order_id=made.order_id, status=91, note="Sai địa chỉ")
    [(headers, body)] = await receiver.wait_for(made.order_id, 1)
    assert len(carrier.parse_callback(headers, body)) == 1
    delivered = body.replace(b'\\"OrderStatusId\\": 91', b'\\"OrderStatusId\\": 100')
    assert delivered != body
    at = int(time.time())
    forgeries = {
        "a changed status": (headers, delivered),
        "another key": ({"X-VNPost-Signature": signature("not-the-secret", delivered, at)}, delivered),
        "no signature": ({}, body),
        "a mangled signature": ({"X-VNPost-Signature": headers["x-vnpost-signature"].replace("v1=", "v1=0")}, body),
        "a replay 10 minutes old": ({"X-VNPost-Signature": signature(SECRET, body, at - 600)}, body),
        "not JSON": ({"X-VNPost-Signature": signature(SECRET, b"<xml/>", at)}, b"<xml/>"),
        "no Data": ({"X-VNPost-Signature": signature(SECRET, b'{"Id": 1}', at)}, b'{"Id": 1}'),
        "no status": ({"X-VNPost-Signature": signature(SECRET, b'{"Data": "{}"}', at)}, b'{"Data": "{}"}'),
    }
    for what, (forged_headers, forged_body) in forgeries.items():
        with pytest.raises(BadCallback):
            carrier.parse_callback(forged_headers, forged_body)
            pytest.fail(f"{what} was read")


async def test_a_webhook_we_fail_is_sent_again(
    carrier: Vnpost, http: httpx.AsyncClient, simulator: str, receiver: Receiver,
) -> None:
    made = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    receiver.failing = 2
    await control(http, simulator, "advance", order_id=made.order_id, status=70)
    [(headers, body)] = await receiver.wait_for(made.order_id, 1)
    assert [e.action for e in carrier.parse_callback(headers, body)] == [ShipmentAction.PICK_UP]


    async def attempts() -> list[int] | None:
        # The simulator records an attempt once our answer reached it: a moment after the receiver saw the body.
        sent = (await http.get(f"{simulator}/_sandbox/callbacks")).json()
        mine = [c for c in sent if json.loads(c["body"]["Data"])["Id"] == made.order_id]
        statuses = [a["status"] for a in mine[0]["attempts"]] if mine else []
        return statuses if len(statuses) >= 3 else None

    assert await eventually(attempts, "the simulator's third attempt recorded") == [500, 500, 200]


async def test_a_5xx_is_tried_again_and_an_outage_is_unavailable(carrier: Vnpost, http: httpx.AsyncClient, simulator: str) -> None:
    await carrier.create_order(result_to(CITIZEN, fresh_code()))  # signed in already
    before = await calls(http, simulator, "CreateOrder")
    await control(http, simulator, "fail", count=2, status=503)
    made = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    assert made.order_id and await calls(http, simulator, "CreateOrder") == before + 3

    await control(http, simulator, "fail", count=10)
    with pytest.raises(CarrierUnavailable, match=r"vnpost cancel, 4 tries: HTTP 500"):
        await carrier.cancel(made.order_id)
    await control(http, simulator, "fail", count=0)
    assert (await stored(http, simulator, made.order_id))["OrderStatusId"] == 20


async def test_an_expired_token_is_renewed_once(carrier: Vnpost, http: httpx.AsyncClient, simulator: str) -> None:
    await carrier.create_order(result_to(CITIZEN, fresh_code()))
    sign_ins = await calls(http, simulator, "GetAccessToken")
    await control(http, simulator, "expire-tokens")
    made = await carrier.create_order(result_to(CITIZEN, fresh_code()))
    assert made.order_id and await calls(http, simulator, "GetAccessToken") == sign_ins + 1
