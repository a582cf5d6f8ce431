from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from backend.catalog.fees import FeeQuote
from backend.catalog.postage import PostageQuote
from backend.catalog.schemas import FormField, Level
from backend.errors import FieldError
from backend.notifications.schemas import MessageView

ShortText = Annotated[str, msgspec.Meta(max_length=500)]
Note = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class Applicant(msgspec.Struct, omit_defaults=True):
    """Who the dossier is for, prefilled from the profile and editable in the draft."""

    full_name: ShortText | None = None
    cccd: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{12}$")] | None = None
    date_of_birth: date | None = None
    phone: ShortText | None = None
    province_code: ShortText | None = None
    commune_code: ShortText | None = None
    street: ShortText | None = None


class Delivery(msgspec.Struct, omit_defaults=True):
    """Where the result goes: collected at the counter, or sent home by the public postal service."""

    method: Literal["counter", "post"] = "counter"
    recipient_name: ShortText | None = None
    phone: ShortText | None = None
    province_code: ShortText | None = None
    commune_code: ShortText | None = None
    street: ShortText | None = None
    # By post: the postage is paid with the fee (in the app or at the desk), or in cash to the courier.
    postage_payment: Literal["with_fee", "on_delivery"] = "with_fee"


class DraftInput(msgspec.Struct, forbid_unknown_fields=True):
    """Create a draft or save what the person typed so far. `procedure_code` is required: a new draft
    is created for it, and an existing draft keeps the procedure it was created for."""

    procedure_code: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    # For commune-level procedures: the commune whose People's Committee handles it. It may be chosen
    # or changed on any save while the dossier is a draft (and is needed at submission); omitted, the
    # draft keeps the one it has (on creation: the profile's). Ignored by province-level procedures
    # and once the dossier was sent (a supplement stays with the agency it was filed at).
    commune_code: ShortText | None = None
    applicant: Applicant | None = None
    form: dict[str, Any] | None = None
    delivery: Delivery | None = None


class PageOut(msgspec.Struct):
    id: UUID
    document_code: str
    position: int
    status: Literal["processing", "ready", "failed"]
    width: int | None
    height: int | None
    image_bytes: int | None
    failure: str | None
    image_url: str | None
    thumbnail_url: str | None


class DocumentSlot(msgspec.Struct):
    """A required document of the procedure and what the dossier has for it."""

    code: str
    name: str
    required: bool
    copies: int
    original_needed_at_counter: bool
    wallet_type: str | None
    pages: list[PageOut]
    reused_wallet_document_id: UUID | None
    complete: bool
    # The document's name in English; null where nobody translated it.
    name_en: str | None = None


class Event(msgspec.Struct):
    """One line of the timeline, in the citizen's words (and the national status code), in the reader's
    language (Accept-Language); a note written by a person stays in the words they wrote."""

    at: datetime
    action: str
    from_state: str | None
    to_state: str
    words: str
    national_status: int
    note: str | None
    actor_role: str | None


class SupplementRequest(msgspec.Struct):
    """What the officer asked the citizen to add: the missing papers (one line each) and their message."""

    requested_at: datetime
    missing: list[str]
    message: str | None


class DossierSummary(msgspec.Struct):
    """A dossier in the list; `state_words` in the reader's language, names in both (English null where
    nobody translated them)."""

    id: UUID
    code: str | None
    procedure_code: str
    procedure_name: str
    procedure_name_en: str | None
    # Null only for a commune-level draft whose commune is not chosen yet.
    agency_code: str | None
    agency_name: str | None
    agency_name_en: str | None
    state: str
    state_words: str
    national_status: int
    created_at: datetime
    submitted_at: datetime | None
    due_date: date | None


class DossierPage(msgspec.Struct):
    items: list[DossierSummary]
    next: str | None


class DossierView(msgspec.Struct, kw_only=True):
    """What the citizen and the staff both see of a dossier; each view adds its own projection. Words the
    server puts together (`state_words`, `form_errors`, the timeline) are in the reader's language
    (Accept-Language); catalogue names come in both (`x_en` beside `x`, null where nobody translated it)."""

    id: UUID
    code: str | None
    procedure_code: str
    procedure_name: str
    procedure_name_en: str | None
    # Null only for a commune-level draft whose commune is not chosen yet.
    agency_code: str | None
    agency_name: str | None
    agency_name_en: str | None
    state: str
    state_words: str
    national_status: int
    lock_version: int
    applicant: Applicant
    form: dict[str, Any]
    form_definition: list[FormField]
    form_errors: list[FieldError]
    delivery: Delivery
    documents: list[DocumentSlot]
    fee: FeeQuote | None
    # Moves of the transition table the caller may make from here.
    allowed_actions: list[str]
    submitted_at: datetime | None
    received_at: datetime | None
    due_date: date | None
    # By post: the postage quoted at submission (estimate: not yet confirmed by the province's contract).
    postage: PostageQuote | None = None


class DossierDetail(DossierView, kw_only=True):
    """The citizen's own dossier."""

    procedure_version_id: UUID
    # "commune": filed at a commune's People's Committee, chosen in `commune_code` (null until chosen).
    procedure_level: Level
    commune_code: str | None
    timeline: list[Event]
    created_at: datetime
    # While a supplement is requested: what to add (also in the timeline's note, as one sentence).
    supplement: SupplementRequest | None = None
    # GET /api/dossiers/{id}/result and /receipt answer with a PDF.
    has_result: bool = False
    has_receipt: bool = False
    # Every push notification and SMS sent about it, and whether it arrived.
    messages: list[MessageView] = []
    # How it was filed: by the person, by a volunteer on their behalf, or at the counter by a reception officer.
    channel: Literal["online", "assisted", "counter"] = "online"


class WithdrawInput(msgspec.Struct, forbid_unknown_fields=True):
    reason: Note | None = None


class PageOrder(msgspec.Struct, forbid_unknown_fields=True):
    page_ids: list[UUID]


class WalletReuse(msgspec.Struct, forbid_unknown_fields=True):
    wallet_document_id: UUID


class LookupInput(msgspec.Struct, forbid_unknown_fields=True):
    """Tra cứu hồ sơ: the code on the receipt and the last four digits of the applicant's phone."""

    code: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    phone_last4: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}$")]


class DossierStatus(msgspec.Struct):
    """What anyone holding the code and the phone's last four digits may see: nothing personal."""

    code: str
    procedure_name: str
    procedure_name_en: str | None
    agency_name: str | None
    agency_name_en: str | None
    state: str
    state_words: str
    national_status: int
    submitted_at: datetime | None
    due_date: date | None
