"""What every SMS client shares: the message, the delivery receipts gateways post back, and how a
receipt proves it came from the gateway we gave its callback address to."""

from __future__ import annotations

import hashlib
import hmac
from abc import abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from backend.notifications.clients import Provider, SendFailed

ReceiptStatus = Literal["delivered", "temporary-failure", "permanent-failure"]

# The query parameter that carries a receipt's proof of origin in the callback URLs we hand out.
TOKEN_PARAMETER = "token"


@dataclass(frozen=True, slots=True)
class Sms:
    """One text to one phone. `dedupe_key` (our message id, at most 36 characters) goes to the gateway
    as its request id, so a retried send of the same message is recognised there and not sent again."""

    phone: str  # E.164, +84…
    text: str
    dedupe_key: str
    unicode: bool = False
    # Where the gateway should post the receipt, for gateways that take it per request.
    callback_url: str | None = None


@dataclass(frozen=True, slots=True)
class Receipt:
    """What a gateway reports about one message. `reference` is the gateway's message id (the one
    `Handoff` carried); `dedupe_key` is our own id when the gateway echoes it back, which finds the
    message even when the answer to the send was lost."""

    reference: str
    status: ReceiptStatus
    detail: str
    dedupe_key: str | None = None


class BadReceipt(Exception):
    """A receipt that fails authentication or cannot be read: answer 4xx and change nothing."""


class SmsProvider(Provider[Sms]):
    # The answer the gateway expects to a receipt it posted: status, body, content type.
    receipt_reply: ClassVar[tuple[int, bytes, str]]

    @abstractmethod
    def read_receipts(self, headers: Mapping[str, str], query: Mapping[str, str], body: bytes) -> list[Receipt]:
        """The receipts in one callback request; raises BadReceipt when it is not authentic or not readable."""


def receipt_token(secret: bytes, provider: str) -> str:
    """The token a provider's callback URLs carry: one per provider, so a URL leaked by one gateway
    cannot forge receipts of another."""
    return hmac.new(secret, f"sms-receipts:{provider}".encode(), hashlib.sha256).hexdigest()


def with_token(url: str, token: str) -> str:
    """`url` with the receipt token added to its query."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), (TOKEN_PARAMETER, token)]
    return urlunsplit(parts._replace(query=urlencode(query)))


def check_token(query: Mapping[str, str], token: str) -> None:
    if not hmac.compare_digest(query.get(TOKEN_PARAMETER, "").encode(), token.encode()):
        raise BadReceipt("the callback's token is missing or wrong")


def domestic(phone: str) -> str:
    """+84912345678 → 0912345678, the form both gateways' documents use."""
    if not phone.startswith("+84"):
        raise SendFailed(f"not a Vietnamese E.164 number: {phone}", permanent=True)
    return "0" + phone.removeprefix("+84")


def json_answer(response: httpx.Response, gateway: str) -> dict[str, Any]:
    """The gateway's JSON answer to a send, or SendFailed: 429 and 5xx are temporary (honouring
    Retry-After in seconds), other 4xx permanent (a wrong address or credentials will not heal)."""
    if response.status_code == 429 or response.status_code >= 500:
        seconds = response.headers.get("Retry-After", "")
        raise SendFailed(
            f"{gateway} answered HTTP {response.status_code}", retry_after_s=float(seconds) if seconds.isdigit() else None,
        )
    if response.status_code >= 400:
        raise SendFailed(f"{gateway} answered HTTP {response.status_code}: {response.text[:200]}", permanent=True)
    try:
        answer = response.json()
    except ValueError as error:
        raise SendFailed(f"{gateway} answered something other than JSON: {response.text[:200]!r}") from error
    if not isinstance(answer, dict):
        raise SendFailed(f"{gateway} answered unexpected JSON: {response.text[:200]!r}")
    return answer
