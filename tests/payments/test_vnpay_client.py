"""The VNPay client against VNPay's published sample (its docs' pay URL, its sample code's signing written
again here) and against the VNPay simulator (a subprocess speaking the 2.1.0 protocol), whose IPNs reach
a small merchant played below: it answers as VNPay's IPN sample code does."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from backend.clock import VIETNAM, now
from backend.payments.clients.vnpay import BadSignature, QueryFailed, Vnpay, VnpayResult, ipn_reply
from sandbox import SECRET, TMN_CODE
from tests.support import free_port, start_sandbox

# The pay URL of "Thanh toán PAY" (sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html), without its signature.
DOCS_PAY_QUERY = (
    "vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1"
    "&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other"
    "&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0"
)
DOCS_CREATED = datetime(2021, 8, 1, 15, 33, 33, tzinfo=VIETNAM)


def php_urlencode(text: str) -> str:
    """PHP's urlencode, which VNPay's PHP sample signs with: letters, digits and -_. kept, space → +."""
    kept = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")
    return "".join(c if c in kept else "+" if c == " " else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def php_sample_signature(secret: str, fields: dict[str, str]) -> str:
    """vnpay_php's create-payment code: ksort, urlencode(key)=urlencode(value) joined by &, hash_hmac('sha512')."""
    hashdata = "&".join(f"{php_urlencode(k)}={php_urlencode(v)}" for k, v in sorted(fields.items()))
    return hmac.new(secret.encode(), hashdata.encode(), hashlib.sha512).hexdigest()


def query_of(url: str) -> dict[str, str]:
    return dict(httpx.URL(url).params)


def offline(secret: str = SECRET) -> Vnpay:
    return Vnpay(httpx.AsyncClient(), tmn_code="DEMOV210", hash_secret=secret, pay_url="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", api_url="")


def test_the_pay_url_is_the_docs_sample_signed_as_vnpays_sample_code_signs() -> None:
    url = offline().pay_url(
        "5", 18060, "Thanh toan don hang :5", "https://domainmerchant.vn/ReturnUrl", "127.0.0.1",
        DOCS_CREATED, DOCS_CREATED + timedelta(minutes=15),
    )
    base, _, query = url.partition("?")
    signed, _, signature = query.partition("&vnp_SecureHash=")
    assert base == "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
    # Ours carries vnp_ExpireDate (required since the docs' sample was written); the rest is the docs' text.
    assert signed.replace("&vnp_ExpireDate=20210801154833", "") == DOCS_PAY_QUERY
    fields = query_of(url)
    del fields["vnp_SecureHash"]
    assert signature == php_sample_signature(SECRET, fields)


def test_the_pay_url_carries_vnpays_fields_in_vietnams_time() -> None:
    created = datetime(2026, 11, 30, 2, 0, 5, tzinfo=UTC)
    fields = query_of(offline().pay_url(
        "HS-0001-1", 125000, "Lệ phí đăng ký khai sinh — hồ sơ 000.00.00.H00-261130-0001 (Đợt 1)",
        "https://motcua.example/thanh-toan/ket-qua", "203.113.1.9", created, created + timedelta(minutes=15), locale="en",
    ))
    assert fields == fields | {
        "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "DEMOV210", "vnp_Amount": "12500000",
        "vnp_CurrCode": "VND", "vnp_TxnRef": "HS-0001-1", "vnp_OrderType": "other", "vnp_Locale": "en",
        "vnp_ReturnUrl": "https://motcua.example/thanh-toan/ket-qua", "vnp_IpAddr": "203.113.1.9",
        "vnp_CreateDate": "20261130090005", "vnp_ExpireDate": "20261130091505",
        "vnp_OrderInfo": "Le phi dang ky khai sinh ho so 000.00.00.H00-261130-0001 Dot 1",
    }
    assert "vnp_SecureHashType" not in fields  # 2.1.0 sends none
    with pytest.raises(ValueError):
        offline().pay_url("x", 1, "x", "https://x.vn/r", "1.1.1.1", datetime(2026, 1, 1), datetime(2026, 1, 2))


def signed_result(secret: str = SECRET, **changes: str) -> dict[str, str]:
    """A result shaped as the docs' IPN example, signed as VNPay's PHP sample checks it."""
    fields = {
        "vnp_Amount": "1000000", "vnp_BankCode": "NCB", "vnp_BankTranNo": "VNP14226112", "vnp_CardType": "ATM",
        "vnp_OrderInfo": "Thanh toan don hang thoi gian: 2023-12-07 17:00:44", "vnp_PayDate": "20231207170112",
        "vnp_ResponseCode": "00", "vnp_TmnCode": "CTTVNP01", "vnp_TransactionNo": "14226112",
        "vnp_TransactionStatus": "00", "vnp_TxnRef": "166117",
    }
    return {**fields, "vnp_SecureHash": php_sample_signature(secret, fields), **changes}


