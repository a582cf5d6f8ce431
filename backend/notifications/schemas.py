"""What the notifications API reads and answers, and the words for a message's state."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from backend.i18n import Text


class Channel(StrEnum):
    SMS = "sms"
    PUSH = "push"


class MessageStatus(StrEnum):
    """GOV.UK Notify's statuses: created → sending (a provider took it) → delivered, or one of the failures."""

    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary-failure"  # the phone was off or out of reach; the provider gave up
    PERMANENT_FAILURE = "permanent-failure"  # no such number, or the device unsubscribed
    TECHNICAL_FAILURE = "technical-failure"  # we could not hand it to any provider in time


FINAL = frozenset({MessageStatus.DELIVERED, MessageStatus.PERMANENT_FAILURE, MessageStatus.TECHNICAL_FAILURE})

STATUS_WORDS: dict[MessageStatus, Text] = {
    MessageStatus.CREATED: Text("Đang chờ gửi", "Waiting to be sent"),
    MessageStatus.SENDING: Text("Đã gửi, chờ báo nhận", "Sent, waiting for the phone to confirm"),
    MessageStatus.DELIVERED: Text("Đã đến máy", "Delivered"),
    MessageStatus.TEMPORARY_FAILURE: Text("Chưa đến được máy, sẽ gửi lại", "Not delivered yet; it will be sent again"),
    MessageStatus.PERMANENT_FAILURE: Text("Không gửi được đến số/thiết bị này", "Could not reach this number or device"),
    MessageStatus.TECHNICAL_FAILURE: Text("Lỗi hệ thống khi gửi", "A system error stopped it"),
}

CHANNEL_WORDS: dict[Channel, Text] = {
    Channel.SMS: Text("Tin nhắn SMS", "Text message"),
    Channel.PUSH: Text("Thông báo trên ứng dụng", "App notification"),
}


class MessageView(msgspec.Struct):
    """One message as the citizen sees it on the dossier page."""

    id: UUID
    channel: Channel
    channel_text: str
    status: MessageStatus
    status_text: str
    text: str
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None


class Preferences(msgspec.Struct):
    """Which channels the person wants. SMS stays on for the notices the law requires (receipt, supplement
    request, refusal, apology letter) whatever `sms` says; `sms_required_notices` says so."""

    sms: bool
    push: bool
    sms_required_notices: bool = True


# Litestar converts bodies leniently (0, 1, "false" would pass as booleans); a Literal is checked strictly.
StrictBool = Literal[True, False]


class PreferencesInput(msgspec.Struct, forbid_unknown_fields=True):
    sms: StrictBool
    push: StrictBool


Base64Url = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]+={0,2}$", min_length=16, max_length=200)]


class SubscriptionKeys(msgspec.Struct):
    p256dh: Base64Url
    auth: Base64Url


class SubscriptionInput(msgspec.Struct):
    """`PushSubscription.toJSON()` as the browser gives it (expirationTime is ignored)."""

    endpoint: Annotated[str, msgspec.Meta(pattern=r"^https?://[!-~]+$", max_length=1000)]
    keys: SubscriptionKeys


class EndpointInput(msgspec.Struct):
    endpoint: Annotated[str, msgspec.Meta(pattern=r"^https?://[!-~]+$", max_length=1000)]


class Subscribed(msgspec.Struct):
    id: UUID


class PushKey(msgspec.Struct):
    """The VAPID public key, base64url: `applicationServerKey` for `PushManager.subscribe`."""

    public_key: str


class TemplatePreview(msgspec.Struct):
    kind: str
    sample: dict[str, str | None]
    language: str
    push_title: str | None
    push_body: str | None
    sms: str
    # Segments as sent (`sms_encoding`), and what the same text with its diacritics would take in UCS-2.
    sms_segments: int
    sms_unicode_segments: int
    legally_required: bool
    # How the SMS is sent: GSM-7 (160 septets in one segment, 153 per part) or UCS-2 (70 code units, 67 per part).
    sms_encoding: Literal["gsm7", "ucs2"]
    # The text's length in that encoding's units (septets, an extension character counting two; or UTF-16 units).
    sms_units: int
