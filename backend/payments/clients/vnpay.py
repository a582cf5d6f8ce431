"""VNPay's payment gateway, API version 2.1.0: the signed redirect to its pay page, the signed result it
sends back (the browser's return URL and the server-to-server IPN), the IPN's documented replies, and
`querydr`, which asks VNPay what became of a transaction.

Followed, in sandbox.vnpayment.vn/apis/docs:
* "Thanh toán PAY" (thanh-toan-pay/pay.html): the pay URL's parameters (vnp_Amount is the amount x 100,
  dates are yyyyMMddHHmmss in GMT+7, vnp_OrderInfo is Vietnamese without diacritics or special
  characters); vnp_SecureHash is HMAC-SHA512 with the hash secret over the parameters sorted by name,
  each `name=value` with the value URL-encoded, joined by `&` (the official Python sample encodes with
  `quote_plus`, the PHP one with `urlencode`: the same for every value we send). The result (return URL
  and IPN, the same parameters) is checked the same way over every `vnp_` parameter but vnp_SecureHash
  and vnp_SecureHashType. The IPN's replies are those of the official IPN samples, word for word
  (including VNPay's "Unknow error"); VNPay calls again, up to 10 times 5 minutes apart, until the
  reply is RspCode 00 or 02.
* "Truy vấn kết quả thanh toán" (truy-van-hoan-tien/querydr&refund.html): a JSON POST to the merchant
  API, signed over `vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|vnp_TransactionDate|
  vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo`; the answer is signed over `vnp_ResponseId|vnp_Command|
  vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|vnp_PayDate|
  vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|
  vnp_PromotionAmount` (absent fields as empty strings). Its codes: 00 answered, 91 no such
  transaction, 02 wrong TmnCode, 03 malformed, 94 repeated request id, 97 bad checksum, 99 other.
* "Bảng mã lỗi": vnp_TransactionStatus 00 paid, 01 not finished, 02 failed, …; vnp_ResponseCode 00
  paid, 24 cancelled by the customer, 51 insufficient balance, 11 payment window expired, ….
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from urllib.parse import quote_plus

import httpx

from backend.clock import VIETNAM, now
from backend.payments.clients import PaymentGateway
from backend.settings import Settings

VERSION = "2.1.0"
# VNPay's goods categories; a fee for a public service fits none better than "other".
ORDER_TYPE = "other"
DATE_FORMAT = "%Y%m%d%H%M%S"
SIGNATURE_FIELDS = ("vnp_SecureHash", "vnp_SecureHashType")
QUERY_REQUEST_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
    "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo",
)
QUERY_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
    "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
    "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount",
)
QUERY_ANSWERED, QUERY_NOT_FOUND = "00", "91"
PAID, NOT_FINISHED = "00", "01"

# The IPN's replies, as VNPay's IPN samples write them.
IPN_REPLIES = {
    "00": "Confirm Success",
    "01": "Order not found",
    "02": "Order already confirmed",
    "04": "invalid amount",
    "97": "Invalid signature",
    "99": "Unknow error",
}


class BadAnswer(Exception):
    """What claims to come from VNPay cannot be read as its protocol says."""


class BadSignature(BadAnswer):
    """The signature does not match: not from VNPay, or altered on the way (IPN reply 97)."""


class QueryFailed(Exception):
    """VNPay answered `querydr` with an error code (not 00, not 91)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"VNPay querydr {code}: {message}")
        self.code = code


@dataclass(frozen=True, slots=True)
class VnpayResult:
    """What VNPay says of one transaction. `response_code` is the payment's vnp_ResponseCode (return URL
    and IPN; `querydr` reports only the transaction status, so it is None there)."""

    txn_ref: str
    amount_vnd: int
    response_code: str | None
    transaction_status: str
    bank_code: str | None
    transaction_no: str | None
    pay_date: datetime | None

    @property
    def paid(self) -> bool:
        return self.transaction_status == PAID and self.response_code in (None, PAID)

    @property
    def finished(self) -> bool:
        """False while VNPay still waits for the customer (querydr's status 01)."""
        return self.transaction_status != NOT_FINISHED