def test_verify_reads_a_signed_result_and_refuses_any_change() -> None:
    assert offline().verify(signed_result()) == VnpayResult(
        "166117", 10000, "00", "00", "NCB", "14226112", datetime(2023, 12, 7, 17, 1, 12, tzinfo=VIETNAM),
    )
    assert offline().verify(signed_result(vnp_SecureHashType="HmacSHA512", other="ignored")).paid
    for tampered in (
        signed_result(vnp_Amount="100000000"), signed_result(vnp_ResponseCode="24"), signed_result(vnp_TxnRef="166118"),
        signed_result(vnp_SecureHash="0" * 128), signed_result(vnp_SecureHash="ư" * 128), signed_result(secret="another-secret"),
        {k: v for k, v in signed_result().items() if k != "vnp_SecureHash"},
        {k: v for k, v in signed_result().items() if k != "vnp_BankTranNo"},
    ):
        with pytest.raises(BadSignature):
            offline().verify(tampered)


def test_the_ipn_replies_are_vnpays_words() -> None:
    assert [ipn_reply(code) for code in ("00", "01", "02", "04", "97", "99")] == [
        {"RspCode": "00", "Message": "Confirm Success"}, {"RspCode": "01", "Message": "Order not found"},
        {"RspCode": "02", "Message": "Order already confirmed"}, {"RspCode": "04", "Message": "invalid amount"},
        {"RspCode": "97", "Message": "Invalid signature"}, {"RspCode": "99", "Message": "Unknow error"},
    ]


# Against the simulator


@dataclass
class Merchant:
    """Our IPN URL as VNPay's IPN sample code answers it: signature (97), order (01), amount (04),
    already confirmed (02), else confirmed (00). `failing` answers 99 that many times first."""

    url: str = ""
    gateway: Vnpay | None = None
    orders: dict[str, int] = field(default_factory=dict)
    confirmed: set[str] = field(default_factory=set)
    failing: dict[str, int] = field(default_factory=dict)
    received: list[tuple[dict[str, str], str]] = field(default_factory=list)

    def answer(self, query: dict[str, str]) -> str:
        assert self.gateway is not None
        try:
            result = self.gateway.verify(query)
        except BadSignature:
            return "97"
        if self.failing.get(result.txn_ref, 0) > 0:
            self.failing[result.txn_ref] -= 1
            return "99"
        if result.txn_ref not in self.orders:
            return "01"
        if result.amount_vnd != self.orders[result.txn_ref]:
            return "04"
        if result.txn_ref in self.confirmed:
            return "02"
        self.confirmed.add(result.txn_ref)
        return "00"

    def ipns_for(self, txn_ref: str) -> list[tuple[dict[str, str], str]]:
        return [(query, code) for query, code in self.received if query.get("vnp_TxnRef") == txn_ref]

    async def wait_for(self, txn_ref: str, count: int = 1, timeout_s: float = 10) -> list[tuple[dict[str, str], str]]:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while len(self.ipns_for(txn_ref)) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{len(self.ipns_for(txn_ref))} IPNs for {txn_ref}, not {count}, within {timeout_s} s")
            await asyncio.sleep(0.05)  # polling for an IPN, not timing a behaviour
        return self.ipns_for(txn_ref)


@pytest.fixture(scope="module")
async def merchant() -> AsyncIterator[Merchant]:
    merchant = Merchant()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        query = dict(httpx.URL(head[0].split(" ")[1]).params)
        code = merchant.answer(query)
        merchant.received.append((query, code))
        body = httpx.Response(200, json=ipn_reply(code)).content
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    merchant.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    yield merchant
    server.close()
    await server.wait_closed()


@pytest.fixture(scope="module")
async def simulator(merchant: Merchant) -> AsyncIterator[str]:
    async with start_sandbox("vnpay", free_port(), ipn_url=f"{merchant.url}/api/payments/vnpay/ipn", ipn_retry_s="0.2") as url:
        yield url


@pytest.fixture(scope="module")
async def gateway(simulator: str, merchant: Merchant) -> AsyncIterator[Vnpay]:
    async with httpx.AsyncClient(timeout=5) as http:
        merchant.gateway = Vnpay(
            http, tmn_code=TMN_CODE, hash_secret=SECRET, pay_url=f"{simulator}/paymentv2/vpcpay.html",
            api_url=f"{simulator}/merchant_webapi/api/transaction",
        )
        yield merchant.gateway


