"""What every simulated gateway shares: the messages it took, its counters, its outages, the magic
numbers that choose a message's fate, the inbox page and the `/_sandbox/*` test routes."""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from litestar import Litestar, MediaType, get, post
from litestar.types import ASGIApp, Receive, Scope, Send

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
SLOW_SECONDS = 5
RECEIPT_ATTEMPTS = 5  # eSMS documents five attempts; the simulators both use it


class Fate(StrEnum):
    """Chosen by the last three digits of the phone number."""

    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"  # …990: taken, then a failure receipt
    TEMPORARY_FAILURE = "temporary-failure"  # …991: taken, then a "not delivered" receipt
    SLOW = "slow"  # …992: answers after 5 s, then delivered
    SYSTEM_ERROR = "system-error"  # …993: refused at once as the gateway's system error


MAGIC = {"990": Fate.PERMANENT_FAILURE, "991": Fate.TEMPORARY_FAILURE, "992": Fate.SLOW, "993": Fate.SYSTEM_ERROR}
FATE_WORDS = {
    Fate.DELIVERED: "Đã đến máy", Fate.SLOW: "Đã đến máy (chậm)", Fate.PERMANENT_FAILURE: "Thất bại vĩnh viễn",
    Fate.TEMPORARY_FAILURE: "Chưa đến được (tạm thời)", Fate.SYSTEM_ERROR: "Lỗi hệ thống",
}


def fate_of(phone: str) -> Fate:
    return MAGIC.get(phone[-3:], Fate.DELIVERED)


def e164(phone: str) -> str:
    """0912…, 84912… or +84912… → +84912…"""
    digits = phone.removeprefix("+")
    return "+84" + (digits[1:] if digits.startswith("0") else digits.removeprefix("84"))


@dataclass(frozen=True, slots=True)
class Received:
    phone: str  # E.164
    text: str
    request_id: str | None
    reference: str
    unicode: bool
    fate: Fate
    received_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "phone": self.phone, "text": self.text, "request_id": self.request_id, "reference": self.reference,
            "unicode": self.unicode, "fate": self.fate.value, "received_at": self.received_at.isoformat(),
        }


@dataclass
class Gateway:
    """One simulated gateway's memory: the messages it took and the answers it gave per request id."""

    title: str
    receipts_to: str | None = None
    messages: list[Received] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    duplicates: int = 0
    down_until: float = 0.0
    http: httpx.AsyncClient | None = None

    def take(self, message: Received, answer: Any) -> None:
        self.messages.append(message)
        if message.request_id:
            self.answers[message.request_id] = answer

    def repeated(self, request_id: str | None) -> Any | None:
        """The first answer to a request id seen before (counted as a duplicate), else None."""
        if request_id and request_id in self.answers:
            self.duplicates += 1
            return self.answers[request_id]
        return None

    @property
    def down(self) -> bool:
        return time.monotonic() < self.down_until

    async def deliver(self, send: Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]) -> None:
        """Post one receipt, trying again on errors and 5xx as the gateways do."""
        assert self.http is not None
        for attempt in range(RECEIPT_ATTEMPTS):
            try:
                if (await send(self.http)).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.5 * (attempt + 1))


def sandbox_app(gateway: Gateway, handlers: list[Any]) -> Litestar:
    """The gateway's own routes plus the inbox page and the test routes, behind the outage switch."""

    @asynccontextmanager
    async def receipts_client(_: Litestar) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=5) as http:
            gateway.http = http
            yield

    @get("/", media_type=MediaType.HTML, sync_to_thread=False)
    def inbox() -> str:
        return inbox_page(gateway)

    @get("/_sandbox/messages", sync_to_thread=False)
    def messages(phone: str | None = None) -> list[dict[str, Any]]:
        return [m.as_json() for m in gateway.messages if phone is None or m.phone == e164(phone)]

    @get("/_sandbox/stats", sync_to_thread=False)
    def stats() -> dict[str, int]:
        return {"accepted": len(gateway.messages), "duplicates": gateway.duplicates}

    @post("/_sandbox/down", status_code=200, sync_to_thread=False)
    def down(seconds: float) -> dict[str, float]:
        gateway.down_until = time.monotonic() + seconds
        return {"down_for_s": seconds}

    @post("/_sandbox/up", status_code=200, sync_to_thread=False)
    def up() -> dict[str, bool]:
        gateway.down_until = 0.0
        return {"up": True}

    def outage(app: ASGIApp) -> ASGIApp:
        async def answer(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http" and gateway.down and not scope["path"].startswith("/_sandbox/"):
                await send({"type": "http.response.start", "status": 503, "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"Service Unavailable"})
                return
            await app(scope, receive, send)

        return answer

    return Litestar(
        [*handlers, inbox, messages, stats, down, up], middleware=[outage], lifespan=[receipts_client],
        openapi_config=None,
    )


def inbox_page(gateway: Gateway) -> str:
    rows = "".join(
        f"<tr><td>{m.received_at.astimezone(VIETNAM):%d/%m/%Y %H:%M:%S}</td><td>{html.escape(m.phone)}</td>"
        f"<td class=text>{html.escape(m.text)}</td><td>{FATE_WORDS[m.fate]}</td>"
        f"<td><code>{html.escape(m.request_id or '')}</code></td></tr>"
        for m in reversed(gateway.messages)
    ) or '<tr><td colspan=5>Chưa có tin nhắn nào.</td></tr>'
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hộp thư SMS — {html.escape(gateway.title)} (giả lập)</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}}.text{{white-space:pre-wrap}}
p{{color:#555}}</style></head><body>
<h1>Hộp thư SMS — {html.escape(gateway.title)} (giả lập)</h1>
<p>Tin nhắn mà cổng SMS giả lập này đã nhận, mới nhất ở trên; trang tự làm mới mỗi 2 giây.
Đã nhận {len(gateway.messages)} tin, {gateway.duplicates} yêu cầu trùng không gửi lại.</p>
<table><thead><tr><th>Thời gian</th><th>Số điện thoại</th><th>Nội dung</th><th>Trạng thái</th><th>Mã yêu cầu</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"""


def now() -> datetime:
    return datetime.now(UTC)
