"""Catalogue HTTP: public reads (cached, ETagged) and the administrators' versioning API."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.catalog import service
from backend.catalog.fees import FeeAnswers, FeeQuote
from backend.catalog.http_cache import PUBLIC_CACHE, etag_middleware
from backend.contract import PROBLEMS, RAW_BODY
from backend.catalog.schemas import (
    AdminProcedurePage,
    AdminUnitPage,
    AgencyPage,
    FieldPage,
    ImportResult,
    Level,
    NewProcedure,
    OnlineMode,
    PinnedVersions,
    ProcedureDefinition,
    ProcedureDetail,
    ProcedurePage,
    ProcedureVersionRef,
)
from backend.deps import AppSettings, Db
from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_staff

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
# A province's whole list: 2,000 procedures with their documents and form fields are about 2.4 MB of CSV.
IMPORT_MAX_BYTES = 10_000_000
UnitLimit = Annotated[int, QueryParameter(ge=1, le=500)]
Query = Annotated[str, QueryParameter(max_length=200)]


class CatalogController(Controller):
    path = "/api/catalog"
    tags = ["catalog"]
    cache_control = PUBLIC_CACHE
    middleware = [etag_middleware]

    @get(
        "/procedures", summary="Search the published procedures (diacritics and typos forgiven)",
        opt={PROBLEMS: {422: ["invalid_cursor"]}},
    )
    async def search(
        self,
        db: Db,
        q: Query = "",
        field: FromQuery[str | None] = None,
        level: FromQuery[Level | None] = None,
        agency: FromQuery[str | None] = None,
        online: FromQuery[OnlineMode | None] = None,
        after: FromQuery[str | None] = None,
        limit: Limit = 20,
    ) -> ProcedurePage:
        return await service.search(
            db, q, field=field, level=level, agency=agency, online=online, after=after, limit=limit
        )

    @get(
        "/procedures/{code:str}", summary="A procedure's current published version",
        opt={PROBLEMS: {404: ["procedure_not_found"]}},
    )
    async def procedure(self, db: Db, code: FromPath[str]) -> ProcedureDetail:
        return await service.procedure(db, code)

    @post(
        "/procedures/{code:str}/fee", summary="The fee for given answers, itemised", status_code=200, cache_control=None,
        opt={PROBLEMS: {404: ["procedure_not_found"], 422: ["invalid_fee_answers"]}},
    )
    async def fee(self, db: Db, code: FromPath[str], data: JSONBody[FeeAnswers]) -> FeeQuote:
        return await service.quote_fee(db, code, data)

    @get(
        "/procedure-versions/{version_id:uuid}", summary="A published version by id, current or not",
        opt={PROBLEMS: {404: ["procedure_version_not_found"]}},
    )
    async def procedure_version(self, db: Db, version_id: FromPath[UUID]) -> ProcedureDetail:
        return await service.procedure_version(db, version_id)

    @get("/fields", summary="Fields (lĩnh vực)", opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def fields(self, db: Db, after: FromQuery[str | None] = None, limit: Limit = 100) -> FieldPage:
        return await service.fields(db, after, limit)

    @get("/provinces", summary="The 34 provinces and centrally-run cities", opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def provinces(self, db: Db, after: FromQuery[str | None] = None, limit: UnitLimit = 100) -> AdminUnitPage:
        return await service.admin_units(db, None, "", after, limit)

    @get(
        "/provinces/{province_code:str}/communes", summary="The communes and wards of a province",
        opt={PROBLEMS: {404: ["province_not_found"], 422: ["invalid_cursor"]}},
    )
    async def communes(
        self,
        db: Db,
        province_code: FromPath[str],
        q: Query = "",
        after: FromQuery[str | None] = None,
        limit: UnitLimit = 500,
    ) -> AdminUnitPage:
        return await service.admin_units(db, province_code, q, after, limit)

    @get(
        "/agencies", summary="Agencies: provincial departments and communes' People's Committees",
        opt={PROBLEMS: {422: ["invalid_cursor"]}},
    )
    async def agencies(
        self,
        db: Db,
        level: FromQuery[Level | None] = None,
        province: FromQuery[str | None] = None,
        q: Query = "",
        after: FromQuery[str | None] = None,
        limit: Limit = 50,
    ) -> AgencyPage:
        return await service.agencies(db, level, province, q, after, limit)


class CatalogAdminController(Controller):
    path = "/api/catalog/admin"
    tags = ["catalog admin"]
    guards = [require_staff("admin")]

    @get(
        "/procedures", summary="Every procedure with its versions (drafts included), by code; `q` searches names",
        opt={PROBLEMS: {422: ["invalid_cursor"]}},
    )
    async def procedures(
        self, db: Db, q: Query = "", after: FromQuery[str | None] = None, limit: Limit = 50
    ) -> AdminProcedurePage:
        return await service.admin_procedures(db, q, after, limit)

    @get(
        "/procedures/{code:str}/pinned", summary="How many dossiers pin each version of a procedure",
        opt={PROBLEMS: {404: ["procedure_not_found"]}},
    )
    async def pinned(self, db: Db, code: FromPath[str]) -> PinnedVersions:
        return await service.pinned_versions(db, code)

    @post(
        "/imports", status_code=200, request_max_body_size=IMPORT_MAX_BYTES,
        summary="Import a province's procedure list (CSV or JSON): all lines checked first, nothing written if one is "
        "wrong; new content becomes a new published version, the same content changes nothing",
        opt={PROBLEMS: {413: ["payload_too_large"], 422: ["import_invalid"]}, RAW_BODY: ["text/csv", "application/json"]},
    )
    async def import_procedures(
        self, request: Request, db: Db, settings: AppSettings, current_user: CurrentUser
    ) -> ImportResult:
        return await service.import_procedures(
            db, settings, current_user, Origin.of(request), await request.body(), request.headers.get("content-type", "")
        )

    @post("/procedures", summary="Create a procedure with a draft version 1", opt={PROBLEMS: {409: ["procedure_exists"]}})
    async def create_procedure(
        self, request: Request, db: Db, settings: AppSettings, current_user: CurrentUser, data: JSONBody[NewProcedure]
    ) -> ProcedureVersionRef:
        return await service.create_procedure(db, settings, current_user, Origin.of(request), data)

    @post(
        "/procedures/{code:str}/drafts", summary="Start a new draft version, copied from the current one",
        opt={PROBLEMS: {404: ["procedure_not_found"], 409: ["no_published_version"]}},
    )
    async def create_draft(
        self, request: Request, db: Db, current_user: CurrentUser, code: FromPath[str]
    ) -> ProcedureVersionRef:
        return await service.create_draft(db, current_user, Origin.of(request), code)

    @get(
        "/procedure-versions/{version_id:uuid}", summary="Any version by id, drafts included",
        opt={PROBLEMS: {404: ["procedure_version_not_found"]}},
    )
    async def version(self, db: Db, version_id: FromPath[UUID]) -> ProcedureDetail:
        return await service.procedure_version(db, version_id, drafts=True)

    @put(
        "/procedure-versions/{version_id:uuid}", summary="Replace a draft version's content",
        opt={PROBLEMS: {404: ["procedure_version_not_found"], 409: ["version_published"]}},
    )
    async def update_draft(
        self,
        request: Request,
        db: Db,
        settings: AppSettings,
        current_user: CurrentUser,
        version_id: FromPath[UUID],
        data: JSONBody[ProcedureDefinition],
    ) -> ProcedureVersionRef:
        return await service.update_draft(db, settings, current_user, Origin.of(request), version_id, data)

    @post(
        "/procedure-versions/{version_id:uuid}/publish", summary="Publish a draft: it becomes current now", status_code=200,
        opt={PROBLEMS: {404: ["procedure_version_not_found"], 409: ["version_published"]}},
    )
    async def publish(
        self, request: Request, db: Db, current_user: CurrentUser, version_id: FromPath[UUID]
    ) -> ProcedureVersionRef:
        return await service.publish(db, current_user, Origin.of(request), version_id)



