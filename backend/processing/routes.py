"""Back-office HTTP: the agency's queue, the dossier as staff see it, every officer move, the result,
apology letters, the working calendar (admin) and statistics; plus the citizen's result download."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.exceptions import HTTPException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_citizen, require_staff
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Storage
from backend.documents.imaging import PAGE_MEDIA_TYPE
from backend.errors import Problem
from backend.processing import results, service
from backend.processing.schemas import (
    ActionInput, ApologyInput, Assignee, CalendarDay, CalendarInput, CalendarYear, OfficeDossier, Queue,
    IssuedDocument, ResultInput, Statistics, VerificationReport,
)

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
OFFICERS = ("reception_officer", "specialist", "leader")
PDF = "application/pdf"
STAFF_DOSSIER = {404: ["dossier_not_found"]}


def _pdf(content: bytes, filename: str, *, inline: bool = True) -> Response[bytes]:
    disposition = "inline" if inline else "attachment"
    return Response(
        content, media_type="application/pdf",
        headers={"content-disposition": f'{disposition}; filename="{filename}"', "cache-control": "private, no-store"},
    )


class OfficeController(Controller):
    path = "/api/office"
    tags = ["office"]
    guards = [require_staff(*OFFICERS)]

    @get(
        "/queue", summary="The caller's agency queue: counts per state, then dossiers oldest first",
        opt={PROBLEMS: {422: ["invalid_cursor", "invalid_state"]}},
    )
    async def queue(
        self, request: Request, db: Db, current_user: CurrentUser,
        state_filter: Annotated[str | None, QueryParameter(name="state", max_length=40)] = None,
        overdue: FromQuery[bool] = False, q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        after: FromQuery[str | None] = None, limit: Limit = 20,
    ) -> Queue:
        return await service.queue(
            db, current_user, Origin.of(request), state=state_filter, overdue=overdue, q=q, after=after, limit=limit
        )

    @get(
        "/dossiers/{dossier_id:uuid}", summary="A dossier as staff see it: form, photos, internal timeline, actions",
        opt={PROBLEMS: STAFF_DOSSIER},
    )
    async def dossier(self, request: Request, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> OfficeDossier:
        return await service.get(db, current_user, dossier_id, Origin.of(request))

    @get(
        "/dossiers/{dossier_id:uuid}/pages/{page_id:uuid}/{variant:str}", summary="A page photo (image or thumbnail)",
        media_type=PAGE_MEDIA_TYPE, opt={PROBLEMS: {404: ["dossier_not_found", "page_not_found"], 409: ["page_not_ready"]}},
    )
    async def page_image(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID],
        page_id: FromPath[UUID], variant: FromPath[str],
    ) -> Response[bytes]:
        content, media_type = await service.page_image(db, storage, current_user, dossier_id, page_id, variant, Origin.of(request))
        return Response(content, media_type=media_type, headers={"cache-control": "private, max-age=3600"})

    @get(
        "/dossiers/{dossier_id:uuid}/assignees", summary="Specialists of the agency holding the dossier",
        opt={PROBLEMS: STAFF_DOSSIER},
    )
    async def assignees(self, request: Request, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> list[Assignee]:
        return await service.assignees(db, current_user, dossier_id, Origin.of(request))

    @post(
        "/dossiers/{dossier_id:uuid}/actions/{action:str}", status_code=200, summary="One move of the transition table",
        opt={PROBLEMS: {
            404: ["action_not_found", "dossier_not_found"],
            409: ["delivery_not_chosen", "dossier_changed", "not_same_day", "result_not_issued", "transition_not_allowed"],
            422: [
                "invalid_agency", "invalid_assignee", "reason_required", "recipient_name_required",
                "to_agency_code_required",
            ],
        }},
    )
    async def act(
        self, request: Request, db: Db, storage: Storage, settings: AppSettings, current_user: CurrentUser,
        dossier_id: FromPath[UUID], action: FromPath[str], data: JSONBody[ActionInput],
    ) -> OfficeDossier:
        return await service.act(db, storage, settings, current_user, dossier_id, action, data, Origin.of(request))

    @post(
        "/dossiers/{dossier_id:uuid}/result", status_code=200, summary="Issue the signed e-result",
        opt={PROBLEMS: {
            404: ["dossier_not_found"], 409: ["dossier_changed", "result_exists", "result_not_allowed"],
            503: ["results_unavailable", "signing_unavailable"],
        }},
    )
    async def issue_result(
        self, request: Request, db: Db, storage: Storage, settings: AppSettings, current_user: CurrentUser,
        dossier_id: FromPath[UUID], data: JSONBody[ResultInput],
    ) -> OfficeDossier:
        return await service.issue_result(db, storage, settings, current_user, dossier_id, data, Origin.of(request))

    @get(
        "/dossiers/{dossier_id:uuid}/result", summary="The signed e-result PDF", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "result_not_found"]}},
    )
    async def result(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]
    ) -> Response[bytes]:
        return _pdf(*await service.result_pdf_for_staff(db, storage, current_user, dossier_id, Origin.of(request)))

    @get(
        "/dossiers/{dossier_id:uuid}/receipt", summary="The receipt-and-appointment form PDF", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "receipt_not_found"]}},
    )
    async def receipt(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]
    ) -> Response[bytes]:
        return _pdf(*await service.receipt_for_staff(db, storage, current_user, dossier_id, Origin.of(request)))

    @post(
        "/dossiers/{dossier_id:uuid}/apology", status_code=200, summary="An apology letter with a new due date",
        opt={PROBLEMS: {
            404: ["dossier_not_found"], 409: ["apology_not_allowed", "dossier_changed"],
            422: ["invalid_new_due_date", "not_a_working_day", "reason_required"],
        }},
    )
    async def apology(
        self, request: Request, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[ApologyInput]
    ) -> OfficeDossier:
        return await service.apologise(db, current_user, dossier_id, data, Origin.of(request))

    @get(
        "/statistics", guards=[require_staff("leader")],
        summary="The leader's agency: received, early/on time/late, pending, overdue",
        opt={PROBLEMS: {422: ["invalid_period"]}},
    )
    async def statistics(self, current_user: CurrentUser, db: Db, start: FromQuery[date], end: FromQuery[date]) -> Statistics:
        return await service.statistics(db, start, end, current_user.agency_code)


class StatisticsAdminController(Controller):
    path = "/api/admin/statistics"
    tags = ["office"]
    guards = [require_staff("admin")]

    @get("/", summary="Statistics of every agency for a period", opt={PROBLEMS: {422: ["invalid_period"]}})
    async def statistics(self, db: Db, start: FromQuery[date], end: FromQuery[date]) -> Statistics:
        return await service.statistics(db, start, end)


class CalendarAdminController(Controller):
    path = "/api/admin/calendar"
    tags = ["office"]
    guards = [require_staff("admin")]

    @get("/", summary="Days off and make-up working days added to the public holidays")
    async def year(self, db: Db, year: Annotated[int | None, QueryParameter(ge=2000, le=2100)] = None) -> CalendarYear:
        return await service.calendar_year(db, year)

    @put("/{day:date}", summary="Add or change a day off or a make-up working day")
    async def put_day(
        self, request: Request, db: Db, current_user: CurrentUser, day: FromPath[date], data: JSONBody[CalendarInput]
    ) -> CalendarDay:
        return await service.put_calendar_day(db, current_user, day, data.kind, data.note, Origin.of(request))

    @delete("/{day:date}", summary="Remove an adjustment", opt={PROBLEMS: {404: ["calendar_day_not_found"]}})
    async def delete_day(self, request: Request, db: Db, current_user: CurrentUser, day: FromPath[date]) -> None:
        await service.delete_calendar_day(db, current_user, day, Origin.of(request))


class CitizenResultController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}"
    tags = ["dossiers"]
    guards = [require_citizen]

    @get(
        "/result", summary="My signed e-result (PDF) once the dossier is resolved", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "result_not_found", "result_not_ready"]}},
    )
    async def result(self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> Response[bytes]:
        return _pdf(*await service.result_pdf_for_citizen(db, storage, current_user, dossier_id), inline=False)

    @get(
        "/receipt", summary="My receipt-and-appointment form (PDF)", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "receipt_not_found"]}},
    )
    async def receipt(self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> Response[bytes]:
        return _pdf(*await service.receipt_for_citizen(db, storage, current_user, dossier_id))


# Public verification of issued e-results: what the QR code printed on each result opens. Anyone may
# call these (no sign-in): the verification code is unguessable, and the answer shows only what the
# document itself prints in its heading (no applicant name or other personal data).


class VerificationController(Controller):
    path = "/api/verify"
    tags = ["verification"]

    @get(
        "/{verification_code:str}", summary="The facts of an issued e-result (public)",
        opt={PROBLEMS: {404: ["result_not_found"]}},
    )
    async def issued(self, db: Db, verification_code: FromPath[str]) -> IssuedDocument:
        return await results.issued_document(db, verification_code)

    @post(
        "/{verification_code:str}",
        summary="Check a PDF copy (the raw bytes, at most 10 MB): authentic and unchanged? (public)",
        request_max_body_size=results.MAX_UPLOAD_BYTES + 64 * 1024,
        status_code=200,
        opt={
            RAW_BODY: [PDF],
            PROBLEMS: {
                404: ["result_not_found"], 413: ["pdf_too_large"], 422: ["empty_upload", "no_signature", "not_a_pdf"],
                503: ["verification_unavailable"],
            },
        },
    )
    async def check(
        self, request: Request, db: Db, settings: AppSettings, verification_code: FromPath[str]
    ) -> VerificationReport:
        try:
            body = await request.body()
        except HTTPException as exc:
            if exc.status_code == 413:
                raise Problem(413, "pdf_too_large", "Tệp quá lớn", "Tệp PDF cần kiểm tra không được lớn hơn 10 MB.") from exc
            raise
        return await results.check_copy(db, settings, verification_code, body)


processing_route_handlers = [
    OfficeController, StatisticsAdminController, CalendarAdminController, CitizenResultController, VerificationController,
]
