"""What accounts put on the wire."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec



class Role(StrEnum):
    """The one list of roles: what a signed-in person acts as (guards, the transition table, audit rows)."""

    CITIZEN = "citizen"
    RECEPTION_OFFICER = "reception_officer"
    SPECIALIST = "specialist"
    LEADER = "leader"
    COURIER = "courier"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


# Roles of staff accounts, in the order screens list them.
STAFF_ROLES: tuple[Role, ...] = tuple(role for role in Role if role is not Role.CITIZEN)
# The back office: the one-stop desk, the specialists who process, the leaders who approve.
OFFICERS: tuple[Role, ...] = (Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.LEADER)
Language = Literal["vi", "en"]

PhoneInput = Annotated[str, msgspec.Meta(min_length=1, max_length=32)]


class CodeRequest(msgspec.Struct, forbid_unknown_fields=True):
    phone: PhoneInput


class CodeSent(msgspec.Struct):
    phone: str
    expires_in: int
    resend_after: int


class CitizenSignIn(msgspec.Struct, forbid_unknown_fields=True):
    phone: PhoneInput
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]


class StaffSignIn(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class SecondFactorStep(msgspec.Struct):
    """The password was right; the session (cookies set) waits for the second factor: `enrolment` the first time
    (POST /api/auth/staff/totp/enrolment, then /confirm), `code` afterwards (POST /api/auth/staff/totp)."""

    second_factor: Literal["enrolment", "code"]
    # Seconds the pending session lasts.
    expires_in: int


TotpCode = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{6}$")]


class Enrolment(msgspec.Struct):
    """Shown once: the authenticator's key as an otpauth URI, its QR code (inline SVG), the key for typing in,
    and the one-time recovery codes."""

    otpauth_uri: str
    secret: str
    qr_svg: str
    recovery_codes: list[str]


class EnrolmentConfirmation(msgspec.Struct, forbid_unknown_fields=True):
    code: TotpCode


class SecondFactorProof(msgspec.Struct, forbid_unknown_fields=True):
    """Either the authenticator's current code or one recovery code (case, spaces and dashes ignored)."""

    code: TotpCode | None = None
    recovery_code: Annotated[str, msgspec.Meta(min_length=1, max_length=32)] | None = None


class Me(msgspec.Struct):
    """Who the session belongs to; enough for the PWA to pick screens. Staff work for an agency (its
    name, e.g. "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa") or a team (couriers, volunteers)."""

    kind: Literal["citizen", "staff"]
    id: UUID
    display_name: str | None
    language: Language
    phone: str | None = None
    username: str | None = None
    role: Role | None = None
    agency_code: str | None = None
    agency_name: str | None = None
    # The agency's name in English; null where nobody translated it.
    agency_name_en: str | None = None
    team_code: str | None = None
    team_name: str | None = None


class Address(msgspec.Struct):
    province_code: str
    commune_code: str | None
    street: str | None
    province_name: str | None = None
    commune_name: str | None = None


class Profile(msgspec.Struct):
    phone: str
    full_name: str | None
    cccd: str | None
    date_of_birth: date | None
    address: Address | None
    language: Language


class AddressInput(msgspec.Struct, forbid_unknown_fields=True):
    province_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{2}$")]
    commune_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{5}$")] | None = None
    street: Annotated[str, msgspec.Meta(max_length=200)] | None = None


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """The whole editable profile; a field left out is cleared."""

    full_name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)] | None = None
    cccd: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{12}$")] | None = None
    date_of_birth: date | None = None
    address: AddressInput | None = None
    language: Language = "vi"


class AuditEntry(msgspec.Struct):
    id: UUID
    at: datetime
    actor_kind: str
    actor_id: UUID | None
    actor_role: str | None
    actor_label: str | None
    action: str
    object_type: str | None
    object_id: str | None
    ip: str | None
    user_agent: str | None
    # The actor's full name (a staff member's, or a citizen's when they gave one), and the object as people name it:
    # a dossier's code, a staff member's name; null where there is none.
    actor_name: str | None
    object_label: str | None
    # What the action recorded beside it (the state moved to, a reason, a day's kind).
    detail: dict[str, Any]


class AuditPage(msgspec.Struct):
    items: list[AuditEntry]
    # Pass as `before` to get the next (older) page; null on the last page.
    next: str | None


# Staff accounts, managed by the admin (issue 17)

StaffRoleName = Literal["reception_officer", "specialist", "leader", "courier", "volunteer", "admin"]
# Couriers and volunteers belong to a team; every other role to one agency (for a reception officer: their desk).
TEAM_ROLES: tuple[Role, ...] = (Role.COURIER, Role.VOLUNTEER)
StaffName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
UnitCode = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
SetPasswordToken = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{20,100}$")]
PASSWORD_MIN_LENGTH = 10


class StaffMember(msgspec.Struct):
    """A staff account as the admin sees it: never its password, only whether one is set."""

    id: UUID
    username: str
    full_name: str
    role: Role
    agency_code: str | None
    agency_name: str | None
    team_code: str | None
    team_name: str | None
    phone: str | None
    active: bool
    created_at: datetime
    # False until the person chose a password through their link (and again after an admin reset).
    password_set: bool
    second_factor_enrolled: bool


class StaffPage(msgspec.Struct):
    items: list[StaffMember]
    # Pass as `after` to get the next page; null on the last page.
    next: str | None


class StaffInput(msgspec.Struct, forbid_unknown_fields=True):
    """A new staff account. Couriers and volunteers name a team, everyone else an agency (a reception officer's
    desk); the password is the person's own, chosen through the one-time link the answer carries."""

    full_name: StaffName
    username: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$")]
    role: StaffRoleName
    agency_code: UnitCode | None = None
    team_code: UnitCode | None = None
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=32)] | None = None


class StaffChange(msgspec.Struct, forbid_unknown_fields=True):
    """The whole editable record of a staff account (its name, role, unit and phone); a field left out is cleared."""

    full_name: StaffName
    role: StaffRoleName
    agency_code: UnitCode | None = None
    team_code: UnitCode | None = None
    phone: Annotated[str, msgspec.Meta(min_length=1, max_length=32)] | None = None


class PasswordLink(msgspec.Struct):
    """A one-time set-password link, shown to the admin this once: valid 72 hours, dead once used or replaced."""

    token: str
    # The PWA's route for it, to append to the app's address.
    path: str
    expires_at: datetime


class StaffCreated(msgspec.Struct):
    staff: StaffMember
    password_link: PasswordLink


class StaffTeam(msgspec.Struct):
    code: str
    name: str
    kind: Literal["postal_unit", "youth_union"]


class PasswordLinkCheck(msgspec.Struct, forbid_unknown_fields=True):
    token: SetPasswordToken


class PasswordLinkOwner(msgspec.Struct):
    """Whose account a live link sets the password of."""

    username: str
    full_name: str
    expires_at: datetime


class NewPassword(msgspec.Struct, forbid_unknown_fields=True):
    token: SetPasswordToken
    password: Annotated[str, msgspec.Meta(min_length=PASSWORD_MIN_LENGTH, max_length=256)]
