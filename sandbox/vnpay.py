"""VNPay played locally, API 2.1.0, as sandbox.vnpayment.vn/apis/docs describes it (see
backend/payments/clients/vnpay.py for the pages followed). Its signing is written here again, on
purpose: the client's own code must not vouch for itself.

* `GET /paymentv2/vpcpay.html?…` checks the pay URL (terminal code, signature, fields) and shows a pay
  page with three choices: "Thanh toán" (paid: vnp_ResponseCode 00), "Từ chối" (the bank declines:
  51, insufficient balance) and "Hủy" (the customer cancels: 24). A refused URL goes to VNPay's error
  page, `/paymentv2/Payment/Error.html?code=…` (70 bad signature, 72 unknown terminal, 03 malformed,
  01 a transaction reference already used: codes as VNPay's live error page shows them, the docs list
  none). After the choice the browser goes to vnp_ReturnUrl with the signed result, and the IPN (a GET
  of the same signed query) goes to the merchant's IPN URL (`--ipn-url`, kept per terminal as VNPay
  does), called again up to 10 times `--ipn-retry-s` apart (VNPay: 5 minutes) until the reply is
  RspCode 00 or 02. A choice made after vnp_ExpireDate ends the transaction as expired (11).
* `POST /merchant_webapi/api/transaction` answers `querydr` for the transactions it has seen: 00 with
  the transaction's status (01 while the customer has not chosen), 91 unknown (or another
  vnp_TransactionDate), 02 wrong terminal, 03 malformed, 94 a request id seen before that day, 97 bad
  checksum. Every answer is signed as the docs say.
* Test controls: `POST /_sandbox/pay?txn_ref=…&outcome=paid|declined|cancelled&ipn=now|late|never|twice`
  (a transaction whose pay page was opened; `late` holds its IPN until `POST /_sandbox/release`, or
  `delay_s` seconds), `POST /_sandbox/release[?txn_ref=…][&order=reverse]` (held IPNs, in the order
  asked: out-of-order delivery), `POST /_sandbox/ipn?txn_ref=…&tamper=none|signature|amount[&amount=N]`
  (one more IPN of a finished transaction, sent at once and answered with the merchant's reply: a
  duplicate, a forged signature, or a correctly signed wrong amount; never retried),
  `GET /_sandbox/ipns[?txn_ref=…]` (every IPN call and the merchant's reply), `GET /_sandbox/transactions`;
  `GET /` lists the transactions for people.

Run: `python -m sandbox vnpay --port N --ipn-url http://…/api/payments/vnpay/ipn [--tmn-code C] [--secret S]`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import itertools
import json
import os
import re
import secrets
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, quote_plus

import httpx
from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.response import Redirect

from sandbox.gateway import VIETNAM, now

PAY_PATH = "/paymentv2/vpcpay.html"
ERROR_PATH = "/paymentv2/Payment/Error.html"
CHOICE_PATH = "/paymentv2/choice"
API_PATH = "/merchant_webapi/api/transaction"
IPN_ATTEMPTS = 10  # VNPay: at most 10 calls, 5 minutes apart
IPN_TIMEOUT_S = 10
DATE = re.compile(r"^\d{14}$")
DATE_FORMAT = "%Y%m%d%H%M%S"
PAY_FIELDS = (
    "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_Amount", "vnp_CurrCode", "vnp_TxnRef", "vnp_OrderInfo",
    "vnp_OrderType", "vnp_Locale", "vnp_ReturnUrl", "vnp_IpAddr", "vnp_CreateDate", "vnp_ExpireDate",
)
QUERY_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
    "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)
ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)
ERROR_WORDS = {
    "01": "Giao dịch đã tồn tại",
    "03": "Dữ liệu gửi sang không đúng định dạng",
    "70": "Sai chữ ký",
    "72": "Không tìm thấy website",
    "91": "Không tìm thấy giao dịch",
}
QUERY_MESSAGES = {
    "00": "QueryDR Success",
    "02": "Mã định danh kết nối không hợp lệ (kiểm tra lại TmnCode)",
    "03": "Dữ liệu gửi sang không đúng định dạng",
    "91": "Không tìm thấy giao dịch yêu cầu",
    "94": "Yêu cầu trùng lặp, duplicate request trong thời gian giới hạn của API",
    "97": "Checksum không hợp lệ",
}
# outcome → (vnp_ResponseCode, vnp_TransactionStatus, vnp_BankCode, vnp_CardType, gets a VNPay transaction number)
OUTCOMES = {
    "paid": ("00", "00", "NCB", "ATM", True),
    "declined": ("51", "02", "NCB", "ATM", True),
    "cancelled": ("24", "02", "VNPAY", "QRCODE", False),
    "expired": ("11", "02", "VNPAY", "QRCODE", False),
}
OUTCOME_WORDS = {
    "pending": "Chờ thanh toán", "paid": "Đã thanh toán", "declined": "Ngân hàng từ chối",
    "cancelled": "Khách hàng hủy", "expired": "Hết hạn",
}


def hmac_sha512(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def same_signature(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.lower().encode())


def signed_text(fields: dict[str, str]) -> str:
    return "&".join(f"{k}={quote_plus(v)}" for k, v in sorted(fields.items()))


def with_query(url: str, fields: dict[str, str], signature: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{signed_text(fields)}&vnp_SecureHash={signature}"


def vnpay_now() -> str:
    return now().astimezone(VIETNAM).strftime(DATE_FORMAT)


def expired(expire_date: str) -> bool:
    return datetime.strptime(expire_date, DATE_FORMAT).replace(tzinfo=VIETNAM) < now()


@dataclass
class Transaction:
    """One pay URL VNPay took, and what the customer chose."""

    txn_ref: str
    amount: str  # vnp_Amount: đồng x 100
    order_info: str
    return_url: str
    create_date: str
    expire_date: str
    outcome: str = "pending"
    response_code: str | None = None
    transaction_status: str = "01"
    bank_code: str | None = None
    card_type: str | None = None
    transaction_no: str | None = None
    pay_date: str | None = None

    def result(self, tmn_code: str) -> dict[str, str]:
        """The result's fields as the return URL and the IPN carry them (before the signature)."""
        fields = {
            "vnp_Amount": self.amount, "vnp_BankCode": self.bank_code or "", "vnp_CardType": self.card_type or "",
            "vnp_OrderInfo": self.order_info, "vnp_PayDate": self.pay_date or "", "vnp_ResponseCode": self.response_code or "",
            "vnp_TmnCode": tmn_code, "vnp_TransactionNo": self.transaction_no or "0",
            "vnp_TransactionStatus": self.transaction_status, "vnp_TxnRef": self.txn_ref,
        }
        if self.outcome == "paid":
            fields["vnp_BankTranNo"] = f"VNP{self.transaction_no}"
        return fields