def hash_data(fields: Mapping[str, str]) -> str:
    """The signed text: `name=value` sorted by name, values encoded as VNPay's samples do, joined by `&`."""
    return "&".join(f"{name}={quote_plus(value)}" for name, value in sorted(fields.items()))


def hmac_sha512(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def same_signature(expected: str, given: str) -> bool:
    """In constant time; as bytes, since a forged hash may hold any character."""
    return hmac.compare_digest(expected.encode(), given.lower().encode())


def vnpay_time(moment: datetime) -> str:
    """An aware instant as VNPay writes it: yyyyMMddHHmmss in Vietnam's time (GMT+7)."""
    if moment.tzinfo is None:
        raise ValueError("VNPay's times are GMT+7: give an aware datetime")
    return moment.astimezone(VIETNAM).strftime(DATE_FORMAT)


def read_vnpay_time(text: str) -> datetime:
    return datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VIETNAM)


def plain_order_info(text: str) -> str:
    """vnp_OrderInfo as VNPay requires it: Vietnamese without diacritics, no special characters, ≤ 255."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 .,:\-]", " ", bare)).strip()[:255]


def ipn_reply(code: str) -> dict[str, str]:
    """The body to answer an IPN with, for one of the documented codes."""
    return {"RspCode": code, "Message": IPN_REPLIES[code]}


def amount_in_vnd(minor: Any) -> int:
    """vnp_Amount (the amount x 100) in đồng."""
    try:
        hundreds, rest = divmod(int(str(minor)), 100)
    except ValueError as error:
        raise BadAnswer(f"an unreadable vnp_Amount: {minor!r}") from error
    if rest:
        raise BadAnswer(f"vnp_Amount {minor} is not a whole number of đồng")
    return hundreds


class Vnpay(PaymentGateway):
    name: ClassVar[str] = "vnpay"

    def __init__(self, http: httpx.AsyncClient, *, tmn_code: str, hash_secret: str, pay_url: str, api_url: str) -> None:
        super().__init__(http)
        self.tmn_code = tmn_code
        self.hash_secret = hash_secret
        self.pay_endpoint = pay_url
        self.api_url = api_url

    def sign(self, fields: Mapping[str, str]) -> str:
        return hmac_sha512(self.hash_secret, hash_data(fields))

    def pay_url(
        self, txn_ref: str, amount_vnd: int, order_info: str, return_url: str, ip: str,
        created_at: datetime, expire_at: datetime, locale: str = "vn",
    ) -> str:
        """Where to send the customer's browser to pay `amount_vnd` for the transaction `txn_ref`."""
        fields = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": txn_ref,
            "vnp_OrderInfo": plain_order_info(order_info),
            "vnp_OrderType": ORDER_TYPE,
            "vnp_Locale": locale,
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": ip,
            "vnp_CreateDate": vnpay_time(created_at),
            "vnp_ExpireDate": vnpay_time(expire_at),
        }
        return f"{self.pay_endpoint}?{hash_data(fields)}&vnp_SecureHash={self.sign(fields)}"

    def verify(self, query: Mapping[str, str]) -> VnpayResult:
        """The result VNPay signed, from the return URL's or the IPN's query; `BadSignature` otherwise."""
        signed = {k: v for k, v in query.items() if k.startswith("vnp_") and k not in SIGNATURE_FIELDS}
        if not same_signature(self.sign(signed), query.get("vnp_SecureHash", "")):
            raise BadSignature("the result's vnp_SecureHash does not match")
        try:
            return VnpayResult(
                txn_ref=signed["vnp_TxnRef"],
                amount_vnd=amount_in_vnd(signed["vnp_Amount"]),
                response_code=signed["vnp_ResponseCode"],
                transaction_status=signed["vnp_TransactionStatus"],
                bank_code=signed.get("vnp_BankCode") or None,
                transaction_no=signed.get("vnp_TransactionNo") or None,
                pay_date=read_vnpay_time(signed["vnp_PayDate"]) if signed.get("vnp_PayDate") else None,
            )
        except (KeyError, ValueError) as error:
            raise BadAnswer(f"a signed result without a readable {error}") from error

    async def query(self, txn_ref: str, transaction_date: datetime, ip: str, request_id: str) -> VnpayResult | None:
        """What VNPay knows of `txn_ref` (created at `transaction_date`, the pay URL's vnp_CreateDate);
        None when it has no such transaction. `ip` is this server's; `request_id` must not repeat that day."""
        request = {
            "vnp_RequestId": request_id,
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TxnRef": txn_ref,
            "vnp_TransactionDate": vnpay_time(transaction_date),
            "vnp_CreateDate": vnpay_time(now()),
            "vnp_IpAddr": ip,
            "vnp_OrderInfo": f"Truy van giao dich {plain_order_info(txn_ref)}",
        }
        request["vnp_SecureHash"] = hmac_sha512(self.hash_secret, "|".join(request[f] for f in QUERY_REQUEST_FIELDS))
        async with self.timed("querydr"):
            response = await self.http.post(self.api_url, json=request)
            response.raise_for_status()
        try:
            answer = response.json()
            assert isinstance(answer, dict)
        except (ValueError, AssertionError) as error:
            raise BadAnswer(f"VNPay's querydr answer is not a JSON object: {response.text[:200]!r}") from error
        return self.read_query_answer(answer, txn_ref)

    def read_query_answer(self, answer: Mapping[str, Any], txn_ref: str) -> VnpayResult | None:
        code = str(answer.get("vnp_ResponseCode", ""))
        if code not in (QUERY_ANSWERED, QUERY_NOT_FOUND):
            # VNPay's error answers (bad checksum, repeated request id…) are not always signed; they change nothing.
            raise QueryFailed(code, str(answer.get("vnp_Message", "")))
        text = "|".join(str(answer.get(f, "")) for f in QUERY_ANSWER_FIELDS)
        if not same_signature(hmac_sha512(self.hash_secret, text), str(answer.get("vnp_SecureHash", ""))):
            raise BadSignature("the querydr answer's vnp_SecureHash does not match")
        if code == QUERY_NOT_FOUND:
            return None
        if answer.get("vnp_TxnRef") != txn_ref:
            raise BadAnswer(f"asked about {txn_ref}, VNPay answered about {answer.get('vnp_TxnRef')}")
        pay_date = str(answer.get("vnp_PayDate") or "")
        try:
            return VnpayResult(
                txn_ref=txn_ref,
                amount_vnd=amount_in_vnd(answer["vnp_Amount"]),
                response_code=None,
                transaction_status=str(answer["vnp_TransactionStatus"]),
                bank_code=str(answer.get("vnp_BankCode") or "") or None,
                transaction_no=str(answer.get("vnp_TransactionNo") or "") or None,
                pay_date=read_vnpay_time(pay_date) if pay_date else None,
            )
        except (KeyError, ValueError) as error:
            raise BadAnswer(f"a querydr answer without a readable {error}") from error


def vnpay_gateway(settings: Settings, http: httpx.AsyncClient) -> Vnpay | None:
    """The configured gateway, or None while VNPAY_TMN_CODE or VNPAY_HASH_SECRET is unset."""
    if not (settings.vnpay_tmn_code and settings.vnpay_hash_secret):
        return None
    return Vnpay(
        http, tmn_code=settings.vnpay_tmn_code, hash_secret=settings.vnpay_hash_secret,
        pay_url=settings.vnpay_pay_url, api_url=settings.vnpay_api_url,
    )
