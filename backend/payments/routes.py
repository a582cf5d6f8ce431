"""Payments over HTTP: the citizen's request and receipts, the desk's cash and reviews, the leader's report."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from typing import TypeAlias

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_citizen, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Language
from backend.payments import service
from backend.payments.clients.bank_transfer import WEBHOOK_REPLY
from backend.payments.gateways import Gateways
from backend.payments.schemas import (
    CashDay, CashInput, DailyReport, Payment, RefundInput, RefundView, Transfer, VnpayStart,
)
from backend.results.routes import pdf_response


class DossierPaymentsController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}/payments"
    tags = ["payments"]
    guards = [require_citizen]

    @get("/", summary="The dossier's fees: what is owed or paid, itemised", opt={PROBLEMS: {404: ["dossier_not_found"]}})
    async def list_payments(
        self, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID],
    ) -> list[Payment]:
        return await service.payments_of(db, settings, current_user, dossier_id, lang)

    @post(
        "/", status_code=200, summary="The payment the dossier waits for (made once; the same one after)",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["nothing_owed"]}},
    )
    async def open_payment(
        self, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID],
    ) -> Payment:
        return await service.request(db, settings, current_user, dossier_id, lang)

    @post(
        "/vnpay", status_code=200, summary="Start paying through VNPay (card, e-wallet, bank app): where to send the browser",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["nothing_owed", "already_paid"], 503: ["gateway_unavailable"]}},
    )
    async def vnpay(
        self, request: Request, db: Db, settings: AppSettings, gateways: GatewaysDep, current_user: CurrentUser,
        dossier_id: FromPath[UUID],
    ) -> VnpayStart:
        ip = Origin.of(request).ip or "127.0.0.1"
        return await service.start_vnpay(db, gateways, settings, current_user, dossier_id, ip)

    @get(
        "/{payment_id:uuid}/receipt", summary="The e-receipt of a paid fee (PDF)", media_type="application/pdf",
        opt={PROBLEMS: {404: ["dossier_not_found", "receipt_not_found"]}},
    )
    async def receipt(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], payment_id: FromPath[UUID],
    ) -> Response[bytes]:
        content, filename = await service.receipt(db, current_user, dossier_id, payment_id)
        return pdf_response(content, filename)


class GatewayNoticeController(Controller):
    """Called by the gateways, not by people: each notice is authenticated by its gateway's signature."""

    path = "/api/payments"
    tags = ["payments"]

    @get("/vnpay/ipn", summary="VNPay's IPN: the payment's outcome, answered with VNPay's RspCode")
    async def vnpay_ipn(self, request: Request, db: Db, gateways: GatewaysDep) -> dict[str, str]:
        return await service.vnpay_ipn(db, gateways, request.query_params)

    @get("/vnpay/return", summary="The browser back from VNPay: sent on to the dossier's payment page", status_code=303)
    async def vnpay_return(self, request: Request, db: Db, settings: AppSettings, gateways: GatewaysDep) -> Redirect:
        return Redirect(await service.vnpay_return(db, gateways, settings, request.query_params), status_code=303)

    @post(
        "/bank/notices", status_code=200, summary="The bank's notice of incoming transfers (Casso webhook v2)",
        opt={PROBLEMS: {401: ["bad_signature"]}, RAW_BODY: ["application/json"]},
    )
    async def bank_notice(self, request: Request, db: Db, gateways: GatewaysDep) -> Response[bytes]:
        await service.bank_notice(db, gateways, request.headers, await request.body())
        status, body, media_type = WEBHOOK_REPLY
        return Response(body, status_code=status, media_type=media_type)


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


def provide_gateways(state: State) -> Gateways:
    return state.gateways


GatewaysDep: TypeAlias = NamedDependency[Gateways]

payment_route_handlers = [DossierPaymentsController, GatewayNoticeController, DeskPaymentsController, PaymentReportController]
payment_dependencies = {"gateways": Provide(provide_gateways, sync_to_thread=False)}
