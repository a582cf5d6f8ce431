"""eSMS (ViHAT): brandname customer-care SMS through its JSON send API, receipts through its GET callback.

Followed, in developers.esms.vn (repository devesms/gitbook_esms_for_develop_v2, English twin …_v2_en):
* "Tin nhắn SMS OTP/CSKH" (esms-api/ham-gui-tin/tin-nhan-sms-otp-cskh.md): POST
  `/MainService.svc/json/SendMultipleMessage_V4_post_json/` with ApiKey, SecretKey, Phone, Content,
  Brandname, SmsType "2" (customer care), IsUnicode "0"/"1", RequestId ("chặn trùng", blocked for the
  day) and CallbackUrl; the answer is `{"CodeResult", "SMSID", "ErrorMessage"}`.
* "Bảng mã lỗi" (esms-api/bang-ma-loi.md): the codes mapped in `FAILURES` below; 124 is a RequestId
  eSMS already has, i.e. the message was taken by an earlier attempt.
* "Callback Url" (esms-api/callback-url.md): eSMS calls the CallbackUrl with HTTP GET and the query
  SMSID, SendStatus (5 done, 4 rejected; 1, 2 and 7 are not final), SendSuccess, SendFailed, RequestId,
  phonenumber…; it retries 5 times on timeouts. It signs nothing, so our CallbackUrl carries a token
  (`base.receipt_token`) that the receipt must bring back.
Not in the documents, so chosen here: a "sent, not delivered" report (SendStatus 5 with SendFailed)
counts as a temporary failure (phone off, out of coverage), a rejection (4) as permanent; HTTP 5xx
(eSMS documents no "system error" code) and 429 are temporary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import httpx

from backend.notifications.clients import Handoff, SendFailed
from backend.notifications.clients.sms.base import (
    BadReceipt, Receipt, Sms, SmsProvider, check_token, domestic, json_answer, receipt_token,
    with_token,
)

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
CUSTOMER_CARE = "2"
ACCEPTED = "100"
DUPLICATE_REQUEST = "124"
# CodeResult → (what it means, permanent?). Permanent: this message will never go through this
# account as it is. A low balance is temporary: it is topped up.
FAILURES: dict[str, tuple[str, bool]] = {
    "99": ("phone number blocked by eSMS", True),
    "101": ("wrong ApiKey or SecretKey", True),
    "102": ("no price list for this account", True),
    "103": ("balance too low", False),
    "104": ("brandname not registered or not active", True),
    "108": ("phone number in a wrong format", True),
    "140": ("our IP is not whitelisted", True),
    "146": ("text does not match a registered customer-care template", True),
    "177": ("the phone's network is not registered for this brandname", True),
}
DONE, REJECTED = "5", "4"


class EsmsProvider(SmsProvider):
    name: ClassVar[str] = "esms"
    # eSMS documents no body for the callback's answer; it only retries when we time out.
    receipt_reply: ClassVar[tuple[int, bytes, str]] = (200, b"OK", "text/plain")

    def __init__(
        self, http: httpx.AsyncClient, *, url: str, api_key: str, secret_key: str, brandname: str, receipt_secret: bytes,
    ) -> None:
        super().__init__(http)
        self.url = url.rstrip("/") + SEND_PATH
        self.api_key = api_key
        self.secret_key = secret_key
        self.brandname = brandname
        self.token = receipt_token(receipt_secret, self.name)

    def request_body(self, sms: Sms) -> dict[str, str]:
        body = {
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": domestic(sms.phone),
            "Content": sms.text,
            "Brandname": self.brandname,
            "SmsType": CUSTOMER_CARE,
            "IsUnicode": "1" if sms.unicode else "0",
            "RequestId": sms.dedupe_key,
        }
        if sms.callback_url:
            body["CallbackUrl"] = with_token(sms.callback_url, self.token)
        return body

    async def _send(self, outgoing: Sms) -> Handoff:
        answer = json_answer(await self.http.post(self.url, json=self.request_body(outgoing)), "eSMS")
        code = str(answer.get("CodeResult", ""))
        if code == ACCEPTED:
            return Handoff(answer["SMSID"])
        if code == DUPLICATE_REQUEST:
            # An earlier attempt reached eSMS; its SMSID is not repeated, receipts carry our RequestId.
            return Handoff(None)
        if not code:
            # The documented `{"error": "Invalid request"}`: a request eSMS cannot read will not improve.
            raise SendFailed(f"eSMS refused the request: {answer.get('error', answer)}", permanent=True)
        meaning, permanent = FAILURES.get(code, (f"undocumented code: {answer.get('ErrorMessage', '')}", False))
        raise SendFailed(f"eSMS {code}: {meaning}", permanent=permanent)

    def read_receipts(self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes) -> list[Receipt]:
        check_token(query, self.token)
        reference, status = query.get("SMSID"), query.get("SendStatus")
        if not reference or not status:
            raise BadReceipt("an eSMS callback without SMSID or SendStatus")
        dedupe_key = query.get("RequestId") or None
        if status == REJECTED:
            return [Receipt(reference, "permanent-failure", "rejected by eSMS (SendStatus 4)", dedupe_key)]
        if status != DONE:
            return []  # waiting for approval, for sending or for the network's report: not final
        try:
            succeeded, failed = int(query.get("SendSuccess", "0")), int(query.get("SendFailed", "0"))
        except ValueError as error:
            raise BadReceipt(f"an eSMS callback with unreadable counts: {error}") from error
        if succeeded > 0:
            return [Receipt(reference, "delivered", "delivered (SendStatus 5)", dedupe_key)]
        if failed > 0:
            return [Receipt(reference, "temporary-failure", "sent, not delivered (SendStatus 5, SendFailed)", dedupe_key)]
        raise BadReceipt("an eSMS callback, done, with neither successes nor failures")
