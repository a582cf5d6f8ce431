"""ePacific: brandname customer-service SMS, a second gateway that takes our request id.

Followed: "Send SMS" (platform.epacific.net/docs/send-sms.html): POST `{URL base}/v1/SendSMS` with
the account's token in the `Token` header and the JSON body `to` (e.g. 09…), `telco` (blank: ePacific
finds the network), `type` 1 (customer service), `from` (the brandname), `message`, `scheduled` (blank:
now), `requestId` ("if provided, the system will keep it in the next 1 hour and check whether it's
duplicated"), `useUnicode` (0 plain, 1 Unicode) and `ext`; the answer echoes the message as
`sendMessage` and adds `msgLength`, `mtCount`, `account`, `errorCode` ("000" when taken),
`errorMessage` and `referentId`, the id a receipt names.

Not on that page, so chosen here and to be confirmed with ePacific before production (the simulator
plays exactly these choices): the `Token` header holds a static account token; a request id seen within
the hour is answered with the first answer again ("000", the same referentId); any other `errorCode` is a
refusal of this request (permanent); an unknown token is HTTP 401. Receipts are posted as JSON
`{"referentId", "requestId", "to", "status", "errorMessage"}` (status as in SMPP receipts: DELIVRD,
UNDELIV, EXPIRED, REJECTD, UNKNOWN) to the callback URL configured in the ePacific account, which carries
our token (`base.receipt_token`) as its only proof of origin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import ClassVar

import httpx

from backend.notifications.clients import Handoff, SendFailed
from backend.notifications.clients.sms.base import (
    BadReceipt, Receipt, ReceiptStatus, Sms, SmsProvider, check_token, domestic, json_answer, receipt_token,
)

SEND_PATH = "/v1/SendSMS"
CUSTOMER_SERVICE = 1
ACCEPTED = "000"
RECEIPT_STATUSES: dict[str, ReceiptStatus] = {
    "DELIVRD": "delivered",
    "UNDELIV": "temporary-failure",  # phone off or out of coverage for the network's whole validity period
    "EXPIRED": "temporary-failure",
    "REJECTD": "permanent-failure",
    "UNKNOWN": "permanent-failure",  # no such subscriber
}


class EpacificProvider(SmsProvider):
    name: ClassVar[str] = "epacific"
    receipt_reply: ClassVar[tuple[int, bytes, str]] = (200, b'{"errorCode":"000"}', "application/json")

    def __init__(self, http: httpx.AsyncClient, *, url: str, token: str, brandname: str, receipt_secret: bytes) -> None:
        super().__init__(http)
        self.url = url.rstrip("/") + SEND_PATH
        self.account_token = token
        self.brandname = brandname
        self.token = receipt_token(receipt_secret, self.name)

    def request_body(self, sms: Sms) -> dict[str, object]:
        return {
            "to": domestic(sms.phone),
            "telco": "",
            "type": CUSTOMER_SERVICE,
            "from": self.brandname,
            "message": sms.text,
            "scheduled": "",
            "requestId": sms.dedupe_key,
            "useUnicode": 1 if sms.unicode else 0,
            "ext": {},
        }

    async def _send(self, outgoing: Sms) -> Handoff:
        response = await self.http.post(self.url, json=self.request_body(outgoing), headers={"Token": self.account_token})
        answer = json_answer(response, "ePacific")
        code = str(answer.get("errorCode", ""))
        if code == ACCEPTED and answer.get("referentId"):
            return Handoff(str(answer["referentId"]))
        raise SendFailed(f"ePacific {code or 'without errorCode'}: {answer.get('errorMessage', '')}", permanent=True)

    def read_receipts(self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes) -> list[Receipt]:
        check_token(query, self.token)
        try:
            report = json.loads(body)
            reference, status = str(report["referentId"]), RECEIPT_STATUSES[report["status"]]
        except (ValueError, TypeError, KeyError) as error:
            raise BadReceipt(f"an unreadable ePacific receipt: {error!r}") from error
        detail = " ".join(part for part in (report["status"], report.get("errorMessage") or "") if part)
        return [Receipt(reference, status, detail, report.get("requestId") or None)]
