"""Notifications over HTTP: a person's push subscriptions and channel choices, the gateways' delivery
receipts, and the administrator's preview of every template."""

from __future__ import annotations

import logging
from typing import TypeAlias

from litestar import Controller, Request, Response, delete, get, post, put, route
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from backend.accounts.guards import CurrentUser, require_citizen, require_staff
from backend.accounts.schemas import Role
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db
from backend.errors import Problem
from backend.i18n import Text
from backend.notifications import service, templates
from backend.notifications.carriers import Carriers
from backend.notifications.clients.sms import BadReceipt
from backend.notifications.schemas import (
    EndpointInput, Preferences, PreferencesInput, PushKey, Subscribed, SubscriptionInput, TemplatePreview,
)

log = logging.getLogger("backend.notifications")


def provide_carriers(state: State) -> Carriers:
    return state.carriers


CarriersDep: TypeAlias = NamedDependency[Carriers]

PUSH_UNAVAILABLE = Problem(
    404, "push_unavailable", Text("Chưa bật thông báo đẩy", "Push notifications are not set up"),
    Text("Máy chủ này chưa cấu hình thông báo đẩy; bạn vẫn nhận tin nhắn SMS.",
         "This server has no push notifications configured; text messages still reach you."),
)


class PushKeyController(Controller):
    path = "/api/push/key"
    tags = ["notifications"]

    @get("/", summary="The VAPID public key browsers subscribe with", opt={PROBLEMS: {404: ["push_unavailable"]}})
    async def key(self, carriers: CarriersDep) -> PushKey:
        if carriers.push is None:
            raise PUSH_UNAVAILABLE
        return PushKey(public_key=carriers.push.vapid.application_server_key)


class MyNotificationsController(Controller):
    path = "/api/me"
    tags = ["notifications"]
    guards = [require_citizen]

    @post("/push-subscriptions", summary="This browser may be sent notifications (upserted by endpoint)")
    async def subscribe(self, db: Db, current_user: CurrentUser, data: JSONBody[SubscriptionInput]) -> Subscribed:
        return await service.subscribe(db, current_user.id, data)

    @delete("/push-subscriptions", summary="Stop notifications to this browser")
    async def unsubscribe(self, db: Db, current_user: CurrentUser, data: JSONBody[EndpointInput]) -> None:
        await service.unsubscribe(db, current_user.id, data.endpoint)

    @get("/notification-preferences", summary="Which channels I am told on")
    async def preferences(self, db: Db, current_user: CurrentUser) -> Preferences:
        return await service.preferences(db, current_user.id)

    @put("/notification-preferences", summary="Choose channels (the law's notices still come by SMS)")
    async def set_preferences(self, db: Db, current_user: CurrentUser, data: JSONBody[PreferencesInput]) -> Preferences:
        return await service.set_preferences(db, current_user.id, data)


BAD_RECEIPT = Problem(
    403, "bad_receipt", Text("Báo cáo không hợp lệ", "Receipt refused"),
    Text("Báo cáo gửi tin không xác thực được.", "The delivery receipt could not be authenticated."),
)
UNKNOWN_PROVIDER = Problem(
    404, "unknown_provider", Text("Không có nhà cung cấp này", "No such provider"),
    Text("Không có nhà cung cấp tin nhắn nào mang tên này.", "No SMS provider has this name."),
)


class ReceiptController(Controller):
    path = "/api/notifications/receipts"
    tags = ["notifications"]

    @route(
        "/{provider:str}", http_method=["GET", "POST"], summary="A gateway's delivery report (authenticated per gateway)",
        opt={PROBLEMS: {403: ["bad_receipt"], 404: ["unknown_provider"]},
             RAW_BODY: ["application/json", "application/x-www-form-urlencoded"]},
    )
    async def receipt(self, request: Request, db: Db, carriers: CarriersDep, provider: FromPath[str]) -> Response[bytes]:
        gateway = next((p for p in carriers.sms.providers if p.name == provider), None)
        if gateway is None:
            raise UNKNOWN_PROVIDER
        try:
            receipts = gateway.read_receipts(request.headers, request.query_params, await request.body())
        except BadReceipt as error:
            log.warning("refused a delivery receipt said to come from %s: %s", provider, error)
            raise BAD_RECEIPT from None
        await service.record_receipts(db, provider, receipts)
        status, body, media_type = gateway.receipt_reply
        return Response(body, status_code=status, media_type=media_type)


class TemplatePreviewController(Controller):
    path = "/api/admin/notification-templates"
    tags = ["notifications"]
    guards = [require_staff(Role.ADMIN)]

    @get("/", summary="Every event's push and SMS text in both languages, with sample values")
    async def previews(self, settings: AppSettings) -> list[TemplatePreview]:
        return templates.previews(unicode=settings.sms_unicode)


notification_route_handlers = [PushKeyController, MyNotificationsController, ReceiptController, TemplatePreviewController]
notification_dependencies = {"carriers": Provide(provide_carriers, sync_to_thread=False)}
