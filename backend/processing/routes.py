"""Back-office HTTP: the agency's queue, the dossier as staff see it with its photos and PDFs, every
officer move, the e-result, apology letters, and the working calendar (admin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_staff
from backend.accounts.schemas import OFFICERS, Role
from backend.contract import PROBLEMS
from backend.deps import AppSettings, Db, Language, Storage
from backend.documents.imaging import PAGE_MEDIA_TYPE
from backend.processing import moves, service
from backend.processing.schemas import (
    ActionInput, ApologyInput, Assignee, CalendarDay, CalendarDueDate, CalendarInput, CalendarYear, OfficeDossier, Queue, ResultInput,
)
from backend.results.routes import pdf_response

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
# The filters a leader's figures open the queue with (stats' agency health): days are Vietnam days.
InProgress = Annotated[bool, QueryParameter(
    description="Only the dossiers the agency is working on: received, processing or waiting for approval",
)]
DueFrom = Annotated[date | None, QueryParameter(description="Due (the current due date) on or after this day")]
DueTo = Annotated[date | None, QueryParameter(description="Due (the current due date) on or before this day")]
ReceivedFrom = Annotated[date | None, QueryParameter(description="Received on or after this day")]
ResolvedMonth = Annotated[str | None, QueryParameter(
    pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description="Result ready in this month, e.g. 2026-11",
)]
Timeliness = Annotated[Literal["early", "on_time", "late"] | None, QueryParameter(
    description="Result ready before, on or after the statutory due date set at reception",
)]
PDF = "application/pdf"
STAFF_DOSSIER = {404: ["dossier_not_found"]}


class OfficeController(Controller):
    path = "/api/office"
    tags = ["office"]
    guards = [require_staff(*OFFICERS)]

    @get(
        "/queue", summary="The caller's agency queue: counts per state, then dossiers oldest first",
        opt={PROBLEMS: {422: ["invalid_cursor", "invalid_state"]}},
    )
    async def queue(
        self, request: Request, db: Db, lang: Language, current_user: CurrentUser,
        state_filter: Annotated[str | None, QueryParameter(name="state", max_length=40)] = None,
        overdue: FromQuery[bool] = False, q: Annotated[str | None, QueryParameter(max_length=100)] = None,
        after: FromQuery[str | None] = None, limit: Limit = 20, in_progress: InProgress = False,
        due_from: DueFrom = None, due_to: DueTo = None, received_from: ReceivedFrom = None,
        resolved_month: ResolvedMonth = None, timeliness: Timeliness = None,
    ) -> Queue:
        first, following = service.month_days(resolved_month) if resolved_month else (None, None)
        more = service.QueueFilters(
            in_progress=in_progress, due_from=due_from, due_to=due_to, received_from=received_from,
            resolved_from=first, resolved_before=following, timeliness=timeliness,
        )
        return await service.queue(
            db, current_user, Origin.of(request), state=state_filter, overdue=overdue, q=q, after=after, limit=limit,
            lang=lang, more=more,
        )

    @get(
        "/dossiers/{dossier_id:uuid}", summary="A dossier as staff see it: form, photos, internal timeline, actions",
        opt={PROBLEMS: STAFF_DOSSIER},
    )
    async def dossier(
        self, request: Request, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID]
    ) -> OfficeDossier:
        return await service.get(db, current_user, dossier_id, Origin.of(request), lang)

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
        self, request: Request, db: Db, lang: Language, storage: Storage, settings: AppSettings,
        current_user: CurrentUser, dossier_id: FromPath[UUID], action: FromPath[str], data: JSONBody[ActionInput],
    ) -> OfficeDossier:
        return await moves.act(db, storage, settings, current_user, dossier_id, action, data, Origin.of(request), lang)

    @post(
        "/dossiers/{dossier_id:uuid}/result", status_code=200, summary="Issue the signed e-result",
        opt={PROBLEMS: {
            404: ["dossier_not_found"], 409: ["dossier_changed", "result_exists", "result_not_allowed"],
            503: ["signing_unavailable"],
        }},
    )
    async def issue_result(
        self, request: Request, db: Db, lang: Language, storage: Storage, settings: AppSettings,
        current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[ResultInput],
    ) -> OfficeDossier:
        return await moves.issue_result(db, storage, settings, current_user, dossier_id, data, Origin.of(request), lang)

    @get(
        "/dossiers/{dossier_id:uuid}/result", summary="The signed e-result PDF", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "result_not_found"]}},
    )
    async def result(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]
    ) -> Response[bytes]:
        return pdf_response(*await service.result_pdf(db, storage, current_user, dossier_id, Origin.of(request)))

    @get(
        "/dossiers/{dossier_id:uuid}/receipt", summary="The receipt-and-appointment form PDF", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "receipt_not_found"]}},
    )
    async def receipt(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]
    ) -> Response[bytes]:
        return pdf_response(*await service.receipt_pdf(db, storage, current_user, dossier_id, Origin.of(request)))

    @post(
        "/dossiers/{dossier_id:uuid}/apology", status_code=200, summary="An apology letter with a new due date",
        opt={PROBLEMS: {
            404: ["dossier_not_found"], 409: ["apology_not_allowed", "dossier_changed"],
            422: ["invalid_new_due_date", "not_a_working_day", "reason_required"],
        }},
    )
    async def apology(
        self, request: Request, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID],
        data: JSONBody[ApologyInput],
    ) -> OfficeDossier:
        return await moves.apologise(db, current_user, dossier_id, data, Origin.of(request), lang)


class CalendarAdminController(Controller):
    path = "/api/admin/calendar"
    tags = ["office"]
    guards = [require_staff(Role.ADMIN)]

    @get("/", summary="Days off and make-up working days added to the public holidays, and the year's public holidays")
    async def year(self, db: Db, year: Annotated[int | None, QueryParameter(ge=2000, le=2100)] = None) -> CalendarYear:
        return await service.calendar_year(db, year)

    @get(
        "/due-date", summary="The due date the working calendar gives a sample dossier (received in the morning)",
        opt={PROBLEMS: {422: ["invalid_received_date"]}},
    )
    async def due_date(
        self, db: Db, received: Annotated[date, QueryParameter(description="The day of reception")],
        days: Annotated[int, QueryParameter(ge=0, le=365, description="Working days to settle (0: the same day)")],
    ) -> CalendarDueDate:
        return await service.sample_due_date(db, received, days)

    @put("/{day:date}", summary="Add or change a day off or a make-up working day")
    async def put_day(
        self, request: Request, db: Db, current_user: CurrentUser, day: FromPath[date], data: JSONBody[CalendarInput]
    ) -> CalendarDay:
        return await service.put_calendar_day(db, current_user, day, data.kind, data.note, Origin.of(request))

    @delete("/{day:date}", summary="Remove an adjustment", opt={PROBLEMS: {404: ["calendar_day_not_found"]}})
    async def delete_day(self, request: Request, db: Db, current_user: CurrentUser, day: FromPath[date]) -> None:
        await service.delete_calendar_day(db, current_user, day, Origin.of(request))


processing_route_handlers = [OfficeController, CalendarAdminController]
