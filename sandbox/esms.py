"""eSMS played locally: the customer-care send API and the GET callback, as developers.esms.vn
documents them (see backend/notifications/clients/sms/esms.py for the pages followed)."""

from __future__ import annotations

import asyncio
import re
import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from litestar import Litestar, Request, Response, post
from litestar.background_tasks import BackgroundTask

from sandbox.gateway import SLOW_SECONDS, Fate, Gateway, Received, e164, fate_of, now, sandbox_app

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
PHONE = re.compile(r"^(0|84)\d{9}$")


def answer(code: str, **extra: Any) -> dict[str, Any]:
    return {"CodeResult": code, "CountRegenerate": 0, **extra}


def callback_query(received: Received) -> dict[str, str]:
    """The callback's parameters for one customer-care SMS, as in the documented sample."""
    delivered = received.fate in (Fate.DELIVERED, Fate.SLOW)
    return {
        "SMSID": received.reference,
        "SendFailed": "0" if delivered else "1",
        "SendStatus": "4" if received.fate is Fate.PERMANENT_FAILURE else "5",
        "SendSuccess": "1" if delivered else "0",
        "TotalPrice": "0.0000" if not delivered else "850.0000",
        "TotalReceiver": "1",
        "TotalSent": "1",
        "RequestId": received.request_id or "",
        "TypeId": "2",
        "telcoid": "1",
        "phonenumber": "0" + received.phone.removeprefix("+84"),
        "switchsmsid": "",
    }


def with_query(url: str, extra: dict[str, str]) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(query=urlencode([*parse_qsl(parts.query, keep_blank_values=True), *extra.items()])))


def create_app(
    *, api_key: str, secret_key: str, brandname: str, receipts_to: str | None = None,
) -> Litestar:
    """eSMS with one account (`api_key`, `secret_key`) and one registered `brandname`. Receipts go to
    each request's CallbackUrl, else to `receipts_to`, else nowhere."""
    gateway = Gateway("eSMS", receipts_to)

    async def post_receipt(url: str, received: Received) -> None:
        await gateway.deliver(lambda http: http.get(with_query(url, callback_query(received))))

    @post(SEND_PATH, status_code=200)
    async def send(request: Request) -> Response[dict[str, Any]]:
        try:
            body = await request.json()
            assert isinstance(body, dict)
        except (ValueError, AssertionError):
            return Response({"error": "Invalid request"}, status_code=400)
        if body.get("ApiKey") != api_key or body.get("SecretKey") != secret_key:
            return Response(answer("101", ErrorMessage="Authorize Failed"))
        if body.get("Brandname") != brandname:
            return Response(answer("104", ErrorMessage="Brand name code is not exist"))
        phone, request_id = str(body.get("Phone", "")), body.get("RequestId") or None
        if not PHONE.match(phone):
            return Response(answer("108", ErrorMessage="Phone number is invalid"))
        if gateway.repeated(request_id) is not None:
            return Response(answer("124", ErrorMessage="Request exist 1", SendStatus="5"))
        fate = fate_of(phone)
        if fate is Fate.SYSTEM_ERROR:
            # eSMS documents no code for its own failures; its WCF service answers HTTP 500.
            return Response({"error": "Internal server error"}, status_code=500)
        reference = secrets.token_hex(16)
        received = Received(
            e164(phone), str(body.get("Content", "")), request_id, reference, body.get("IsUnicode") == "1", fate, now(),
        )
        accepted = answer("100", SMSID=reference)
        gateway.take(received, accepted)
        if fate is Fate.SLOW:
            await asyncio.sleep(SLOW_SECONDS)
        url = body.get("CallbackUrl") or gateway.receipts_to
        return Response(accepted, background=BackgroundTask(post_receipt, url, received) if url else None)

    return sandbox_app(gateway, [send])
