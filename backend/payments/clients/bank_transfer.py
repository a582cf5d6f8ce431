"""Incoming bank transfers, as Casso's webhook v2 announces them, and the dossier code found in what banks deliver.

Casso (casso.vn) reads the agency's account at its bank and posts every new transaction to our webhook.
Followed: developer.casso.vn, webhook v2 ("Kết nối Casso bằng Webhook" → "Thiết lập Webhook thủ công",
"Xử lý sự kiện Webhook"; the stored copies we could read give the set-up and the page outline), and
Casso's v2 verification sample (PHP, with its checksum key, test transaction and signature; copied into
tests/payments/test_bank_transfer.py, where our `signature` reproduces it). A notification is a POST of
JSON `{"error": 0, "data": {…one transaction…}}`; the transaction has `id`, `reference` (the bank's
transaction code), `description` (the transfer content as the bank delivers it), `amount` (negative for
money out), `runningBalance`, `transactionDateTime` ("2024-10-03 15:06:37", Vietnam time),
`accountNumber`, `bankName`, `bankAbbreviation`, `virtualAccountNumber`, `virtualAccountName`,
`counterAccountName`, `counterAccountNumber`, `counterAccountBankId`, `counterAccountBankName`. The
header `X-Casso-Signature: t=<ms>,v1=<hex>` carries HMAC-SHA512, keyed with the webhook's secret key, of
"<t>.<the body re-serialised with its keys sorted at every level, compactly>". The sample is ASCII only;
non-ASCII text is serialised as JavaScript's JSON.stringify does (left as it is, "/" not escaped), as
the Node.js verifiers in use do, which a real notification with Vietnamese letters should confirm.

Chosen here, not in Casso's pages we could read (to confirm with Casso before production):
* a signature older or newer than `MAX_SKEW_S` (5 minutes) is refused as a replay, on the assumption
  that Casso signs each delivery, retries included, when it sends it. Re-deliveries of one transaction
  are told apart by its `reference`: the caller's handling must be idempotent on it.
* the reply Casso takes as delivered is any 2xx; we answer `{"success": true}`.
* money out (a negative amount), and transactions of other accounts linked to the same Casso
  account, are read and dropped: they are not payments to us.

The dossier code in the content: see `dossier_code_in`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from backend import clock
from backend.settings import Settings

SIGNATURE_HEADER = "x-casso-signature"
MAX_SKEW_S = 300
WEBHOOK_REPLY = (200, b'{"success":true}', "application/json")
_SIGNATURE = re.compile(r"^t=(\d+),v1=([0-9a-f]{128})$")
# A dossier code 000.00.02.H56-261101-0001 with every separator gone, as it stands in a content that was
# upper-cased and stripped of all but letters and digits. The H and the fixed widths place it even where
# a bank glued its own digits to either side.
_GLUED_CODE = re.compile(r"(\d{3})(\d{2})(\d{2})(H\d{2})(\d{6})(\d{4})")


class BadSignature(Exception):
    """A notification that is not Casso's (no, a wrong or a stale signature) or cannot be read: answer 401."""


@dataclass(frozen=True, slots=True)
class Transfer:
    """Money in to our account. `reference` is the bank's transaction code: one per transfer, however
    often it is announced."""

    reference: str
    account: str
    amount_vnd: int
    description: str
    when: datetime


def signature(secret: str, body: dict[str, Any], timestamp_ms: int) -> str:
    """The X-Casso-Signature value for `body` signed at `timestamp_ms`."""
    message = f"{timestamp_ms}.{json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(',', ':'))}"
    return f"t={timestamp_ms},v1={hmac.new(secret.encode(), message.encode(), hashlib.sha512).hexdigest()}"


class CassoWebhook:
    """Reads Casso's notifications for one account with the webhook's secret key."""

    def __init__(self, *, secret: str, account: str) -> None:
        self.secret = secret
        self.account = account

    @classmethod
    def from_settings(cls, settings: Settings) -> CassoWebhook | None:
        """None when the agency's account or the webhook's secret is not configured."""
        if not (settings.bank_webhook_secret and settings.bank_account_no):
            return None
        return cls(secret=settings.bank_webhook_secret, account=settings.bank_account_no)

    def verify_and_read(self, headers: Mapping[str, str], body: bytes) -> list[Transfer]:
        """The transfers into our account in one notification; BadSignature when it is not authentic,
        stale, or not readable. `headers` keys may be of any case."""
        given = next((value for key, value in headers.items() if key.lower() == SIGNATURE_HEADER), "")
        parts = _SIGNATURE.match(given.strip())
        if parts is None:
            raise BadSignature("no X-Casso-Signature, or not t=…,v1=…")
        timestamp_ms = int(parts.group(1))
        if abs(clock.now().timestamp() - timestamp_ms / 1000) > MAX_SKEW_S:
            raise BadSignature(f"signed at {timestamp_ms} ms, more than {MAX_SKEW_S} s from now")
        try:
            notification = json.loads(body)
        except ValueError as error:
            raise BadSignature(f"not JSON: {error}") from error
        if not isinstance(notification, dict):
            raise BadSignature("not a JSON object")
        if not hmac.compare_digest(signature(self.secret, notification, timestamp_ms), given.strip()):
            raise BadSignature("the signature does not match")
        return [transfer for transfer in [_transfer(notification.get("data"))] if self._ours(transfer)]

    def _ours(self, transfer: Transfer) -> bool:
        return transfer.amount_vnd > 0 and transfer.account == self.account


def _transfer(data: Any) -> Transfer:
    try:
        reference, account, amount = data["reference"], data["accountNumber"], data["amount"]
        when = datetime.strptime(data["transactionDateTime"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=clock.VIETNAM)
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise TypeError(f"amount {amount!r} is not a whole number of đồng")
        if not isinstance(reference, str | int) or reference == "":
            raise TypeError(f"reference {reference!r} names no transaction")
        return Transfer(str(reference), str(account), amount, str(data.get("description") or ""), when)
    except (TypeError, KeyError, ValueError) as error:
        raise BadSignature(f"an unreadable transaction: {error!r}") from error


def dossier_code_in(description: str) -> str | None:
    """The dossier code in a transfer's content as the bank delivered it, or None when there is none or
    more than one. Banks upper-case the content, drop or change spaces, dots and dashes, and wrap it in
    their own references ("MBVCB.3278907687.064512.0000002H56 261101 0001.CT tu …"), so the content is
    compared with everything but letters and digits removed."""
    plain = unicodedata.normalize("NFKD", description)
    glued = re.sub(r"[^A-Z0-9]", "", "".join(c for c in plain if not unicodedata.combining(c)).upper())
    codes = {"{}.{}.{}.{}-{}-{}".format(*found.groups()) for found in _GLUED_CODE.finditer(glued)}
    return codes.pop() if len(codes) == 1 else None
