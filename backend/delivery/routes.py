"""Delivery over HTTP: the public tariff and tracking, the courier's app, the desk's hand-overs, the citizen's
shipments and collection of originals."""

from __future__ import annotations

from typing import Annotated, TypeAlias
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.accounts.audit import Origin
from backend.accounts.guards import CurrentUser, require_citizen, require_staff
from backend.accounts.schemas import Role
from backend.catalog import postage
from backend.catalog.http_cache import PUBLIC_CACHE
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Language, Redis, Storage
from backend.delivery import service
from backend.delivery.postal import Postal
from backend.delivery.schemas import (
    Batch, RecipientCodeSent, CollectionInput, CourierEventsInput, CourierHandover, CourierShipment, DossierShipment,
    EventResults, OfficeHandovers, OfficeShipment, ShipmentLookupInput, ShipmentStatus, SlipPhoto,
)
from backend.documents import imaging
from backend.idempotency import IdempotencyKey
from backend.results.routes import pdf_response

SLIP_LIMIT = imaging.MAX_UPLOAD_BYTES + 64 * 1024
IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/avif", "application/octet-stream"]
# `state` is a name Litestar keeps for the application state.
InState = Annotated[str | None, QueryParameter(name="state", description="Only shipments in this state")]
CODE_PROBLEMS = {404: ["shipment_not_found"], 403: ["shipment_not_in_custody"], 422: ["invalid_tracking_code"]}


class TariffController(Controller):
    path = "/api/delivery/tariff"
    tags = ["delivery"]

    @get("/", summary="The postage tariff: each weight class within the province and to another one (VND)",
         cache_control=PUBLIC_CACHE)
    async def tariff(self, settings: AppSettings) -> postage.Tariff:
        return postage.tariff_from(settings.postage_tariff)


class ShipmentLookupController(Controller):
    """Public tracking, no sign-in: a POST keeps the code out of addresses and logs."""

    path = "/api/lookup/shipment"
    tags = ["delivery"]

    @post(
        "/", status_code=200, summary="A shipment's timeline by its tracking code and the last 4 digits of the recipient's phone",
        opt={PROBLEMS: {404: ["shipment_lookup_not_found"], 429: ["too_many_requests"]}},
    )
    async def lookup(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, lang: Language,
        data: JSONBody[ShipmentLookupInput],
    ) -> ShipmentStatus:
        return await service.lookup(db, redis, settings, data, Origin.of(request), lang)


class CarrierCallbackController(Controller):
    """Called by the postal operator, not by people: each callback is authenticated by its signature."""

    path = "/api/delivery"
    tags = ["delivery"]

    @post(
        "/vnpost/callback", status_code=200, summary="VNPost's signed status webhook: each move applied once",
        description=(
            "A re-sent callback changes nothing. A tracking code we do not have is logged and answered 200, so that "
            "VNPost stops sending it; a move impossible from the shipment's state is a 409, which VNPost sends again."
        ),
        opt={
            PROBLEMS: {
                401: ["bad_callback"], 404: ["carrier_not_configured"],
                409: ["shipment_transition_not_allowed", "shipment_changed", "dossier_changed", "transition_not_allowed"],
                422: ["reason_required"],
            },
            RAW_BODY: ["application/json"],
        },
    )
    async def vnpost_callback(self, request: Request, db: Db, settings: AppSettings, postal: PostalDep) -> None:
        await service.carrier_callback(db, settings, postal.carrier, request.headers, await request.body())


class CourierController(Controller):
    path = "/api/courier"
    tags = ["delivery"]
    guards = [require_staff(Role.COURIER)]

    @get("/handovers", summary="Batches the desks prepared, waiting for a courier to take them")
    async def handovers(self, db: Db) -> list[CourierHandover]:
        return await service.courier_handovers(db)

    @post(
        "/handovers/{batch_id:uuid}/confirm", status_code=200,
        summary="Take the batch: every shipment in it is handed over to you and its dossier ships",
        opt={PROBLEMS: {404: ["batch_not_found"], 409: ["batch_already_confirmed", "dossier_changed", "transition_not_allowed"]}},
    )
    async def confirm(self, db: Db, settings: AppSettings, current_user: CurrentUser, batch_id: FromPath[UUID]) -> CourierHandover:
        return await service.confirm_batch(db, settings, current_user, batch_id)

    @get("/shipments", summary="Your shipments not finished yet or finished today, and papers waiting to be collected from homes")
    async def shipments(self, db: Db, lang: Language, current_user: CurrentUser) -> list[CourierShipment]:
        return await service.courier_shipments(db, current_user, lang)

    @post(
        "/events", status_code=200,
        summary="What the phone recorded (perhaps offline): applied by device time, each key once",
        # These come back inside the 200's results (one per refused event), never as the answer's status.
        opt={PROBLEMS: {
            403: ["shipment_not_in_custody"], 404: ["shipment_not_found"],
            409: ["shipment_transition_not_allowed", "shipment_changed", "dossier_changed"],
            422: ["invalid_tracking_code", "unknown_shipment_action", "recipient_code_required", "recipient_code_wrong",
                  "slip_photo_required", "reason_required"],
            423: ["recipient_code_locked"],
        }},
        description=(
            "Each event's outcome: `applied`, `duplicate` (its key was seen before; nothing changed) or `refused` "
            "(with the problem: shipment_transition_not_allowed naming the state, recipient_code_required, "
            "recipient_code_wrong with attempts_left, recipient_code_locked, slip_photo_required, reason_required, "
            "shipment_not_found, shipment_not_in_custody, invalid_tracking_code, unknown_shipment_action)."
        ),
    )
    async def events(
        self, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser, data: JSONBody[CourierEventsInput],
    ) -> EventResults:
        return await service.apply_courier_events(db, settings, current_user, data.events, lang)

    @post(
        "/shipments/{tracking_code:str}/slip", status_code=200, request_max_body_size=SLIP_LIMIT,
        summary="A photo of the signed delivery slip (raw image bytes, at most 15 MB), for a recipient without a phone",
        opt={
            RAW_BODY: IMAGE_TYPES,
            PROBLEMS: {
                **CODE_PROBLEMS, 413: ["image_too_large", "payload_too_large"],
                422: ["invalid_tracking_code", "image_corrupt", "image_empty", "image_too_many_pixels", "image_unsupported"],
            },
        },
    )
    async def slip(
        self, request: Request, db: Db, storage: Storage, current_user: CurrentUser, tracking_code: FromPath[str],
    ) -> SlipPhoto:
        return await service.store_slip(db, storage, current_user, tracking_code, await request.body())

    @post(
        "/shipments/{tracking_code:str}/code", status_code=200,
        summary="Send the recipient a new code by SMS (the old one stops working; a locked code is unlocked)",
        opt={PROBLEMS: {**CODE_PROBLEMS, 409: ["no_code_to_send"]}},
    )
    async def new_code(
        self, db: Db, settings: AppSettings, current_user: CurrentUser, tracking_code: FromPath[str],
    ) -> RecipientCodeSent:
        return await service.send_new_code(db, settings, current_user, tracking_code)


