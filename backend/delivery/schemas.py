"""What the delivery API sends and accepts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from backend.errors import ProblemDetails

ShortText = Annotated[str, msgspec.Meta(max_length=500)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Outcome = Literal["applied", "duplicate", "refused"]


class CourierHandover(msgspec.Struct):
    """A batch a desk prepared, waiting for a courier to confirm taking it."""

    id: UUID
    agency_code: str
    agency_name: str
    slot: datetime
    count: int


class CourierShipment(msgspec.Struct):
    """A shipment in the courier's custody (or, inbound, waiting to be collected): what to do at the door."""

    tracking_code: str
    direction: str
    state: str
    state_words: str
    dossier_code: str | None
    recipient_name: str
    # In full: the courier calls the recipient. Null when the recipient gave none (then a slip photo proves delivery).
    phone: str | None
    has_phone: bool
    street: str | None
    commune_code: str | None
    commune_name: str | None
    province_name: str | None
    # Cash the courier collects at the door (postage paid on delivery); 0 when nothing.
    cash_to_collect: int
    allowed_actions: list[str]


class CourierEvent(msgspec.Struct, forbid_unknown_fields=True):
    """One thing the courier did, recorded on the phone (perhaps offline) and sent later."""

    idempotency_key: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.:-]{8,100}$")]
    tracking_code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    action: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    device_time: datetime
    recipient_code: Annotated[str, msgspec.Meta(max_length=20)] | None = None
    reason: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    slip_photo_id: UUID | None = None


class CourierEventsInput(msgspec.Struct, forbid_unknown_fields=True):
    events: Annotated[list[CourierEvent], msgspec.Meta(min_length=1, max_length=200)]


class EventResult(msgspec.Struct):
    idempotency_key: str
    outcome: Outcome
    # The shipment's state after this event (null when the shipment is unknown).
    state: str | None
    # Why it was refused, in the reader's language (RFC 9457 fields); null unless refused.
    problem: ProblemDetails | None


class EventResults(msgspec.Struct):
    """One result per event, in the order they were applied (by device time)."""

    results: list[EventResult]


class SlipPhoto(msgspec.Struct):
    slip_photo_id: UUID


class RecipientCodeSent(msgspec.Struct):
    tracking_code: str
    sent_at: datetime
    # The recipient's phone with all but its last 3 digits hidden.
    phone_masked: str


class OfficeShipment(msgspec.Struct):
    id: UUID
    tracking_code: str
    dossier_id: UUID
    dossier_code: str | None
    direction: str
    state: str
    state_words: str
    recipient_name: str
    commune_name: str | None
    phone_masked: str | None
    postage: int
    cash_to_collect: int
    batch_id: UUID | None
    created_at: datetime


class Batch(msgspec.Struct):
    id: UUID
    agency_code: str
    slot: datetime
    state: Literal["open", "handed_over"]
    count: int
    courier_name: str | None
    confirmed_at: datetime | None
    manifest_url: str


class OfficeHandovers(msgspec.Struct):
    """Results waiting for the next hand-over (not in a batch yet), and the desk's recent batches."""

    waiting: list[OfficeShipment]
    batches: list[Batch]


class TimelineEntry(msgspec.Struct):
    state: str
    words: str
    at: datetime


class DossierShipment(msgspec.Struct):
    """A shipment of the citizen's dossier, with its timeline in plain words."""

    tracking_code: str
    direction: str
    state: str
    state_words: str
    recipient_name: str
    commune_name: str | None
    postage: int
    postage_payment: str
    cash_to_collect: int
    timeline: list[TimelineEntry]
    # Why the latest attempt failed, in the courier's words; null otherwise.
    failure_reason: str | None


class CollectionInput(msgspec.Struct, forbid_unknown_fields=True):
    """Where the post collects the paper originals; who hands them over and their phone."""

    name: Name
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=30)]
    province_code: Annotated[str, msgspec.Meta(min_length=1, max_length=10)]
    commune_code: Annotated[str, msgspec.Meta(min_length=1, max_length=10)]
    street: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]


class ShipmentLookupInput(msgspec.Struct, forbid_unknown_fields=True):
    """Public tracking: the tracking code and the last four digits of the recipient's phone."""

    tracking_code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    phone_last4: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}$")]


class ShipmentStatus(msgspec.Struct):
    """What anyone with the tracking code and the phone's last four digits may see: nothing personal beyond the
    recipient's initials and commune."""

    tracking_code: str
    direction: str
    state: str
    state_words: str
    recipient_initials: str
    commune_name: str | None
    timeline: list[TimelineEntry]