@dataclass
class IpnCall:
    txn_ref: str
    attempt: int
    tamper: str
    query: dict[str, str]
    sent_at: str = field(default_factory=lambda: now().isoformat())
    status_code: int | None = None
    reply: Any = None
    error: str | None = None

    @property
    def confirmed(self) -> bool:
        """The merchant took it (00) or had it already (02): VNPay stops calling."""
        return isinstance(self.reply, dict) and self.reply.get("RspCode") in ("00", "02")


@dataclass
class Held:
    txn_ref: str
    query: dict[str, str]


@dataclass
class Vnpay:
    """The simulator's memory: one merchant terminal, its transactions and every IPN call."""

    tmn_code: str
    secret: str
    ipn_url: str | None
    retry_s: float
    transactions: dict[str, Transaction] = field(default_factory=dict)
    calls: list[IpnCall] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    request_ids: set[tuple[str, str]] = field(default_factory=set)  # (day, vnp_RequestId)
    numbers: itertools.count = field(default_factory=lambda: itertools.count(14226112 + secrets.randbelow(10**6)))
    tasks: set[asyncio.Task] = field(default_factory=set)
    http: httpx.AsyncClient | None = None

    def sign(self, fields: dict[str, str]) -> str:
        return hmac_sha512(self.secret, signed_text(fields))

    def signed_result(self, transaction: Transaction) -> dict[str, str]:
        fields = transaction.result(self.tmn_code)
        return {**fields, "vnp_SecureHash": self.sign(fields)}

    def finish(self, transaction: Transaction, outcome: str) -> None:
        if expired(transaction.expire_date):
            outcome = "expired"
        transaction.response_code, transaction.transaction_status, transaction.bank_code, transaction.card_type, numbered = OUTCOMES[outcome]
        transaction.outcome = outcome
        transaction.transaction_no = str(next(self.numbers)) if numbered else "0"
        transaction.pay_date = vnpay_now()

    def spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def call(self, txn_ref: str, query: dict[str, str], attempt: int, tamper: str = "none") -> IpnCall:
        """One GET of the IPN URL, recorded with the merchant's reply."""
        record = IpnCall(txn_ref, attempt, tamper, query)
        self.calls.append(record)
        if not self.ipn_url or self.http is None:
            record.error = "no IPN URL configured (--ipn-url)"
            return record
        try:
            response = await self.http.get(self.ipn_url, params=query, timeout=IPN_TIMEOUT_S)
            record.status_code = response.status_code
            try:
                record.reply = response.json()
            except ValueError:
                record.reply = response.text
        except httpx.HTTPError as error:
            record.error = f"{type(error).__name__}: {error}"
        return record

    async def deliver(self, txn_ref: str, query: dict[str, str]) -> IpnCall:
        """The IPN's first call; until the merchant confirms, the rest follow in the background."""
        first = await self.call(txn_ref, query, 1)
        if not first.confirmed and self.ipn_url:
            self.spawn(self.retry(txn_ref, query))
        return first

    async def retry(self, txn_ref: str, query: dict[str, str]) -> None:
        for attempt in range(2, IPN_ATTEMPTS + 1):
            await asyncio.sleep(self.retry_s)
            if (await self.call(txn_ref, query, attempt)).confirmed:
                return

    def send_ipn(self, transaction: Transaction, mode: str, delay_s: float | None = None) -> None:
        query = self.signed_result(transaction)
        if mode == "now":
            self.spawn(self.deliver(transaction.txn_ref, query))
        elif mode == "twice":
            self.spawn(self.deliver(transaction.txn_ref, query))
            self.spawn(self.deliver(transaction.txn_ref, query))
        elif mode == "late":
            held = Held(transaction.txn_ref, query)
            self.held.append(held)
            if delay_s is not None:
                self.spawn(self.release_later(held, delay_s))

    async def release_later(self, held: Held, delay_s: float) -> None:
        await asyncio.sleep(delay_s)
        if held in self.held:
            self.held.remove(held)
            await self.deliver(held.txn_ref, held.query)

    def pay_url_problem(self, fields: dict[str, str], signature: str) -> str | None:
        """The error page's code for a pay URL VNPay would refuse, else None."""
        if fields.get("vnp_TmnCode") != self.tmn_code:
            return "72"
        if not same_signature(self.sign(fields), signature):
            return "70"
        well_formed = (
            all(fields.get(name) for name in PAY_FIELDS)
            and fields["vnp_Version"] == "2.1.0" and fields["vnp_Command"] == "pay" and fields["vnp_CurrCode"] == "VND"
            and fields["vnp_Amount"].isdigit() and fields["vnp_Locale"] in ("vn", "en")
            and DATE.match(fields["vnp_CreateDate"]) is not None and DATE.match(fields["vnp_ExpireDate"]) is not None
            # "Tiếng Việt không dấu và không bao gồm các ký tự đặc biệt"
            and fields["vnp_OrderInfo"].isascii() and len(fields["vnp_OrderInfo"]) <= 255
        )
        if not well_formed:
            return "03"
        known = self.transactions.get(fields["vnp_TxnRef"])
        if known is not None and (known.outcome != "pending" or known.create_date != fields["vnp_CreateDate"]):
            return "01"
        return None

    def query_answer(self, body: Any) -> dict[str, str]:
        """The querydr answer to one request body, signed."""
        transaction: Transaction | None = None
        if not isinstance(body, dict) or not all(isinstance(body.get(f), str) and body[f] for f in QUERY_FIELDS) \
                or body["vnp_Command"] != "querydr" or not isinstance(body.get("vnp_SecureHash"), str):
            code = "03"
        elif body["vnp_TmnCode"] != self.tmn_code:
            code = "02"
        elif not same_signature(hmac_sha512(self.secret, "|".join(body[f] for f in QUERY_FIELDS)), body["vnp_SecureHash"]):
            code = "97"
        elif (body["vnp_CreateDate"][:8], body["vnp_RequestId"]) in self.request_ids:
            code = "94"
        else:
            self.request_ids.add((body["vnp_CreateDate"][:8], body["vnp_RequestId"]))
            transaction = self.transactions.get(body["vnp_TxnRef"])
            if transaction is not None and transaction.create_date != body["vnp_TransactionDate"]:
                transaction = None
            code = "00" if transaction else "91"
        answer = {
            "vnp_ResponseId": secrets.token_hex(16), "vnp_Command": "querydr", "vnp_ResponseCode": code,
            "vnp_Message": QUERY_MESSAGES[code], "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": body.get("vnp_TxnRef", "") if isinstance(body, dict) else "",
        }
        if transaction is not None:
            if transaction.outcome == "pending" and expired(transaction.expire_date):
                self.finish(transaction, "expired")
            answer |= {
                "vnp_Amount": transaction.amount, "vnp_OrderInfo": transaction.order_info,
                "vnp_BankCode": transaction.bank_code or "", "vnp_PayDate": transaction.pay_date or "",
                "vnp_TransactionNo": transaction.transaction_no or "", "vnp_TransactionType": "01",
                "vnp_TransactionStatus": transaction.transaction_status,
            }
            answer = {k: v for k, v in answer.items() if v}
        answer["vnp_SecureHash"] = hmac_sha512(self.secret, "|".join(str(answer.get(f, "")) for f in ANSWER_FIELDS))
        return answer


