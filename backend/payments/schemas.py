"""What the payments API reads and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from backend.catalog.fees import FeeLine
from backend.payments.states import PaymentState

Stage = Literal["submission", "result"]
Channel = Literal["vnpay", "vietqr", "cash"]


class VietQr(msgspec.Struct):
    """What the person needs to pay by bank transfer: the QR (SVG) and, beside it, the same details to type."""

    payload: str
    svg: str
    bank_name: str
    bank_bin: str
    account_number: str
    account_name: str
    amount: int
    transfer_content: str


class Payment(msgspec.Struct):
    id: UUID
    dossier_id: UUID
    stage: Stage
    state: PaymentState
    state_text: str
    amount: int
    items: list[FeeLine]
    reference: str
    channel: Channel | None
    paid_at: datetime | None
    receipt_number: str | None
    # Set while the request is unpaid: the bank transfer's details.
    vietqr: VietQr | None = None
    refund: Literal["requested", "completed"] | None = None


class VnpayStart(msgspec.Struct):
    redirect_url: str


ReceiptNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z./-]+$")]


class CashInput(msgspec.Struct, forbid_unknown_fields=True):
    """What the officer took at the desk: exactly the amount owed, and the number of the paper receipt given."""

    amount: Annotated[int, msgspec.Meta(gt=0)]
    cash_receipt_number: ReceiptNumber


class CashLine(msgspec.Struct):
    dossier_code: str
    amount: int
    cash_receipt_number: str
    paid_at: datetime


class OfficerCash(msgspec.Struct):
    officer_name: str
    total: int
    payments: list[CashLine]


class CashDay(msgspec.Struct):
    day: str
    total: int
    officers: list[OfficerCash]


class Transfer(msgspec.Struct):
    id: UUID
    amount: int
    description: str
    transferred_at: datetime
    outcome: Literal["partial", "excess", "unmatched", "already_paid"]
    dossier_code: str | None
    owed: int | None


class RefundView(msgspec.Struct):
    id: UUID
    dossier_id: UUID
    dossier_code: str
    amount: int
    channel: Channel | None
    requested_at: datetime


class RefundInput(msgspec.Struct, forbid_unknown_fields=True):
    note: Annotated[str, msgspec.Meta(max_length=500)] | None = None


class ChannelTotal(msgspec.Struct):
    channel: Channel
    count: int
    total: int


class AgencyDay(msgspec.Struct):
    agency_code: str
    count: int
    total: int
    channels: list[ChannelTotal]
    to_review: int


class DailyReport(msgspec.Struct):
    day: str
    agencies: list[AgencyDay]
