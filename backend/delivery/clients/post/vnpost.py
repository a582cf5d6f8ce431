"""Vietnam Post (VNPost, Bưu điện Việt Nam) through its MyVNPost partner API: sign in for a token, place an
order, cancel it, and read the status webhook.

VNPost gives its API document to contracted partners only. Followed, as the public integrations of it agree
(PHP, JavaScript and Python clients of merchants and shipping platforms):
* the base URL `https://donhang.vnpost.vn/api/api` (UAT: `https://donhang-uat.vnpost.vn/api/api`);
* `POST /MobileAuthentication/GetAccessToken {"TenDangNhap", "MatKhau"}` → `{"IsSuccess", "Token",
  "ErrorMessage"}`; every other call carries the token in the `h-token` header;
* `POST /CustomerConnect/CreateOrder` with the sender's and receiver's `…Fullname`, `…Tel`, `…Address`,
  `OrderCode` (ours), `ServiceName`, `PickupType` (1: collected at the sender's address), `PackageContent`,
  `IsPackageViewable`, `WeightEvaluation` (grams), `Width/Length/HeightEvaluation` (cm),
  `CodAmountEvaluation` (cash the courier collects), `OrderAmountEvaluation`, `IsReceiverPayFreight`,
  `CustomerNote`; the answer is the order: `Id` (the order's id), `ItemCode` (the item's UPU S10 number,
  EN340902457VN), `OrderStatusId`, `TotalFreightIncludeVatEvaluation`;
* `POST /CustomerConnect/CancelOrder {"OrderId"}`;
* the order statuses (`OrderStatusId`): 10 deleted, 20 received by MyVNPost, 60 cancelled, 61 cancellation
  asked, 62 cancellation received, 70 accepted by a post office into VNPost's network, 91 a delivery
  attempt failed, 100 delivered, 110 cash collected, 120 cash paid to the sender, 161 return attempt
  failed, 170 returned to the sender;
* the status webhook: a JSON POST `{"Data": "<the order, itself JSON, as a string>"}` with the order's `Id`
  and `OrderStatusId` inside.

Designed here, where those sources are silent (to confirm with VNPost when the contract is signed; the
simulator, sandbox/vnpost.py, speaks exactly this):
* addresses by name (`SenderProvinceName`, `SenderWardName`, the same for the receiver) rather than the
  ids of VNPost's own catalogues (`TinhThanh/GetAll`, `PhuongXa/GetAll`), which in the integrations we read
  still have the district level that the 1 July 2025 reform removed;
* statuses 80 in transit and 90 out for delivery (VNPost's public tracking shows both steps; their ids in
  MyVNPost were not in what we could read);
* the webhook order's `OrderCode`, `ItemCode`, `Note` (why, on a failed attempt or a return) and
  `StatusTime` (`yyyy-MM-ddTHH:mm:ss`, Vietnam time);
* the webhook's signature: `X-VNPost-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>"
  keyed with the webhook secret>`, refused when more than 5 minutes from our clock (a replay);
* refusals as HTTP 4xx `{"IsSuccess": false, "ErrorMessage": "…"}`; 401 when the token has expired (we sign
  in again, once); an `OrderCode` seen before answers with the order already made, so a create retried
  after a timeout makes no second order.

Status → our action: 70 pick_up (the post has the item; for a result going out, the delivery service applies
it as the hand-over from the desk), 80 transit, 90 out_for_delivery, 91 fail, 100 deliver, 170 return_to_sender. The others
(created, cancelled, cash movements, a failed return attempt) are no move of a shipment: no event.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

import httpx

from backend import clock
from backend.delivery.clients.post import (
    RETRY_GAPS_S, BadCallback, CarrierEvent, CarrierOrder, CarrierRefused, CarrierUnavailable, PostalCarrier,
    PostalOrder,
)
from backend.delivery.states import Direction, ShipmentAction
from backend.settings import Settings

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "x-vnpost-signature"
MAX_SKEW_S = 300
# The ordinary parcel service; a province's public-service contract with VNPost may name its own.
SERVICE = "BK"
PICKUP_AT_SENDER = 1
# A results envelope (A4, a few sheets), in cm: VNPost prices by the larger of weight and volume.
ENVELOPE_CM = {"WidthEvaluation": 24, "LengthEvaluation": 33, "HeightEvaluation": 2}
CONTENT = {
    Direction.OUTBOUND: "Kết quả giải quyết thủ tục hành chính",
    Direction.INBOUND: "Hồ sơ, giấy tờ gốc nộp cho cơ quan giải quyết thủ tục hành chính",
}
ACTIONS = {
    70: ShipmentAction.PICK_UP,
    80: ShipmentAction.TRANSIT,
    90: ShipmentAction.OUT_FOR_DELIVERY,
    91: ShipmentAction.FAIL,
    100: ShipmentAction.DELIVER,
    170: ShipmentAction.RETURN_TO_SENDER,
}
NO_MOVE = {10, 20, 60, 61, 62, 110, 120, 161}
_SIGNATURE = re.compile(r"^t=(\d+),v1=([0-9a-f]{64})$")


def signature(secret: str, body: bytes, timestamp_s: int) -> str:
    """The X-VNPost-Signature value for `body` signed at `timestamp_s`."""
    digest = hmac.new(secret.encode(), str(timestamp_s).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp_s},v1={digest}"


def national_phone(phone: str) -> str:
    """+84912345678 → 0912345678, as VNPost's forms and couriers read numbers."""
    return "0" + phone.removeprefix("+84") if phone.startswith("+84") else phone


