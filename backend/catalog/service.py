"""Catalogue rules: search, detail, fees, versioning."""

from __future__ import annotations

from datetime import time
from typing import Any
from uuid import UUID

import asyncpg
import msgspec

from backend.accounts import audit
from backend.accounts.audit import Origin
from backend.accounts.guards import Principal
from backend.catalog import fees, imports, queries
from backend.catalog.fees import FeeAnswers, FeeQuote, FeeRule, PerPageFee
from backend.catalog.schemas import (
    AdminProcedure,
    AdminProcedurePage,
    AdminUnit,
    AdminVersion,
    ImportResult,
    PinnedVersion,
    PinnedVersions,
    AdminUnitPage,
    Agency,
    AgencyPage,
    AgencyRef,
    FeeInfo,
    Field,
    FieldPage,
    FieldRef,
    FormField,
    NewProcedure,
    ProcedureDefinition,
    ProcedureDetail,
    ProcedurePage,
    ProcedureSummary,
    ProcedureVersionRef,
    ProcessingTime,
    RequiredDocument,
)
from backend.catalog.places import english_place
from backend.catalog.search import fold, search_name, search_text, words
from backend.cursors import decode_cursor, encode_cursor
from backend.errors import FieldText, Problem, invalid_input
from backend.i18n import Text, catalogue_text
from backend.ids import new_id
from backend.settings import Settings


_ONLINE_LABELS = {
    "full": Text("Trực tuyến toàn trình", "Fully online"),
    "partial": Text("Trực tuyến một phần", "Partly online"),
    "none": Text("Nộp tại quầy", "At the counter only"),
}
_COMMUNE_AGENCY = Text("Ủy ban nhân dân xã/phường nơi cư trú", "The People's Committee of the commune or ward where you live")
_VERSION_NOT_FOUND = Text("Không có phiên bản thủ tục nào với mã này.", "No procedure version has this id.")


def _not_found(code: str) -> Problem:
    return Problem(
        404,
        "procedure_not_found",
        Text("Không tìm thấy thủ tục", "Procedure not found"),
        Text(
            f"Không có thủ tục nào mang mã {code}. Hãy tìm lại theo tên thủ tục.",
            f"No procedure has the code {code}. Search again by the procedure's name.",
        ),
    )


def _version_not_found() -> Problem:
    return Problem(404, "procedure_version_not_found", Text("Không tìm thấy", "Not found"), _VERSION_NOT_FOUND)


# ---- reading -------------------------------------------------------------------------------------


