"""Vietnam Post's MyVNPost partner API, played locally: sign in for a token, orders placed and kept, cancelled
while not yet picked up, and each status change posted as the signed webhook to the configured URL.

The protocol (what VNPost's public integrations show, and what we designed where they are silent) is
written out in backend/delivery/clients/post/vnpost.py. Here, under `/api/api`:
`POST /MobileAuthentication/GetAccessToken`, `POST /CustomerConnect/CreateOrder` (an `OrderCode` seen before
answers the order already made), `POST /CustomerConnect/CancelOrder` (refused from status 70, when a post
office has the item). Calls without a valid `h-token` answer 401. A webhook is `{"Data": "<order JSON>"}`
with `X-VNPost-Signature: t=<s>,v1=<HMAC-SHA256 hex of "<t>.<body>">`, signed at each attempt; an attempt
not answered 2xx is tried again, 5 in all, 0.5, 1, 2 and 4 s apart.

Run: `python -m sandbox vnpost --port 8095 --webhook-url http://127.0.0.1:8000/api/delivery/vnpost/callback`.
Test routes: `POST /_sandbox/advance {order_id, status[, note]}` (202: a status change, its webhook sent),
`POST /_sandbox/fail {count[, status]}` (the next `count` API calls answer 500, or `status`),
`POST /_sandbox/expire-tokens`, `GET /_sandbox/orders`, `GET /_sandbox/callbacks` (every webhook, every
attempt and its answer), `GET /_sandbox/stats` (calls per API path). The page at `/` lists the orders and
moves them by hand.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import os
import secrets
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.background_tasks import BackgroundTask

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RETRY_GAPS_S = (0.5, 1, 2, 4)
TIMEOUT_S = 5
API = "/api/api"
STATUSES = {
    10: "Đã xóa", 20: "Gửi sang hệ thống MyVNPOST thành công", 60: "Hủy", 61: "Báo hủy", 62: "Đã nhận báo hủy",
    70: "Bưu cục đã nhận đơn hàng và nhập vào hệ thống chuyển phát của VNPost", 80: "Đang vận chuyển",
    90: "Đang phát hàng cho người nhận", 91: "Đã đi phát hàng cho người nhận nhưng không thành công",
    100: "Hàng đã phát thành công cho người nhận", 110: "Bưu tá đã nhận tiền COD của người nhận và nhập vào hệ thống",
    120: "Đã trả tiền cho người gửi", 161: "Phát lại cho người gửi thất bại", 170: "Phát lại cho người gửi thành công",
}
PICKED_UP = 70
CANCELLED = 60
REQUIRED = (
    "OrderCode", "ServiceName", "SenderFullname", "SenderTel", "SenderAddress", "ReceiverFullname", "ReceiverTel",
    "ReceiverAddress", "ReceiverProvinceName",
)
# ASP.NET Web API's answer to an unhandled error, as MyVNPost's servers give it.
SERVER_ERROR = {"Message": "An error has occurred."}


def signature(secret: str, body: bytes, timestamp_s: int) -> str:
    digest = hmac.new(secret.encode(), str(timestamp_s).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp_s},v1={digest}"


def s10_item_code(serial: int, prefix: str = "EN", country: str = "VN") -> str:
    """A UPU S10 item number (EN340902457VN): 8 digits, their check digit, weighted 8 6 4 2 3 5 9 7."""
    digits = f"{serial:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{prefix}{digits}{check}{country}"


def freight(weight_grams: int) -> int:
    """A plausible price with VAT: 18.000 đ to 500 g, 3.000 đ each further 500 g."""
    return 18_000 + 3_000 * ((max(weight_grams, 1) - 1) // 500)


@dataclass
class Attempt:
    at: datetime
    status: int | None  # None: no answer (timeout, refused connection)
    answer: str

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "status": self.status, "answer": self.answer}


@dataclass
class Callback:
    body: bytes
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def delivered(self) -> bool:
        return any(a.status is not None and 200 <= a.status < 300 for a in self.attempts)

    def as_json(self) -> dict[str, Any]:
        return {
            "body": json.loads(self.body), "delivered": self.delivered, "attempts": [a.as_json() for a in self.attempts],
        }


@dataclass
class Operator:
    """The simulator's memory: signed-in tokens, orders by id, the webhooks sent, the failures asked for."""

    username: str
    password: str
    webhook_url: str
    webhook_secret: str
    tokens: set[str] = field(default_factory=set)
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    callbacks: list[Callback] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    failing: int = 0
    failing_status: int = 500
    http: httpx.AsyncClient | None = None

    def fault(self, path: str) -> Response[Any] | None:
        """Count the call; the failure asked for by /_sandbox/fail, if one is left."""
        self.calls[path] += 1
        if self.failing > 0:
            self.failing -= 1
            return Response(SERVER_ERROR, status_code=self.failing_status)
        return None

    def signed_in(self, request: Request[Any, Any, Any]) -> bool:
        return request.headers.get("h-token", "") in self.tokens

    def create(self, fields: dict[str, Any]) -> dict[str, Any]:
        made = next((o for o in self.orders.values() if o["OrderCode"] == fields["OrderCode"]), None)
        if made is not None:
            return made
        now = datetime.now(VIETNAM).replace(microsecond=0, tzinfo=None).isoformat()
        order = {
            **fields, "Id": str(uuid.uuid4()), "ItemCode": s10_item_code(secrets.randbelow(10**8)),
            "OrderStatusId": 20, "OrderStatusName": STATUSES[20], "Note": None, "StatusTime": now, "CreateTime": now,
            "TotalFreightIncludeVatEvaluation": freight(int(fields.get("WeightEvaluation") or 0)),
            "OriginalCodAmountEvaluation": int(fields.get("CodAmountEvaluation") or 0),
        }
        self.orders[order["Id"]] = order
        return order

    def move(self, order: dict[str, Any], status: int, note: str | None) -> Callback:
        order.update(
            OrderStatusId=status, OrderStatusName=STATUSES[status], Note=note,
            StatusTime=datetime.now(VIETNAM).replace(microsecond=0, tzinfo=None).isoformat(),
        )
        callback = Callback(json.dumps({"Data": json.dumps(order, ensure_ascii=False)}, ensure_ascii=False).encode())
        self.callbacks.append(callback)
        return callback

    async def attempt(self, callback: Callback) -> bool:
        assert self.http is not None
        headers = {
            "Content-Type": "application/json",
            "X-VNPost-Signature": signature(self.webhook_secret, callback.body, int(time.time())),
        }
        try:
            response = await self.http.post(self.webhook_url, content=callback.body, headers=headers)
        except httpx.HTTPError as error:
            callback.attempts.append(Attempt(datetime.now(UTC), None, f"{type(error).__name__}: {error}"))
            return False
        callback.attempts.append(Attempt(datetime.now(UTC), response.status_code, response.text[:500]))
        return 200 <= response.status_code < 300

    async def deliver(self, callback: Callback) -> None:
        for gap in (*RETRY_GAPS_S, None):
            if await self.attempt(callback) or gap is None:
                return
            await asyncio.sleep(gap)