def create_app(*, tmn_code: str, secret: str, ipn_url: str | None, retry_s: float = 300) -> Litestar:
    vnpay = Vnpay(tmn_code, secret, ipn_url, retry_s)

    @asynccontextmanager
    async def ipn_client(_: Litestar) -> AsyncIterator[None]:
        async with httpx.AsyncClient() as http:
            vnpay.http = http
            yield
            for task in list(vnpay.tasks):
                task.cancel()

    @get(PAY_PATH, media_type=MediaType.HTML)
    async def pay_page(request: Request) -> Response[str] | Redirect:
        fields = dict(parse_qsl(request.url.query, keep_blank_values=True))
        signature = fields.pop("vnp_SecureHash", "")
        fields.pop("vnp_SecureHashType", None)
        problem = vnpay.pay_url_problem(fields, signature)
        if problem:
            return Redirect(f"{ERROR_PATH}?code={problem}")
        transaction = vnpay.transactions.setdefault(fields["vnp_TxnRef"], Transaction(
            fields["vnp_TxnRef"], fields["vnp_Amount"], fields["vnp_OrderInfo"], fields["vnp_ReturnUrl"],
            fields["vnp_CreateDate"], fields["vnp_ExpireDate"],
        ))
        return Response(pay_page_html(transaction, tmn_code), media_type=MediaType.HTML)

    @post(CHOICE_PATH, status_code=302)
    async def choose(request: Request) -> Redirect:
        form = await request.form()
        transaction = vnpay.transactions.get(str(form.get("txn_ref", "")))
        choice = str(form.get("choice", ""))
        if transaction is None or transaction.outcome != "pending" or choice not in ("paid", "declined", "cancelled"):
            return Redirect(f"{ERROR_PATH}?code=91")
        vnpay.finish(transaction, choice)
        vnpay.send_ipn(transaction, "now")
        return Redirect(return_url(vnpay, transaction))

    @get(ERROR_PATH, media_type=MediaType.HTML, sync_to_thread=False)
    def error_page(code: str = "") -> str:
        return error_page_html(code)

    @post(API_PATH, status_code=200)
    async def api(request: Request) -> dict[str, str]:
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        return vnpay.query_answer(body)

    @post("/_sandbox/pay", status_code=200)
    async def pay(txn_ref: str, outcome: str, ipn: str = "now", delay_s: float | None = None) -> Response[dict[str, Any]]:
        transaction = vnpay.transactions.get(txn_ref)
        if outcome not in ("paid", "declined", "cancelled") or ipn not in ("now", "late", "never", "twice"):
            return Response({"error": "outcome: paid|declined|cancelled; ipn: now|late|never|twice"}, status_code=400)
        if transaction is None:
            return Response({"error": f"no transaction {txn_ref}: open its pay URL first"}, status_code=404)
        if transaction.outcome != "pending":
            return Response({"error": f"{txn_ref} is already {transaction.outcome}"}, status_code=409)
        vnpay.finish(transaction, outcome)
        vnpay.send_ipn(transaction, ipn, delay_s)
        return Response({"return_url": return_url(vnpay, transaction), "transaction": asdict(transaction)})

    @post("/_sandbox/release", status_code=200)
    async def release(txn_ref: str | None = None, order: str = "received") -> list[dict[str, Any]]:
        chosen = [held for held in vnpay.held if txn_ref in (None, held.txn_ref)]
        for held in chosen:
            vnpay.held.remove(held)
        # One after the other, so that the merchant receives them in exactly this order.
        return [ipn_json(await vnpay.deliver(held.txn_ref, held.query)) for held in (chosen[::-1] if order == "reverse" else chosen)]

    @post("/_sandbox/ipn", status_code=200)
    async def extra_ipn(txn_ref: str, tamper: str = "none", amount: int | None = None) -> Response[dict[str, Any]]:
        transaction = vnpay.transactions.get(txn_ref)
        if transaction is None or transaction.outcome == "pending":
            return Response({"error": f"{txn_ref} is not a finished transaction"}, status_code=404)
        if tamper not in ("none", "signature", "amount"):
            return Response({"error": "tamper: none|signature|amount"}, status_code=400)
        fields = transaction.result(tmn_code)
        if tamper == "amount":
            fields["vnp_Amount"] = str((amount if amount is not None else int(transaction.amount) // 100 + 1000) * 100)
        signature = hmac_sha512("not-" + secret, signed_text(fields)) if tamper == "signature" else vnpay.sign(fields)
        return Response(ipn_json(await vnpay.call(txn_ref, {**fields, "vnp_SecureHash": signature}, 1, tamper)))

    @get("/_sandbox/ipns", sync_to_thread=False)
    def ipns(txn_ref: str | None = None) -> list[dict[str, Any]]:
        return [ipn_json(call) for call in vnpay.calls if txn_ref in (None, call.txn_ref)]

    @get("/_sandbox/transactions", sync_to_thread=False)
    def transactions(txn_ref: str | None = None) -> list[dict[str, Any]]:
        return [asdict(t) for t in vnpay.transactions.values() if txn_ref in (None, t.txn_ref)]

    @get("/", media_type=MediaType.HTML, sync_to_thread=False)
    def inbox() -> str:
        return inbox_html(vnpay)

    @get("/_sandbox/stats", sync_to_thread=False)
    def stats() -> dict[str, int]:
        return {"transactions": len(vnpay.transactions), "ipn_calls": len(vnpay.calls), "held": len(vnpay.held)}

    return Litestar(
        [pay_page, choose, error_page, api, pay, release, extra_ipn, ipns, transactions, inbox, stats],
        lifespan=[ipn_client], openapi_config=None,
    )


def from_environment() -> Litestar:
    """The app `python -m sandbox vnpay` serves, its options passed through the environment."""
    return create_app(
        tmn_code=os.environ["SANDBOX_TMN_CODE"], secret=os.environ["SANDBOX_SECRET"],
        ipn_url=os.environ.get("SANDBOX_IPN_URL") or None, retry_s=float(os.environ.get("SANDBOX_IPN_RETRY_S", "300")),
    )


def return_url(vnpay: Vnpay, transaction: Transaction) -> str:
    fields = transaction.result(vnpay.tmn_code)
    return with_query(transaction.return_url, fields, vnpay.sign(fields))


def ipn_json(call: IpnCall) -> dict[str, Any]:
    return {**asdict(call), "confirmed": call.confirmed}


def vnd(amount: str) -> str:
    return f"{int(amount) // 100:,}".replace(",", ".")


PAGE_STYLE = """body{font-family:system-ui,sans-serif;margin:0;background:#f2f5f9;color:#1b1b1b}
main{max-width:28rem;margin:2rem auto;background:#fff;border-radius:.5rem;padding:1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.2rem;color:#005baa}dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem 1rem}dt{color:#555}
dd{margin:0;font-weight:600}button{display:block;width:100%;margin:.6rem 0;padding:.8rem;font-size:1rem;border-radius:.4rem;
border:1px solid #005baa;background:#fff;color:#005baa;cursor:pointer}button[value=paid]{background:#005baa;color:#fff}
p{color:#555;font-size:.9rem}"""


def pay_page_html(transaction: Transaction, tmn_code: str) -> str:
    expires = datetime.strptime(transaction.expire_date, DATE_FORMAT)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cổng thanh toán VNPAY (giả lập)</title><style>{PAGE_STYLE}</style></head><body><main>
<h1>Cổng thanh toán VNPAY (giả lập)</h1>
<dl><dt>Đơn vị chấp nhận</dt><dd>{html.escape(tmn_code)}</dd>
<dt>Số tiền</dt><dd id="amount">{vnd(transaction.amount)} VND</dd>
<dt>Nội dung</dt><dd id="order-info">{html.escape(transaction.order_info)}</dd>
<dt>Mã giao dịch</dt><dd>{html.escape(transaction.txn_ref)}</dd>
<dt>Hết hạn lúc</dt><dd>{expires:%H:%M %d/%m/%Y}</dd></dl>
<form method="post" action="{CHOICE_PATH}"><input type="hidden" name="txn_ref" value="{html.escape(transaction.txn_ref)}">
<button name="choice" value="paid">Thanh toán</button>
<button name="choice" value="declined">Từ chối</button>
<button name="choice" value="cancelled">Hủy</button></form>
<p>Giả lập: "Từ chối" là ngân hàng từ chối vì tài khoản không đủ số dư (mã 51); "Hủy" là khách hàng hủy giao dịch (mã 24).</p>
</main></body></html>"""


def inbox_html(vnpay: Vnpay) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(t.txn_ref)}</td><td>{vnd(t.amount)}</td><td>{OUTCOME_WORDS[t.outcome]}</td>"
        f"<td>{t.response_code or ''}</td><td>{sum(c.txn_ref == t.txn_ref for c in vnpay.calls)}</td>"
        f"<td>{html.escape(next((str(c.reply) for c in reversed(vnpay.calls) if c.txn_ref == t.txn_ref), ''))}</td></tr>"
        for t in reversed(vnpay.transactions.values())
    ) or "<tr><td colspan=6>Chưa có giao dịch nào.</td></tr>"
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>Giao dịch — VNPAY (giả lập)</title><style>body{{font-family:system-ui,sans-serif;margin:1.5rem}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left}}</style></head><body>
<h1>Giao dịch — VNPAY (giả lập)</h1><p>Mã đơn vị {html.escape(vnpay.tmn_code)}; IPN gửi tới {html.escape(vnpay.ipn_url or "(chưa cấu hình)")}.
Trang tự làm mới mỗi 2 giây.</p>
<table><thead><tr><th>Mã giao dịch</th><th>Số tiền (VND)</th><th>Trạng thái</th><th>Mã phản hồi</th><th>Số lần gọi IPN</th>
<th>Trả lời IPN gần nhất</th></tr></thead><tbody>{rows}</tbody></table></body></html>"""


def error_page_html(code: str) -> str:
    words = ERROR_WORDS.get(code, "Giao dịch không thành công")
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thông báo — VNPAY (giả lập)</title><style>{PAGE_STYLE}</style></head><body><main>
<h1>Thông báo</h1><p id="error">{html.escape(words)} (mã lỗi: {html.escape(code)})</p>
</main></body></html>"""
