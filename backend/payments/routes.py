"""Payments over HTTP: the citizen's request and receipts, the desk's cash and reviews, the leader's report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_citizen, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS
from backend.deps import Db, Language
from backend.payments import service
from backend.payments.schemas import CashDay, CashInput, DailyReport, Payment, RefundInput, RefundView, Transfer


class DossierPaymentsController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}/payments"
    tags = ["payments"]
    guards = [require_citizen]

    @get("/", summary="The dossier's fees: what is owed or paid, itemised", opt={PROBLEMS: {404: ["dossier_not_found"]}})
    async def list_payments(self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> list[Payment]:
        return await service.payments_of(db, current_user, dossier_id, lang)

    @post(
        "/", status_code=200, summary="The payment the dossier waits for (made once; the same one after)",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["nothing_owed"]}},
    )
    async def open_payment(self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> Payment:
        return await service.request(db, current_user, dossier_id, lang)


class DeskPaymentsController(Controller):
    path = "/api/office"
    tags = ["payments"]
    guards = [require_staff(Role.RECEPTION_OFFICER)]

    @post(
        "/dossiers/{dossier_id:uuid}/payments/cash", status_code=200, summary="Cash taken at the desk for the fee owed",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["nothing_owed", "already_paid"], 422: ["wrong_amount"]}},
    )
    async def cash(
        self, request: Request, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID],
        data: JSONBody[CashInput],
    ) -> Payment:
        return await service.record_cash(db, current_user, dossier_id, data, Origin.of(request), lang)

    @get("/payments/cash", summary="The desk's cash of a day, per officer, for the hand-over")
    async def cash_day(self, db: Db, current_user: CurrentUser, day: FromQuery[date]) -> CashDay:
        return await service.cash_day(db, current_user, day)

    @get("/payments/transfers", summary="Bank transfers that did not pay a request exactly")
    async def transfers(self, db: Db, current_user: CurrentUser) -> list[Transfer]:
        return await service.transfers_to_review(db, current_user)

    @get("/payments/refunds", summary="Refunds owed to people whose paid dossier ended without a result")
    async def refunds(self, db: Db, current_user: CurrentUser) -> list[RefundView]:
        return await service.refunds_to_complete(db, current_user)

    @post(
        "/payments/refunds/{refund_id:uuid}/complete", status_code=204, summary="The money went back",
        opt={PROBLEMS: {404: ["not_found"]}},
    )
    async def complete_refund(
        self, request: Request, db: Db, current_user: CurrentUser, refund_id: FromPath[UUID], data: JSONBody[RefundInput],
    ) -> None:
        await service.complete_refund(db, current_user, refund_id, data, Origin.of(request))


class PaymentReportController(Controller):
    path = "/api/office/payments/report"
    tags = ["payments"]
    guards = [require_staff(Role.LEADER, Role.ADMIN)]

    @get("/", summary="A day's payments per agency and channel, and what waits for review")
    async def report(self, db: Db, current_user: CurrentUser, day: FromQuery[date]) -> DailyReport:
        return await service.daily_report(db, current_user, day)

    @get("/csv", summary="The same report as CSV", media_type="text/csv")
    async def report_csv(self, db: Db, current_user: CurrentUser, day: FromQuery[date]) -> Response[str]:
        report = await service.daily_report(db, current_user, day)
        return Response(
            service.report_csv(report), media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="thanh-toan-{day.isoformat()}.csv"'},
        )


payment_route_handlers = [DossierPaymentsController, DeskPaymentsController, PaymentReportController]