async def search(
    db: asyncpg.Pool,
    q: str,
    *,
    field: str | None,
    level: str | None,
    agency: str | None,
    online: str | None,
    after: str | None,
    limit: int,
) -> ProcedurePage:
    agency_code = None
    if agency is not None:
        row = await queries.agency(db, agency)
        if row is None:
            return ProcedurePage(items=[], next=None)
        # A commune's People's Committee handles every commune-level procedure.
        if row["level"] == "commune":
            level = "commune" if level in (None, "commune") else "none"
        else:
            agency_code = agency
    cursor = decode_cursor(after, tuple[int, str, str])
    rows = await queries.search_procedures(
        db, words(q), field=field, level=level, agency_code=agency_code, online=online, after=cursor, limit=limit + 1
    )
    items = [_summary(row) for row in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor(last["rank"], last["search_name"], last["code"]) if last else None
    return ProcedurePage(items=items, next=next_cursor)


# Published versions never change, so each one's fee sentence is worked out once per process.
_fee_summaries: dict[UUID, Text] = {}


def _fee_summary(row: asyncpg.Record) -> Text:
    summary = _fee_summaries.get(row["version_id"])
    if summary is None:
        rule = msgspec.convert(row["fee"], FeeRule)
        summary = _fee_summaries[row["version_id"]] = Text(fees.describe(rule, "vi"), fees.describe(rule, "en"))
    return summary


def _agency_ref(row: asyncpg.Record) -> AgencyRef | None:
    return AgencyRef(row["agency_code"], row["agency_name"], row["agency_name_en"]) if row["agency_code"] else None


def _summary(row: asyncpg.Record) -> ProcedureSummary:
    fee_summary = _fee_summary(row)
    return ProcedureSummary(
        code=row["code"],
        version_id=row["version_id"],
        name=row["name"],
        name_en=row["name_en"],
        field=FieldRef(row["field_code"], row["field_name"], row["field_name_en"]),
        level=row["level"],
        online=row["online_mode"],
        working_days=row["working_days"],
        fee_summary=fee_summary.vi,
        fee_summary_en=fee_summary.en,
        keywords=list(row["keywords"]),
        agency=_agency_ref(row),
    )


async def procedure(db: asyncpg.Pool, code: str) -> ProcedureDetail:
    row = await queries.current_version(db, code)
    if row is None:
        raise _not_found(code)
    return _detail(row)


async def current_version(conn: asyncpg.Connection | asyncpg.Pool, code: str) -> asyncpg.Record | None:
    """The published version a new dossier pins (its documents, form, fee, agency, online mode)."""
    return await queries.current_version(conn, code)


async def procedure_version(db: asyncpg.Pool, version_id: UUID, *, drafts: bool = False) -> ProcedureDetail:
    row = await queries.version_by_id(db, version_id)
    if row is None or (row["status"] == "draft" and not drafts):
        raise _version_not_found()
    return _detail(row)


def processing_text(working_days: int, cutoff: str | None) -> Text:
    if working_days == 0:
        if cutoff:
            return Text(
                f"Trong ngày (nhận sau {cutoff} thì trả vào ngày làm việc tiếp theo)",
                f"The same day (received after {cutoff}: the next working day)",
            )
        return Text("Trong ngày", "The same day")
    return Text(f"{working_days} ngày làm việc", f"{working_days} working day{'' if working_days == 1 else 's'}")


def _cutoff_text(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _detail(row: asyncpg.Record) -> ProcedureDetail:
    rule = msgspec.convert(row["fee"], FeeRule)
    cutoff = _cutoff_text(row["same_day_cutoff"])
    agency = _agency_ref(row)
    processing = processing_text(row["working_days"], cutoff)
    online = _ONLINE_LABELS[row["online_mode"]]
    return ProcedureDetail(
        code=row["procedure_code"],
        version_id=row["id"],
        version=row["version"],
        status=row["status"],
        valid_from=row["valid_from"],
        name=row["name"],
        name_en=row["name_en"],
        field=FieldRef(row["field_code"], row["field_name"], row["field_name_en"]),
        level=row["level"],
        agency=agency,
        agency_description=agency.name if agency else _COMMUNE_AGENCY.vi,
        agency_description_en=catalogue_text(agency.name, agency.name_en).en if agency else _COMMUNE_AGENCY.en,
        processing=ProcessingTime(row["working_days"], cutoff, processing.vi, processing.en),
        fee=FeeInfo(
            rule=rule, summary=fees.describe(rule, "vi"), summary_en=fees.describe(rule, "en"),
            example=fees.quote(rule, _typical_answers(rule)),
        ),
        online=row["online_mode"],
        online_label=online.vi,
        online_label_en=online.en,
        result_by_post=row["result_by_post"],
        fee_stage=row["fee_stage"],
        documents=msgspec.convert(row["documents"], list[RequiredDocument]),
        form=msgspec.convert(row["form"], list[FormField]),
        keywords=list(row["keywords"]),
        note=row["note"],
        note_en=row["note_en"],
        verified=row["verified"],
    )


def _typical_answers(rule: FeeRule) -> FeeAnswers:
    return FeeAnswers(copies=1, pages=1 if isinstance(rule, PerPageFee) else msgspec.UNSET, channel="online")


async def quote_fee(db: asyncpg.Pool, code: str, answers: FeeAnswers) -> FeeQuote:
    row = await queries.current_version(db, code)
    if row is None:
        raise _not_found(code)
    try:
        return fees.quote(msgspec.convert(row["fee"], FeeRule), answers)
    except fees.FeeInputError as exc:
        raise Problem(
            422,
            "invalid_fee_answers",
            Text("Thông tin tính phí chưa hợp lệ", "The answers for the fee are not valid"),
            exc.text,
            errors=[FieldText(exc.field, exc.text)],
        ) from exc


async def fields(db: asyncpg.Pool, after: str | None, limit: int) -> FieldPage:
    rows = await queries.list_fields(db, decode_cursor(after, tuple[int, str]), limit + 1)
    last = rows[limit - 1] if len(rows) > limit else None
    return FieldPage(
        items=[Field(r["code"], r["name"], r["name_en"]) for r in rows[:limit]],
        next=encode_cursor(last["position"], last["code"]) if last else None,
    )


async def admin_units(
    db: asyncpg.Pool, province_code: str | None, q: str, after: str | None, limit: int
) -> AdminUnitPage:
    if province_code is not None:
        province = await queries.admin_unit(db, province_code)
        if province is None or province["level"] != "province":
            raise Problem(
                404, "province_not_found", Text("Không tìm thấy tỉnh", "Province not found"),
                Text(f"Không có tỉnh, thành phố mã {province_code}.", f"No province or city has the code {province_code}."),
            )
    (cursor,) = decode_cursor(after, tuple[str]) or (None,)
    rows = await queries.list_admin_units(db, province_code, fold(q), cursor, limit + 1)
    return AdminUnitPage(
        items=[AdminUnit(**dict(r), name_en=english_place(r["name"], r["division_type"])) for r in rows[:limit]],
        next=encode_cursor(rows[limit - 1]["code"]) if len(rows) > limit else None,
    )


async def agencies(
    db: asyncpg.Pool, level: str | None, province_code: str | None, q: str, after: str | None, limit: int
) -> AgencyPage:
    (cursor,) = decode_cursor(after, tuple[str]) or (None,)
    rows = await queries.list_agencies(db, level, province_code, fold(q), cursor, limit + 1)
    return AgencyPage(
        items=[Agency(**{**dict(r), "field_codes": list(r["field_codes"])}) for r in rows[:limit]],
        next=encode_cursor(rows[limit - 1]["code"]) if len(rows) > limit else None,
    )


# ---- writing (administrators) --------------------------------------------------------------------


def _check_choices(definition: ProcedureDefinition) -> None:
    if errors := imports.choice_errors(definition):
        raise invalid_input(errors)


def content_of(definition: ProcedureDefinition, code: str, agency_code: str | None) -> dict[str, Any]:
    """The procedure_versions columns for a definition, including its folded search text. Search reads the
    Vietnamese only: English words would match Vietnamese queries ("an" → "and") and move their results."""
    _check_choices(definition)
    keywords = [k.strip() for k in definition.keywords if k.strip()]
    cutoff = definition.processing.same_day_cutoff
    return {
        "name": definition.name,
        "name_en": definition.name_en,
        "field_code": definition.field,
        "level": definition.level,
        "agency_code": agency_code,
        "working_days": definition.processing.working_days,
        "same_day_cutoff": time.fromisoformat(cutoff) if cutoff else None,
        "fee": msgspec.to_builtins(definition.fee),
        "fee_stage": definition.fee_stage,
        "online_mode": definition.online,
        "result_by_post": definition.result_by_post,
        "documents": msgspec.to_builtins(definition.documents),
        "form": msgspec.to_builtins(definition.form),
        "keywords": keywords,
        "note": definition.note,
        "note_en": definition.note_en,
        "verified": definition.verified,
        "search_name": search_name(definition.name),
        "search_text": search_text(definition.name, code, *keywords),
    }


async def responsible_agency(conn: asyncpg.Connection, definition: ProcedureDefinition, settings: Settings) -> str | None:
    if definition.level == "commune":
        return None
    if definition.agency_code is not None:
        row = await queries.agency(conn, definition.agency_code)
        if row is None or row["level"] != "province":
            raise _invalid(
                "agency_code",
                Text(
                    "Mã cơ quan không tồn tại hoặc không phải cơ quan cấp tỉnh.",
                    "No agency has this code, or it is not a provincial agency.",
                ),
            )
        return definition.agency_code
    return await queries.province_agency_for_field(conn, settings.demo_province_code, definition.field)


def _invalid(field: str, message: Text) -> Problem:
    return invalid_input([FieldText(field, message)])


async def _write(conn: asyncpg.Connection, write: Any) -> asyncpg.Record:
    try:
        return await write
    except asyncpg.ForeignKeyViolationError as exc:
        raise _invalid("field", Text("Lĩnh vực không tồn tại trong danh mục.", "This field is not in the catalogue.")) from exc


async def create_procedure(
    db: asyncpg.Pool, settings: Settings, user: Principal, origin: Origin, new: NewProcedure
) -> ProcedureVersionRef:
    async with db.acquire() as conn, conn.transaction():
        if not await queries.insert_procedure(conn, new.code):
            raise Problem(
                409, "procedure_exists", Text("Thủ tục đã có", "The procedure exists"),
                Text(f"Mã thủ tục {new.code} đã có trong danh mục.", f"The procedure code {new.code} is already in the catalogue."),
            )
        content = content_of(new, new.code, await responsible_agency(conn, new, settings))
        row = await _write(conn, queries.insert_version(conn, new_id(), new.code, "draft", None, content))
        await _audit_version(conn, user, "catalog.procedure_created", origin, row)
    return ProcedureVersionRef(**dict(row))


async def create_draft(db: asyncpg.Pool, user: Principal, origin: Origin, code: str) -> ProcedureVersionRef:
    """A new draft version copied from the current published one, to be edited then published."""
    async with db.acquire() as conn, conn.transaction():
        if not await queries.lock_procedure(conn, code):
            raise _not_found(code)
        current = await queries.current_version(conn, code)
        if current is None:
            raise Problem(
                409, "no_published_version", Text("Chưa có bản công bố", "Nothing published yet"),
                Text(
                    "Thủ tục chưa có phiên bản nào được công bố để sao chép.",
                    "The procedure has no published version to copy yet.",
                ),
            )
        content = {c: current[c] for c in queries._VERSION_COLUMNS}
        row = await queries.insert_version(conn, new_id(), code, "draft", None, content)
        await _audit_version(conn, user, "catalog.draft_created", origin, row)
    return ProcedureVersionRef(**dict(row))


async def update_draft(
    db: asyncpg.Pool, settings: Settings, user: Principal, origin: Origin, version_id: UUID, definition: ProcedureDefinition
) -> ProcedureVersionRef:
    async with db.acquire() as conn, conn.transaction():
        existing = await queries.version_status(conn, version_id)
        if existing is None:
            raise _version_not_found()
        content = content_of(definition, existing["procedure_code"], await responsible_agency(conn, definition, settings))
        row = await _write(conn, queries.update_draft(conn, version_id, content))
        if row is not None:
            await _audit_version(conn, user, "catalog.draft_saved", origin, row)
    if row is None:
        raise _already_published()
    return ProcedureVersionRef(**dict(row))


def _already_published() -> Problem:
    return Problem(
        409,
        "version_published",
        Text("Phiên bản đã công bố", "The version is published"),
        Text(
            "Phiên bản đã công bố không được sửa; hãy tạo phiên bản nháp mới.",
            "A published version cannot be edited; create a new draft version.",
        ),
    )


async def publish(db: asyncpg.Pool, user: Principal, origin: Origin, version_id: UUID) -> ProcedureVersionRef:
    """Publishing starts the version now; earlier versions stay for dossiers filed under them."""
    async with db.acquire() as conn, conn.transaction():
        existing = await queries.version_status(conn, version_id)
        if existing is None:
            raise _version_not_found()
        await queries.lock_procedure(conn, existing["procedure_code"])
        row = await queries.publish(conn, version_id)
        if row is not None:
            await _audit_version(conn, user, "catalog.published", origin, row)
    if row is None:
        raise _already_published()
    return ProcedureVersionRef(**dict(row))


async def _audit_version(conn: asyncpg.Connection, user: Principal, action: str, origin: Origin, row: asyncpg.Record) -> None:
    """An administrator's change to a procedure version: which procedure, which version."""
    await audit.record(
        conn, user, action, origin, object_type="procedure_version", object_id=row["id"],
        detail={"code": row["procedure_code"], "version": row["version"]},
    )


# ---- administrators' views and the bulk import ---------------------------------------------------


async def admin_procedures(db: asyncpg.Pool, q: str, after: str | None, limit: int) -> AdminProcedurePage:
    (cursor,) = decode_cursor(after, tuple[str]) or (None,)
    rows = await queries.admin_procedures(db, fold(q), q.strip(), cursor, limit + 1)
    items = [
        AdminProcedure(
            code=r["code"], name=r["name"], name_en=r["name_en"], level=r["level"],
            field=FieldRef(r["field_code"], r["field_name"], r["field_name_en"]),
            versions=msgspec.convert(r["versions"], list[AdminVersion]),
        )
        for r in rows[:limit]
    ]
    return AdminProcedurePage(items=items, next=encode_cursor(rows[limit - 1]["code"]) if len(rows) > limit else None)


async def pinned_versions(db: asyncpg.Pool, code: str) -> PinnedVersions:
    rows = await queries.pinned_versions(db, code)
    if not rows:
        raise _not_found(code)
    return PinnedVersions(code=code, versions=[PinnedVersion(**dict(r)) for r in rows])


def _import_invalid(errors: list[FieldText]) -> Problem:
    lines = sorted({e.line for e in errors if e.line is not None})
    return Problem(
        422,
        "import_invalid",
        Text("Tệp nhập chưa hợp lệ", "The import file is not valid"),
        Text(
            f"{len(lines)} dòng có lỗi (dòng đầu tiên: {lines[0] if lines else 1}). Chưa có thủ tục nào được nhập: "
            "hãy sửa các dòng được nêu rồi nhập lại cả tệp.",
            f"{len(lines)} line(s) have errors (the first: {lines[0] if lines else 1}). Nothing was imported: "
            "correct the lines listed, then import the whole file again.",
        ),
        errors=errors,
    )


def _import_agency(definition: ProcedureDefinition, agencies: dict[str, list[str]]) -> str | None:
    """As `responsible_agency`, from the agencies read once for the whole file."""
    if definition.level == "commune":
        return None
    if definition.agency_code is not None:
        return definition.agency_code
    return next((code for code, fields in agencies.items() if definition.field in fields), None)


def _same_content(row: asyncpg.Record, content: dict[str, Any]) -> bool:
    return all(row[column] == content[column] for column in queries._VERSION_COLUMNS)


async def import_procedures(
    db: asyncpg.Pool, settings: Settings, user: Principal, origin: Origin, body: bytes, content_type: str
) -> ImportResult:
    """A province's procedure list, all or nothing: a new procedure is created with its version 1 published; one
    whose content differs from its current version gets a new published version (dossiers keep the version they
    pinned); the same content is left alone, so importing a file again changes nothing."""
    fields, agencies = await queries.import_references(db, settings.demo_province_code)
    lines, errors = imports.read(body, content_type, imports.Known(frozenset(fields), frozenset(agencies)))
    if errors:
        raise _import_invalid(errors)
    created: list[str] = []
    changed: list[str] = []
    async with db.acquire() as conn, conn.transaction():
        await queries.lock_imports(conn)
        now = await conn.fetchval("select now()")
        existing = await queries.current_versions(conn, [line.procedure.code for line in lines])
        versions: list[tuple[UUID, str, dict[str, Any]]] = []
        for line in lines:
            code = line.procedure.code
            content = content_of(line.procedure, code, _import_agency(line.procedure, agencies))
            if code not in existing:
                created.append(code)
            elif (current := existing[code]) is not None and _same_content(current, content):
                continue
            else:
                changed.append(code)
            versions.append((new_id(), code, content))
        await queries.insert_procedures(conn, created)
        await queries.publish_new_versions(conn, versions, now)
        result = ImportResult(
            created=len(created), changed=len(changed), unchanged=len(lines) - len(created) - len(changed),
            total=len(lines), created_codes=created, changed_codes=changed,
        )
        await audit.record(
            conn, user, "catalog.import", origin, object_type="catalog",
            detail={"created": result.created, "changed": result.changed, "unchanged": result.unchanged},
        )
    return result
