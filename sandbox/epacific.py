"""ePacific played locally: `POST /v1/SendSMS` as platform.epacific.net/docs/send-sms.html documents
it, with the choices the page leaves open made as backend/notifications/clients/sms/epacific.py says
(a static `Token`, duplicates answered with the first answer, JSON receipts to the account's callback URL)."""

from __future__ import annotations

import asyncio
import re
import secrets
import time
from typing import Any

from litestar import Litestar, Request, Response, post
from litestar.background_tasks import BackgroundTask

from sandbox.gateway import SLOW_SECONDS, Fate, Gateway, Received, e164, fate_of, now, sandbox_app

PHONE = re.compile(r"^(0|84)\d{9}$")
DUPLICATE_WINDOW_S = 3600  # "the system will keep it in the next 1 hour"
RECEIPT_STATUS = {
    Fate.DELIVERED: "DELIVRD", Fate.SLOW: "DELIVRD", Fate.PERMANENT_FAILURE: "REJECTD", Fate.TEMPORARY_FAILURE: "UNDELIV",
}


def refusal(code: str, message: str, status_code: int = 200) -> Response[dict[str, Any]]:
    return Response({"errorCode": code, "errorMessage": message, "referentId": None}, status_code=status_code)


def create_app(*, token: str, brandname: str, receipts_to: str | None = None) -> Litestar:
    """ePacific with one account `token` and one registered `brandname`; receipts go to `receipts_to`
    (the callback URL configured in the account), else nowhere."""
    gateway = Gateway("ePacific", receipts_to)
    seen_at: dict[str, float] = {}

    async def post_receipt(received: Received) -> None:
        assert gateway.receipts_to is not None
        report = {
            "referentId": received.reference, "requestId": received.request_id or "",
            "to": "0" + received.phone.removeprefix("+84"), "status": RECEIPT_STATUS[received.fate],
            "errorMessage": "" if received.fate in (Fate.DELIVERED, Fate.SLOW) else received.fate.value,
        }
        url = gateway.receipts_to
        await gateway.deliver(lambda http: http.post(url, json=report))

    @post("/v1/SendSMS", status_code=200)
    async def send(request: Request) -> Response[dict[str, Any]]:
        if request.headers.get("Token") != token:
            return refusal("401", "Unauthorized", 401)
        try:
            body = await request.json()
            assert isinstance(body, dict)
        except (ValueError, AssertionError):
            return refusal("400", "Invalid request", 400)
        if body.get("from") != brandname:
            return refusal("002", "Brandname is not registered")
        phone, request_id = str(body.get("to", "")), body.get("requestId") or None
        if not PHONE.match(phone):
            return refusal("003", "Phone number is invalid")
        if body.get("useUnicode") not in (0, 1, 2) or body.get("type") != 1:
            return refusal("004", "Invalid type or useUnicode")
        if request_id and time.monotonic() - seen_at.get(request_id, -DUPLICATE_WINDOW_S) >= DUPLICATE_WINDOW_S:
            gateway.answers.pop(request_id, None)  # past the hour: a new request
        if (first := gateway.repeated(request_id)) is not None:
            return Response(first)
        fate = fate_of(phone)
        if fate is Fate.SYSTEM_ERROR:
            return refusal("999", "System error", 500)
        reference = secrets.token_hex(16)
        message = str(body.get("message", ""))
        received = Received(e164(phone), message, request_id, reference, body.get("useUnicode") == 1, fate, now())
        accepted = {
            "sendMessage": body, "msgLength": len(message), "mtCount": 1, "account": "sandbox",
            "errorCode": "000", "errorMessage": "", "referentId": reference,
        }
        gateway.take(received, accepted)
        if request_id:
            seen_at[request_id] = time.monotonic()
        if fate is Fate.SLOW:
            await asyncio.sleep(SLOW_SECONDS)
        return Response(accepted, background=BackgroundTask(post_receipt, received) if gateway.receipts_to else None)

    return sandbox_app(gateway, [send])
