"""What assisted filing puts on the wire: the person helped, their consent, the acting-for grant, today's
dossiers and the dashboard."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from backend.accounts.schemas import PhoneInput

# How the person agreed: they read out the SMS code they received, typed it on their own phone, or (with no phone)
# told the volunteer or officer face to face — recorded as such, with the time and who heard it.
ConsentMethod = Literal["sms_code_read_out", "confirmed_on_own_phone", "no_phone"]
Channel = Literal["assisted", "counter"]
FullName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class PersonInput(msgspec.Struct, forbid_unknown_fields=True):
    """The person being helped. Leave `phone` out for a person without one; `contact_phone` is then a relative's
    (optional), written on the dossier so the person can follow it."""

    full_name: FullName
    phone: PhoneInput | None = None
    contact_phone: PhoneInput | None = None


class AssistedSession(msgspec.Struct):
    id: UUID
    full_name: str
    phone: str | None
    channel: Channel
    # True when an SMS code went to the person's phone (read it out, or type it on their phone).
    code_sent: bool
    expires_in: int | None = None
    resend_after: int | None = None


class ConsentInput(msgspec.Struct, forbid_unknown_fields=True):
    method: ConsentMethod = "sms_code_read_out"
    # The 6-digit code the person received; none for "no_phone".
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")] | None = None


class ActingGrant(msgspec.Struct):
    """Send `token` as the X-Acting-For header on the citizen filing routes (/api/dossiers…) to file in the
    person's account. It ends when the dossier is submitted, or at `expires_at`."""

    session_id: UUID
    token: str
    expires_at: datetime
    citizen_name: str
    phone: str | None
    contact_phone: str | None
    channel: Channel
    consent_method: ConsentMethod
    consented_at: datetime


class AssistedDossier(msgspec.Struct):
    """An assisted dossier as its helper may still see it: its status by code, nothing from inside it."""

    code: str
    person_name: str
    procedure_name: str
    procedure_name_en: str | None
    state: str
    state_words: str
    national_status: int
    submitted_at: datetime
    channel: Channel
    filed_by: str


class AssistedToday(msgspec.Struct):
    items: list[AssistedDossier]


class HelperCount(msgspec.Struct):
    staff_id: UUID
    full_name: str
    today: int
    last_14_days: int


class DayCount(msgspec.Struct):
    day: date
    count: int


class AssistedDashboard(msgspec.Struct):
    """Whose: "own" for a volunteer or officer; "team" for a leader (their agency's desk and the volunteer teams
    working with it); "all" for an administrator."""

    scope: Literal["own", "team", "all"]
    today: list[AssistedDossier]
    per_helper: list[HelperCount]
    # The last 14 days, oldest first, days without a dossier included.
    per_day: list[DayCount]