class Vnpost(PostalCarrier):
    name: ClassVar[str] = "vnpost"

    def __init__(
        self, http: httpx.AsyncClient, *, url: str, username: str, password: str, webhook_secret: str,
        retry_gaps_s: tuple[float, ...] = RETRY_GAPS_S,
    ) -> None:
        super().__init__(http, retry_gaps_s=retry_gaps_s)
        self.url = url.rstrip("/")
        self.username = username
        self.password = password
        self.webhook_secret = webhook_secret
        self.token: str | None = None
        self.signing_in = asyncio.Lock()

    async def create_order(self, order: PostalOrder) -> CarrierOrder:
        answer = await self.post("create_order", "/CustomerConnect/CreateOrder", order_fields(order))
        order_id = answer.get("Id")
        if not isinstance(order_id, str | int) or order_id == "":
            raise CarrierUnavailable(f"vnpost create_order: an answer without the order's Id: {str(answer)[:200]}")
        return CarrierOrder(order_id=str(order_id), tracking_code=str(answer.get("ItemCode") or "") or None)

    async def cancel(self, order_id: str) -> None:
        await self.post("cancel", "/CustomerConnect/CancelOrder", {"OrderId": order_id})

    async def post(self, operation: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """One signed-in call; signs in again once when VNPost says the token has expired."""
        response = await self.signed_call(operation, path, payload)
        if response.status_code == 401:
            self.token = None
            response = await self.signed_call(operation, path, payload)
        return answer_of(operation, response)

    async def signed_call(self, operation: str, path: str, payload: dict[str, Any]) -> httpx.Response:
        headers = {"h-token": await self.signed_in()}
        return await self.call(operation, lambda: self.http.post(f"{self.url}{path}", json=payload, headers=headers))

    async def signed_in(self) -> str:
        async with self.signing_in:
            if self.token is None:
                credentials = {"TenDangNhap": self.username, "MatKhau": self.password}
                url = f"{self.url}/MobileAuthentication/GetAccessToken"
                response = await self.call("sign_in", lambda: self.http.post(url, json=credentials))
                token = answer_of("sign_in", response).get("Token")
                if not isinstance(token, str) or not token:
                    raise CarrierRefused(f"MyVNPost gave no token to {self.username}")
                self.token = token
            return self.token

    def parse_callback(self, headers: Mapping[str, str], body: bytes) -> list[CarrierEvent]:
        given = next((value.strip() for key, value in headers.items() if key.lower() == SIGNATURE_HEADER), "")
        parts = _SIGNATURE.match(given)
        if parts is None:
            raise BadCallback("no X-VNPost-Signature, or not t=…,v1=…")
        if not hmac.compare_digest(signature(self.webhook_secret, body, int(parts.group(1))), given):
            raise BadCallback("the signature does not match")
        if abs(clock.now().timestamp() - int(parts.group(1))) > MAX_SKEW_S:
            raise BadCallback(f"signed at {parts.group(1)}, more than {MAX_SKEW_S} s from now")
        order = read_order(body)
        status = order["OrderStatusId"]
        if status not in ACTIONS:
            if status not in NO_MOVE:
                log.warning("vnpost: status %s of order %s is not one we know; no event", status, order.get("Id"))
            return []
        try:
            at = datetime.fromisoformat(order["StatusTime"]).replace(tzinfo=clock.VIETNAM)
            tracking_code = order["OrderCode"]
            assert isinstance(tracking_code, str) and tracking_code
        except (KeyError, TypeError, ValueError, AssertionError) as error:
            raise BadCallback(f"an order without a readable OrderCode or StatusTime: {error!r}") from error
        return [CarrierEvent(tracking_code, ACTIONS[status], str(order.get("Note") or "") or None, at)]


def order_fields(order: PostalOrder) -> dict[str, Any]:
    """CreateOrder's fields for our order."""
    sender, recipient = order.sender, order.recipient
    return {
        "OrderCode": order.tracking_code,
        "ServiceName": SERVICE,
        "PickupType": PICKUP_AT_SENDER,
        "PackageContent": CONTENT[order.direction],
        "IsPackageViewable": False,  # official papers: the recipient signs for the envelope, unopened
        "SenderFullname": sender.name,
        "SenderTel": national_phone(sender.phone),
        "SenderAddress": sender.full_address,
        "SenderWardName": sender.commune,
        "SenderProvinceName": sender.province,
        "ReceiverFullname": recipient.name,
        "ReceiverTel": national_phone(recipient.phone),
        "ReceiverAddress": recipient.full_address,
        "ReceiverWardName": recipient.commune,
        "ReceiverProvinceName": recipient.province,
        "WeightEvaluation": order.weight_grams,
        **ENVELOPE_CM,
        "CodAmountEvaluation": order.cash_to_collect_vnd,
        "OrderAmountEvaluation": 0,  # papers have no declared value
        "IsReceiverPayFreight": False,  # postage paid with the fee, or inside the cash collected
        "CustomerNote": f"Mã vận đơn {order.tracking_code}",
    }


def answer_of(operation: str, response: httpx.Response) -> dict[str, Any]:
    """The JSON object VNPost answered; `CarrierRefused` with its words on a 4xx or IsSuccess false."""
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        if response.status_code >= 400:
            raise CarrierRefused(f"HTTP {response.status_code}: {response.text[:200]}")
        raise CarrierUnavailable(f"vnpost {operation}: not a JSON object: {response.text[:200]!r}")
    if response.status_code >= 400 or answer.get("IsSuccess") is False:
        raise CarrierRefused(str(answer.get("ErrorMessage") or answer.get("Message") or f"HTTP {response.status_code}"))
    return answer


def read_order(body: bytes) -> dict[str, Any]:
    """The order inside a webhook body {"Data": "<JSON>"}; `BadCallback` when it is not that shape."""
    try:
        envelope = json.loads(body)
        order = json.loads(envelope["Data"])
        status = order["OrderStatusId"]
    except (ValueError, TypeError, KeyError) as error:
        raise BadCallback(f"not a MyVNPost status callback: {error!r}") from error
    if not isinstance(order, dict) or not isinstance(status, int) or isinstance(status, bool):
        raise BadCallback(f"OrderStatusId {status!r} is not a status number")
    return order


def vnpost_carrier(settings: Settings, http: httpx.AsyncClient) -> Vnpost | None:
    """The VNPost client when DELIVERY_CARRIER is vnpost (its settings are checked at start), else None."""
    if settings.delivery_carrier != "vnpost":
        return None
    assert settings.vnpost_username and settings.vnpost_password and settings.vnpost_webhook_secret
    return Vnpost(
        http, url=settings.vnpost_url, username=settings.vnpost_username, password=settings.vnpost_password,
        webhook_secret=settings.vnpost_webhook_secret,
    )