class OfficeDeliveryController(Controller):
    path = "/api/office"
    tags = ["delivery"]
    guards = [require_staff(Role.RECEPTION_OFFICER)]

    @get("/handovers", summary="Results waiting for the next hand-over to the post, and the desk's recent batches")
    async def handovers(self, db: Db, lang: Language, current_user: CurrentUser) -> OfficeHandovers:
        return await service.office_handovers(db, current_user, lang)

    @post(
        "/handovers", status_code=200, summary="Hand over now: a batch of every result ready to go",
        opt={PROBLEMS: {409: ["nothing_to_hand_over"]}},
    )
    async def hand_over_now(self, db: Db, current_user: CurrentUser) -> Batch:
        return await service.hand_over_now(db, current_user)

    @get(
        "/handovers/{batch_id:uuid}/manifest.pdf", summary="The batch's manifest: a QR code per shipment (PDF)",
        media_type="application/pdf", opt={PROBLEMS: {404: ["batch_not_found"]}},
    )
    async def manifest(self, db: Db, current_user: CurrentUser, batch_id: FromPath[UUID]) -> Response[bytes]:
        content, filename = await service.manifest_pdf(db, current_user, batch_id)
        return pdf_response(content, filename)

    @get(
        "/shipments", summary="The desk's shipments, newest first (optionally in one state)",
        opt={PROBLEMS: {422: ["invalid_state"]}},
    )
    async def shipments(
        self, db: Db, lang: Language, current_user: CurrentUser, in_state: InState = None,
    ) -> list[OfficeShipment]:
        return await service.office_shipments(db, current_user, in_state, lang)

    @post(
        "/shipments/{tracking_code:str}/cancel", status_code=200, summary="Cancel a shipment the post does not have yet",
        opt={PROBLEMS: {404: ["shipment_not_found"], 409: ["shipment_transition_not_allowed"], 422: ["invalid_tracking_code"]}},
    )
    async def cancel(
        self, db: Db, settings: AppSettings, current_user: CurrentUser, tracking_code: FromPath[str],
    ) -> OfficeShipment:
        return await service.cancel(db, settings, current_user, tracking_code)


class DossierShipmentsController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}"
    tags = ["delivery"]
    guards = [require_citizen]

    @get("/shipments", summary="The dossier's shipments with their timelines", opt={PROBLEMS: {404: ["dossier_not_found"]}})
    async def shipments(
        self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID],
    ) -> list[DossierShipment]:
        return await service.dossier_shipments(db, current_user, dossier_id, lang)

    @post(
        "/collection", status_code=200,
        summary="Ask the post to collect the paper originals from an address (once per Idempotency-Key)",
        opt={PROBLEMS: {
            404: ["dossier_not_found"], 409: ["collection_not_allowed", "collection_exists"],
            422: ["invalid_address", "invalid_phone"],
        }},
    )
    async def collection(
        self, request: Request, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser,
        dossier_id: FromPath[UUID], idempotency_key: IdempotencyKey, data: JSONBody[CollectionInput],
    ) -> DossierShipment:
        return await service.ask_collection(
            db, settings, current_user, dossier_id, data, idempotency_key, await request.body(), lang,
        )


def provide_postal(state: State) -> Postal:
    return state.postal


PostalDep: TypeAlias = NamedDependency[Postal]

delivery_route_handlers = [
    TariffController, ShipmentLookupController, CarrierCallbackController, CourierController, OfficeDeliveryController,
    DossierShipmentsController,
]
delivery_dependencies = {"postal": Provide(provide_postal, sync_to_thread=False)}