def refusal(message: str, status_code: int = 400) -> Response[dict[str, Any]]:
    return Response({"IsSuccess": False, "ErrorMessage": message}, status_code=status_code)


NOT_SIGNED_IN = "Phiên đăng nhập không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại"


def create_app(*, username: str, password: str, webhook_url: str, webhook_secret: str) -> Litestar:
    operator = Operator(username, password, webhook_url, webhook_secret)

    @asynccontextmanager
    async def poster(_: Litestar) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=TIMEOUT_S) as http:
            operator.http = http
            yield

    @post(f"{API}/MobileAuthentication/GetAccessToken", status_code=200)
    async def sign_in(data: dict[str, Any]) -> Response[Any]:
        if (fault := operator.fault("GetAccessToken")) is not None:
            return fault
        if (data.get("TenDangNhap"), data.get("MatKhau")) != (operator.username, operator.password):
            return Response({"IsSuccess": False, "Token": None, "ErrorMessage": "Tên đăng nhập hoặc mật khẩu không đúng"})
        token = secrets.token_urlsafe(32)
        operator.tokens.add(token)
        return Response({"IsSuccess": True, "Token": token, "ErrorMessage": None})

    @post(f"{API}/CustomerConnect/CreateOrder", status_code=200)
    async def create_order(request: Request[Any, Any, Any], data: dict[str, Any]) -> Response[Any]:
        if (fault := operator.fault("CreateOrder")) is not None:
            return fault
        if not operator.signed_in(request):
            return refusal(NOT_SIGNED_IN, 401)
        missing = [name for name in REQUIRED if not str(data.get(name) or "").strip()]
        if missing:
            return refusal(f"Thiếu thông tin bắt buộc: {', '.join(missing)}")
        if not isinstance(data.get("WeightEvaluation"), int) or data["WeightEvaluation"] <= 0:
            return refusal("Khối lượng (WeightEvaluation, gram) phải lớn hơn 0")
        return Response(operator.create(data))

    @post(f"{API}/CustomerConnect/CancelOrder", status_code=200)
    async def cancel_order(request: Request[Any, Any, Any], data: dict[str, Any]) -> Response[Any]:
        if (fault := operator.fault("CancelOrder")) is not None:
            return fault
        if not operator.signed_in(request):
            return refusal(NOT_SIGNED_IN, 401)
        order = operator.orders.get(str(data.get("OrderId")))
        if order is None:
            return refusal("Không tìm thấy đơn hàng")
        if order["OrderStatusId"] == CANCELLED:
            return Response({"IsSuccess": True, "ErrorMessage": None})
        if order["OrderStatusId"] >= PICKED_UP:
            return refusal("Bưu cục đã nhận bưu gửi, không thể hủy đơn hàng")
        callback = operator.move(order, CANCELLED, "Khách hàng hủy đơn")
        return Response({"IsSuccess": True, "ErrorMessage": None}, background=BackgroundTask(operator.deliver, callback))

    @post("/_sandbox/advance", status_code=202)
    async def advance(data: dict[str, Any]) -> Response[Any]:
        order, status = operator.orders.get(str(data.get("order_id"))), data.get("status")
        if order is None:
            return Response({"error": f"no order {data.get('order_id')}"}, status_code=404)
        if status not in STATUSES:
            return Response({"error": f"status must be one of {sorted(STATUSES)}"}, status_code=400)
        callback = operator.move(order, status, data.get("note"))
        return Response(order, status_code=202, background=BackgroundTask(operator.deliver, callback))

    @post("/advance", status_code=303)
    async def advance_by_hand(request: Request[Any, Any, Any]) -> Response[None]:
        form = await request.form()
        order = operator.orders[str(form["order_id"])]
        callback = operator.move(order, int(form["status"]), str(form.get("note") or "") or None)
        return Response(None, status_code=303, headers={"Location": "/"}, background=BackgroundTask(operator.deliver, callback))

    @post("/_sandbox/fail", status_code=200, sync_to_thread=False)
    def fail(data: dict[str, Any]) -> dict[str, int]:
        operator.failing, operator.failing_status = int(data["count"]), int(data.get("status", 500))
        return {"failing": operator.failing, "status": operator.failing_status}

    @post("/_sandbox/expire-tokens", status_code=200, sync_to_thread=False)
    def expire_tokens() -> dict[str, int]:
        expired = len(operator.tokens)
        operator.tokens.clear()
        return {"expired": expired}

    @get("/_sandbox/orders", sync_to_thread=False)
    def orders() -> list[dict[str, Any]]:
        return list(operator.orders.values())

    @get("/_sandbox/callbacks", sync_to_thread=False)
    def callbacks() -> list[dict[str, Any]]:
        return [callback.as_json() for callback in operator.callbacks]

    @get("/_sandbox/stats", sync_to_thread=False)
    def stats() -> dict[str, Any]:
        return {
            "orders": len(operator.orders), "calls": dict(operator.calls), "callbacks": len(operator.callbacks),
            "delivered": sum(callback.delivered for callback in operator.callbacks),
        }

    @get("/", media_type=MediaType.HTML, sync_to_thread=False)
    def page() -> str:
        return orders_page(operator)

    return Litestar(
        [sign_in, create_order, cancel_order, advance, advance_by_hand, fail, expire_tokens, orders, callbacks, stats, page],
        lifespan=[poster], openapi_config=None,
    )


