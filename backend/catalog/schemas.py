"""The catalogue on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from backend.catalog.fees import FeeQuote, FeeRule

Level = Literal["province", "commune"]
OnlineMode = Literal["full", "partial", "none"]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
# English beside the Vietnamese; null (or absent) where nobody translated it: the PWA then shows the Vietnamese.
EnglishName = Annotated[str, msgspec.Meta(min_length=1, max_length=500)] | None


class RequiredDocument(msgspec.Struct):
    code: Code
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    required: bool = True
    copies: Annotated[int, msgspec.Meta(ge=0, le=100)] = 1
    original_needed_at_counter: bool = False
    # The wallet document type a person can reuse instead of photographing the paper again.
    reusable_from_wallet: str | None = None
    name_en: EnglishName = None


class FormField(msgspec.Struct):
    name: Code
    label: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    type: Literal["text", "date", "choice", "integer", "address"]
    required: bool = False
    min: int | None = None
    max: int | None = None
    # The values stored in the answers, whatever language the person reads.
    choices: list[str] | None = None
    label_en: EnglishName = None
    # How each of `choices` reads in English, in the same order.
    choices_en: list[str] | None = None


class Processing(msgspec.Struct, omit_defaults=True):
    # 0 = same day; dossiers received after `same_day_cutoff` (HH:MM) are due the next working day.
    working_days: Annotated[int, msgspec.Meta(ge=0, le=365)]
    same_day_cutoff: Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] | None = None


class ProcedureDefinition(msgspec.Struct, kw_only=True):
    """A procedure version's content, as an administrator writes it (and as the data file holds it)."""

    name: Annotated[str, msgspec.Meta(min_length=3, max_length=500)]
    name_en: EnglishName = None
    field: Code
    level: Level
    processing: Processing
    fee: FeeRule
    online: OnlineMode
    result_by_post: bool
    # When the fee is paid: with the submission (the desk receives the dossier once paid) or when the result is
    # collected (certified copies: the pages are counted at the counter).
    fee_stage: Literal["submission", "result"] = "submission"
    documents: list[RequiredDocument] = []
    form: list[FormField] = []
    keywords: list[str] = []
    note: str | None = None
    note_en: str | None = None
    verified: bool = True
    # Province-level procedures: the department's agency code; derived from the field when omitted.
    agency_code: str | None = None


class NewProcedure(ProcedureDefinition, kw_only=True):
    code: Annotated[str, msgspec.Meta(pattern=r"^[0-9A-Za-z.]{3,32}$")]


class FieldRef(msgspec.Struct):
    code: str
    name: str
    name_en: str | None


class AgencyRef(msgspec.Struct):
    code: str
    name: str
    name_en: str | None


class ProcessingTime(msgspec.Struct):
    working_days: int
    same_day_cutoff: str | None
    text: str
    text_en: str


class FeeInfo(msgspec.Struct):
    rule: FeeRule
    summary: str
    summary_en: str
    # The fee for one copy filed online (one page where pages count): what most people pay.
    example: FeeQuote


class ProcedureSummary(msgspec.Struct):
    """A procedure in a list. Words come in both languages: phones keep the list to search offline."""

    code: str
    version_id: UUID
    name: str
    name_en: str | None
    field: FieldRef
    level: Level
    online: OnlineMode
    working_days: int
    fee_summary: str
    fee_summary_en: str
    # Abbreviations and everyday words people type ("GPLX", "sổ đỏ"): the PWA's offline search ranks by them too.
    keywords: list[str]
    agency: AgencyRef | None


class ProcedurePage(msgspec.Struct):
    items: list[ProcedureSummary]
    # Pass as `after` to get the next page; null on the last page.
    next: str | None


class ProcedureDetail(msgspec.Struct):
    """A procedure's page. Words come in both languages (`x_en` beside `x`): phones keep it for offline filing."""

    code: str
    version_id: UUID
    version: int
    status: Literal["draft", "published"]
    valid_from: datetime | None
    name: str
    name_en: str | None
    field: FieldRef
    level: Level
    agency: AgencyRef | None
    # Where to file in words, e.g. "UBND xã/phường nơi cư trú" for commune-level procedures.
    agency_description: str
    agency_description_en: str
    processing: ProcessingTime
    fee: FeeInfo
    online: OnlineMode
    online_label: str
    online_label_en: str
    result_by_post: bool
    fee_stage: Literal["submission", "result"]
    documents: list[RequiredDocument]
    form: list[FormField]
    keywords: list[str]
    note: str | None
    note_en: str | None
    verified: bool


class ProcedureVersionRef(msgspec.Struct):
    id: UUID
    procedure_code: str
    version: int
    status: Literal["draft", "published"]
    valid_from: datetime | None


class Field(msgspec.Struct):
    code: str
    name: str
    name_en: str | None


class FieldPage(msgspec.Struct):
    items: list[Field]
    next: str | None


class AdminUnit(msgspec.Struct):
    code: str
    name: str
    # "Nha Trang Ward" for "Phường Nha Trang".
    name_en: str
    division_type: str
    level: Level
    province_code: str | None


class AdminUnitPage(msgspec.Struct):
    items: list[AdminUnit]
    next: str | None


class Agency(msgspec.Struct):
    code: str
    name: str
    name_en: str | None
    level: Level
    admin_unit_code: str
    parent_code: str | None
    field_codes: list[str]


class AgencyPage(msgspec.Struct):
    items: list[Agency]
    next: str | None


class AdminVersion(msgspec.Struct):
    id: UUID
    version: int
    status: Literal["draft", "published"]
    valid_from: datetime | None
    updated_at: datetime
    # Whether this is the version citizens see and new dossiers pin.
    current: bool


class AdminProcedure(msgspec.Struct):
    """A procedure as administrators list it: named by its newest version, with every version, newest first."""

    code: str
    name: str
    name_en: str | None
    field: FieldRef
    level: Level
    versions: list[AdminVersion]


class AdminProcedurePage(msgspec.Struct):
    items: list[AdminProcedure]
    next: str | None


class PinnedVersion(msgspec.Struct):
    version_id: UUID
    version: int
    status: Literal["draft", "published"]
    current: bool
    # Dossiers filed under this version, drafts included; a dossier keeps its version for life.
    dossiers: int
    drafts: int


class PinnedVersions(msgspec.Struct):
    code: str
    versions: list[PinnedVersion]


class ImportResult(msgspec.Struct):
    """What a bulk import did: a procedure is created, changed (a new published version) or left unchanged."""

    created: int
    changed: int
    unchanged: int
    total: int
    created_codes: list[str]
    changed_codes: list[str]