@dataclass
class Order:
    txn_ref: str
    amount_vnd: int
    created_at: datetime
    pay_url: str


async def opened(gateway: Vnpay, merchant: Merchant, amount_vnd: int = 50000) -> Order:
    """An order of the merchant's whose pay page the customer opened."""
    txn_ref, created = f"HS{secrets.token_hex(5)}", now()
    url = gateway.pay_url(txn_ref, amount_vnd, "Lệ phí hồ sơ 000.00.00.H00-261130-0001", "https://motcua.example/tra-ve",
                          "203.113.1.9", created, created + timedelta(minutes=15))
    merchant.orders[txn_ref] = amount_vnd
    page = await gateway.http.get(url)
    assert page.status_code == 200, page.text
    assert f"{amount_vnd:,}".replace(",", ".") + " VND" in page.text and "Le phi ho so 000.00.00.H00-261130-0001" in page.text
    return Order(txn_ref, amount_vnd, created, url)


async def choose(gateway: Vnpay, order: Order, choice: str) -> VnpayResult:
    """The customer's button on the pay page; the browser is sent back to the return URL."""
    simulator = gateway.pay_endpoint.removesuffix("/paymentv2/vpcpay.html")
    response = await gateway.http.post(f"{simulator}/paymentv2/choice", data={"txn_ref": order.txn_ref, "choice": choice})
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith("https://motcua.example/tra-ve?")
    return gateway.verify(query_of(location))


async def sandbox_pay(gateway: Vnpay, order: Order, outcome: str = "paid", ipn: str = "now") -> VnpayResult:
    simulator = gateway.pay_endpoint.removesuffix("/paymentv2/vpcpay.html")
    response = await gateway.http.post(f"{simulator}/_sandbox/pay", params={"txn_ref": order.txn_ref, "outcome": outcome, "ipn": ipn})
    assert response.status_code == 200, response.text
    return gateway.verify(query_of(response.json()["return_url"]))


async def sandbox(gateway: Vnpay, path: str, **params: str) -> httpx.Response:
    simulator = gateway.pay_endpoint.removesuffix("/paymentv2/vpcpay.html")
    return await gateway.http.post(f"{simulator}/_sandbox/{path}", params=params)


async def test_paying_on_the_page_returns_a_signed_result_and_the_ipn_confirms_it(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant, 125000)
    returned = await choose(gateway, order, "paid")
    assert (returned.txn_ref, returned.amount_vnd, returned.response_code, returned.paid) == (order.txn_ref, 125000, "00", True)
    assert returned.transaction_no and returned.bank_code == "NCB" and returned.pay_date is not None
    [(query, code)] = await merchant.wait_for(order.txn_ref)
    assert gateway.verify(query) == returned and code == "00"


@pytest.mark.parametrize(("choice", "response_code"), [("declined", "51"), ("cancelled", "24")])
async def test_a_declined_or_cancelled_payment_comes_back_unpaid(gateway: Vnpay, merchant: Merchant, choice: str, response_code: str) -> None:
    order = await opened(gateway, merchant)
    returned = await choose(gateway, order, choice)
    assert (returned.response_code, returned.transaction_status, returned.paid) == (response_code, "02", False)
    [(query, _)] = await merchant.wait_for(order.txn_ref)
    assert gateway.verify(query).response_code == response_code
    assert (await gateway.query(order.txn_ref, order.created_at, "10.0.0.1", secrets.token_hex(8))).transaction_status == "02"  # type: ignore[union-attr]


async def test_a_pay_url_vnpay_would_refuse_goes_to_its_error_page(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant)
    tampered = order.pay_url.replace("vnp_Amount=5000000", "vnp_Amount=500000")
    stranger = Vnpay(gateway.http, tmn_code="NOTOURS1", hash_secret=SECRET, pay_url=gateway.pay_endpoint, api_url="")
    foreign = stranger.pay_url("X1", 1000, "x", "https://x.vn/r", "1.1.1.1", now(), now() + timedelta(minutes=5))
    for url, code in ((tampered, "70"), (foreign, "72"), (order.pay_url, "01")):
        if code == "01":
            await choose(gateway, order, "paid")  # a used reference: the same URL again is refused
        response = await gateway.http.get(url, follow_redirects=True)
        assert response.status_code == 200 and str(response.url).endswith(f"/paymentv2/Payment/Error.html?code={code}")
        assert "Thông báo" in response.text


