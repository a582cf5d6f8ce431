"""A bank account watched by Casso, played locally: a transfer in makes it post Casso's signed webhook v2.

What is posted (see backend/payments/clients/bank_transfer.py for the pages followed): `POST <webhook
URL>` with JSON `{"error": 0, "data": {…the transaction…}}` and `X-Casso-Signature: t=<ms>,v1=<hex>`,
HMAC-SHA512 with the secret key over "<t>.<the body with its keys sorted, compact>". Each attempt is
signed when it is sent. An attempt that times out (5 s), fails to connect or is answered other than 2xx
is tried again, 5 attempts in all, 0.5, 1, 2 and 4 s apart (Casso's own schedule is not in the pages we
could read; the gaps are short so that tests and `just up` see the retries).

The content arrives as a bank delivers it when the money comes from another bank: upper-cased, after
the paying bank's references and followed by the account holders ("MBVCB.3278907687.064512.<CONTENT>.CT
tu 0071000123456 NGUYEN VAN A toi <account>"), unless the transfer asks for `"verbatim": true`.

Run: `python -m sandbox bank --port 8094 --webhook-url http://127.0.0.1:8000/api/payments/bank-webhook
--secret sandbox-secret`. Test routes: `POST /_sandbox/transfer {account, amount, description[,
verbatim]}` (202, the transaction), `GET /_sandbox/webhooks` (each transaction, every attempt and its
answer), `POST /_sandbox/webhooks/{id}/resend` (Casso's manual re-send), `GET /_sandbox/stats`. The page
at `/` lists them and makes transfers by hand.
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
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.exceptions import NotFoundException

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RETRY_GAPS_S = (0.5, 1, 2, 4)
TIMEOUT_S = 5
OPENING_BALANCE = 25_000_000
PAYER = {"name": "NGUYEN VAN A", "account": "0071000123456", "bank_id": "970436", "bank": "Vietcombank"}


@dataclass
class Attempt:
    at: datetime
    status: int | None  # None: no answer (timeout, refused connection)
    answer: str

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "status": self.status, "answer": self.answer}


@dataclass
class Webhook:
    body: dict[str, Any]
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def delivered(self) -> bool:
        return any(a.status is not None and 200 <= a.status < 300 for a in self.attempts)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.body["data"]["id"], "body": self.body, "delivered": self.delivered,
            "attempts": [a.as_json() for a in self.attempts],
        }


def signature(secret: str, body: dict[str, Any], timestamp_ms: int) -> str:
    message = f"{timestamp_ms}.{json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
    return f"t={timestamp_ms},v1={hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()}"


def delivered_content(description: str, account: str) -> str:
    """The content as the receiving bank shows it for an inter-bank transfer from Vietcombank."""
    return (
        f"MBVCB.{secrets.randbelow(10**10):010d}.{secrets.randbelow(10**6):06d}.{description.upper()}"
        f".CT tu {PAYER['account']} {PAYER['name']} toi {account}"
    )


def create_app(*, webhook_url: str, secret: str) -> Litestar:
    webhooks: list[Webhook] = []
    balances: dict[str, int] = {}
    clients: list[httpx.AsyncClient] = []

    @asynccontextmanager
    async def poster(_: Litestar) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=TIMEOUT_S) as http:
            clients.append(http)
            yield

    async def attempt(webhook: Webhook) -> bool:
        content = json.dumps(webhook.body, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Casso-Signature": signature(secret, webhook.body, int(time.time() * 1000)),
        }
        try:
            response = await clients[0].post(webhook_url, content=content, headers=headers)
        except httpx.HTTPError as error:
            webhook.attempts.append(Attempt(datetime.now(UTC), None, f"{type(error).__name__}: {error}"))
            return False
        webhook.attempts.append(Attempt(datetime.now(UTC), response.status_code, response.text[:500]))
        return 200 <= response.status_code < 300

    async def deliver(webhook: Webhook) -> None:
        for gap in (*RETRY_GAPS_S, None):
            if await attempt(webhook) or gap is None:
                return
            await asyncio.sleep(gap)

    def take(account: str, amount: int, description: str, verbatim: bool) -> Webhook:
        balances[account] = balances.get(account, OPENING_BALANCE) + amount
        now = datetime.now(VIETNAM)
        webhook = Webhook({"error": 0, "data": {
            "id": len(webhooks) + 1,
            "reference": f"FT{now:%y%j}{secrets.randbelow(10**7):07d}",
            "description": description if verbatim else delivered_content(description, account),
            "amount": amount,
            "runningBalance": balances[account],
            "transactionDateTime": f"{now:%Y-%m-%d %H:%M:%S}",
            "accountNumber": account,
            "bankName": "BIDV",
            "bankAbbreviation": "BIDV",
            "virtualAccountNumber": "",
            "virtualAccountName": "",
            "counterAccountName": PAYER["name"],
            "counterAccountNumber": PAYER["account"],
            "counterAccountBankId": PAYER["bank_id"],
            "counterAccountBankName": PAYER["bank"],
        }})
        webhooks.append(webhook)
        return webhook

    def transfer_from(data: dict[str, Any]) -> tuple[str, int, str, bool]:
        account, amount, description = data.get("account"), data.get("amount"), data.get("description", "")
        if not isinstance(account, str) or not account or not isinstance(amount, int) or amount == 0:
            raise ValueError("needs an account (string) and a non-zero whole amount")
        return account, amount, str(description), bool(data.get("verbatim"))

    @post("/_sandbox/transfer", status_code=202)
    async def transfer(data: dict[str, Any]) -> Response[dict[str, Any]]:
        try:
            webhook = take(*transfer_from(data))
        except ValueError as error:
            return Response({"error": str(error)}, status_code=400)
        return Response(webhook.body["data"], status_code=202, background=BackgroundTask(deliver, webhook))

    @post("/transfer", status_code=303)
    async def transfer_by_hand(request: Request) -> Response[None]:
        form = await request.form()
        webhook = take(str(form["account"]), int(form["amount"]), str(form.get("description", "")), False)
        return Response(None, status_code=303, headers={"Location": "/"}, background=BackgroundTask(deliver, webhook))

    @post("/_sandbox/webhooks/{transaction_id:int}/resend", status_code=202)
    async def resend(transaction_id: int) -> Response[dict[str, Any]]:
        if not 0 < transaction_id <= len(webhooks):
            raise NotFoundException(f"no transaction {transaction_id}")
        webhook = webhooks[transaction_id - 1]
        return Response(webhook.as_json(), status_code=202, background=BackgroundTask(deliver, webhook))

    @get("/_sandbox/webhooks", sync_to_thread=False)
    def listed() -> list[dict[str, Any]]:
        return [webhook.as_json() for webhook in webhooks]

    @get("/_sandbox/stats", sync_to_thread=False)
    def stats() -> dict[str, int]:
        return {
            "transfers": len(webhooks),
            "delivered": sum(webhook.delivered for webhook in webhooks),
            "attempts": sum(len(webhook.attempts) for webhook in webhooks),
        }

    @get("/", media_type=MediaType.HTML, sync_to_thread=False)
    def page() -> str:
        return statement_page(webhooks, webhook_url)

    return Litestar(
        [transfer, transfer_by_hand, resend, listed, stats, page], lifespan=[poster], openapi_config=None,
    )


def vnd(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


def statement_page(webhooks: list[Webhook], webhook_url: str) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(w.body['data']['transactionDateTime'])}</td><td>{html.escape(w.body['data']['accountNumber'])}</td>"
        f"<td>{vnd(w.body['data']['amount'])}</td>"
        f"<td class=text>{html.escape(w.body['data']['description'])}</td>"
        f"<td>{'Đã báo' if w.delivered else 'Chưa báo được'} ({len(w.attempts)} lần gửi)</td></tr>"
        for w in reversed(webhooks)
    ) or "<tr><td colspan=5>Chưa có giao dịch nào.</td></tr>"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tài khoản ngân hàng — Casso (giả lập)</title>
<style>body{{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}}.text{{white-space:pre-wrap}}
p{{color:#555}}label{{margin-right:.8rem}}</style></head><body>
<h1>Tài khoản ngân hàng — Casso (giả lập)</h1>
<p>Mỗi giao dịch tiền vào được báo tới <code>{html.escape(webhook_url)}</code> bằng webhook có chữ ký.</p>
<form method="post" action="/transfer">
<label>Số tài khoản nhận <input name="account" required></label>
<label>Số tiền <input name="amount" type="number" min="1" required></label>
<label>Nội dung <input name="description" size="30"></label>
<button>Chuyển tiền</button></form>
<table><thead><tr><th>Thời gian</th><th>Tài khoản</th><th>Số tiền</th><th>Nội dung ngân hàng báo</th><th>Webhook</th></tr></thead>
<tbody>{rows}</tbody></table></body></html>"""


def from_environment() -> Litestar:
    """The app `python -m sandbox bank` serves, its options passed through the environment to granian's worker."""
    return create_app(webhook_url=os.environ["SANDBOX_WEBHOOK_URL"], secret=os.environ["SANDBOX_SECRET"])