def orders_page(operator: Operator) -> str:
    choices = "".join(f'<option value="{code}">{code} — {html.escape(name)}</option>' for code, name in STATUSES.items())
    rows = "".join(
        f"<tr><td>{html.escape(o['CreateTime'])}</td><td><code>{html.escape(o['OrderCode'])}</code><br>{o['ItemCode']}</td>"
        f"<td>{html.escape(o['ReceiverFullname'])}<br>{html.escape(o['ReceiverAddress'])}</td>"
        f"<td>{o['OrderStatusId']} — {html.escape(o['OrderStatusName'])}</td>"
        f'<td><form method="post" action="/advance"><input type="hidden" name="order_id" value="{o["Id"]}">'
        f'<select name="status">{choices}</select> <input name="note" placeholder="Lý do"> <button>Chuyển</button></form></td></tr>'
        for o in reversed(operator.orders.values())
    ) or "<tr><td colspan=5>Chưa có đơn hàng nào.</td></tr>"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="10">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>MyVNPost — đơn hàng (giả lập)</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}}p{{color:#555}}</style></head><body>
<h1>MyVNPost — đơn hàng (giả lập)</h1>
<p>Mỗi lần chuyển trạng thái, webhook có chữ ký được gửi tới <code>{html.escape(operator.webhook_url)}</code>.</p>
<table><thead><tr><th>Tạo lúc</th><th>Mã đơn / Số hiệu bưu gửi</th><th>Người nhận</th><th>Trạng thái</th><th>Chuyển trạng thái</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"""


def from_environment() -> Litestar:
    """The app `python -m sandbox vnpost` serves, its options passed through the environment to granian's worker."""
    return create_app(
        username=os.environ["SANDBOX_USERNAME"], password=os.environ["SANDBOX_SECRET"],
        webhook_url=os.environ["SANDBOX_WEBHOOK_URL"], webhook_secret=os.environ["SANDBOX_WEBHOOK_SECRET"],
    )