async def test_a_duplicate_ipn_is_sent_and_answered_already_confirmed(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant)
    await sandbox_pay(gateway, order, ipn="twice")
    ipns = await merchant.wait_for(order.txn_ref, 2)
    assert ipns[0][0] == ipns[1][0] and sorted(code for _, code in ipns) == ["00", "02"]
    again = (await sandbox(gateway, "ipn", txn_ref=order.txn_ref)).json()
    assert (again["reply"], again["confirmed"]) == (ipn_reply("02"), True)


async def test_a_forged_signature_and_a_wrong_amount_are_sent_as_asked(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant)
    await sandbox_pay(gateway, order, ipn="never")
    forged = (await sandbox(gateway, "ipn", txn_ref=order.txn_ref, tamper="signature")).json()
    assert forged["reply"] == ipn_reply("97")
    with pytest.raises(BadSignature):
        gateway.verify(forged["query"])
    wrong = (await sandbox(gateway, "ipn", txn_ref=order.txn_ref, tamper="amount", amount="1000")).json()
    assert wrong["reply"] == ipn_reply("04") and gateway.verify(wrong["query"]).amount_vnd == 1000
    ipns = (await gateway.http.get(f"{gateway.pay_endpoint.removesuffix('/paymentv2/vpcpay.html')}/_sandbox/ipns",
                                   params={"txn_ref": order.txn_ref})).json()
    assert [(i["tamper"], i["attempt"]) for i in ipns] == [("signature", 1), ("amount", 1)]  # forgeries are never retried


async def test_held_ipns_arrive_late_and_in_the_order_asked(gateway: Vnpay, merchant: Merchant) -> None:
    first, second = await opened(gateway, merchant), await opened(gateway, merchant)
    await sandbox_pay(gateway, first, "declined", ipn="late")
    await sandbox_pay(gateway, second, "paid", ipn="late")
    assert merchant.ipns_for(first.txn_ref) == merchant.ipns_for(second.txn_ref) == []
    released = (await sandbox(gateway, "release", order="reverse")).json()
    assert [r["txn_ref"] for r in released if r["txn_ref"] in (first.txn_ref, second.txn_ref)] == [second.txn_ref, first.txn_ref]
    refs = [query["vnp_TxnRef"] for query, _ in merchant.received]
    assert refs.index(second.txn_ref) < refs.index(first.txn_ref)


async def test_an_ipn_the_merchant_fails_is_called_again_until_confirmed(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant)
    merchant.failing[order.txn_ref] = 2
    await sandbox_pay(gateway, order)
    ipns = await merchant.wait_for(order.txn_ref, 3)
    assert [code for _, code in ipns] == ["99", "99", "00"]
    calls = (await gateway.http.get(f"{gateway.pay_endpoint.removesuffix('/paymentv2/vpcpay.html')}/_sandbox/ipns",
                                    params={"txn_ref": order.txn_ref})).json()
    assert [c["attempt"] for c in calls] == [1, 2, 3] and calls[-1]["confirmed"]


async def test_querydr_tells_what_became_of_a_transaction_without_an_ipn(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant, 75000)
    waiting = await gateway.query(order.txn_ref, order.created_at, "10.0.0.1", secrets.token_hex(8))
    assert waiting is not None and (waiting.finished, waiting.paid, waiting.amount_vnd) == (False, False, 75000)
    returned = await sandbox_pay(gateway, order, ipn="never")
    answer = await gateway.query(order.txn_ref, order.created_at, "10.0.0.1", secrets.token_hex(8))
    assert answer is not None and answer.paid and answer.finished
    assert (answer.amount_vnd, answer.transaction_no, answer.pay_date) == (75000, returned.transaction_no, returned.pay_date)
    assert merchant.ipns_for(order.txn_ref) == []
    assert await gateway.query("HS-never-opened", order.created_at, "10.0.0.1", secrets.token_hex(8)) is None
    assert await gateway.query(order.txn_ref, order.created_at - timedelta(days=1), "10.0.0.1", secrets.token_hex(8)) is None


async def test_querydr_refusals_raise(gateway: Vnpay, merchant: Merchant) -> None:
    order = await opened(gateway, merchant)
    request_id = secrets.token_hex(8)
    await gateway.query(order.txn_ref, order.created_at, "10.0.0.1", request_id)
    with pytest.raises(QueryFailed) as repeated:
        await gateway.query(order.txn_ref, order.created_at, "10.0.0.1", request_id)
    wrong_secret = Vnpay(gateway.http, tmn_code=TMN_CODE, hash_secret="not-the-secret", pay_url="", api_url=gateway.api_url)
    with pytest.raises(QueryFailed) as unsigned:
        await wrong_secret.query(order.txn_ref, order.created_at, "10.0.0.1", secrets.token_hex(8))
    assert (repeated.value.code, unsigned.value.code) == ("94", "97")
