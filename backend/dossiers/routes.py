"""Dossier HTTP for the citizen: drafts, their pages (one photo per request), submission, withdrawal,
their own list, and the PDFs of their dossier."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.accounts.audit import Origin
from backend.accounts.guards import ACTING_FOR, CurrentUser, require_citizen
from backend.contract import PROBLEMS, RAW_BODY
from backend.deps import AppSettings, Db, Language, Redis, Storage
from backend.documents import imaging
from backend.documents import service as documents
from backend.dossiers import service, views
from backend.dossiers.lifecycle import Action
from backend.dossiers.schemas import (
    DossierDetail, DossierPage, DossierStatus, DraftInput, LookupInput, PageOrder, PageOut, WalletReuse, WithdrawInput,
)
from backend.idempotency import IdempotencyKey
from backend.results.routes import pdf_response

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
Position = Annotated[int, QueryParameter(ge=0, le=200)]
# Room for the largest accepted photo plus a little; the service refuses anything above 15 MB.
UPLOAD_LIMIT = imaging.MAX_UPLOAD_BYTES + 64 * 1024
PDF = "application/pdf"
SUBMISSION_PROBLEMS = {
    404: ["dossier_not_found"], 409: ["dossier_changed", "transition_not_allowed"],
    422: ["dossier_incomplete", "pages_processing"],
}


class DossierController(Controller):
    path = "/api/dossiers"
    tags = ["dossiers"]
    guards = [require_citizen]

    @get("/", summary="My dossiers, newest first", opt={ACTING_FOR: True, PROBLEMS: {422: ["invalid_cursor"]}})
    async def list_own(
        self, db: Db, lang: Language, current_user: CurrentUser, after: FromQuery[str | None] = None, limit: Limit = 20
    ) -> DossierPage:
        return await service.list_own(db, current_user, after, limit, lang)

    @put(
        "/{dossier_id:uuid}", summary="Create the draft under the id the phone chose, or save it",
        opt={ACTING_FOR: True, PROBLEMS: {
            404: ["procedure_not_found"], 409: ["dossier_not_editable"], 422: ["commune_not_served", "not_online"],
        }},
    )
    async def save_draft(
        self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[DraftInput]
    ) -> DossierDetail:
        return await service.save_draft(db, current_user, dossier_id, data, lang)

    @get(
        "/{dossier_id:uuid}", summary="A dossier with its documents, fee and timeline",
        opt={ACTING_FOR: True, PROBLEMS: {404: ["dossier_not_found"]}},
    )
    async def get_own(self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> DossierDetail:
        return await service.get_own(db, current_user, dossier_id, lang)

    @delete("/{dossier_id:uuid}", summary="Discard a draft", opt={ACTING_FOR: True, PROBLEMS: {404: ["dossier_not_found"], 409: ["not_a_draft"]}})
    async def discard(self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> None:
        await service.discard_draft(db, current_user, dossier_id)

    @post(
        "/{dossier_id:uuid}/submit", status_code=200, summary="Submit once per Idempotency-Key",
        opt={ACTING_FOR: True, PROBLEMS: SUBMISSION_PROBLEMS},
    )
    async def submit(
        self, request: Request, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser,
        dossier_id: FromPath[UUID], idempotency_key: IdempotencyKey,
    ) -> DossierDetail:
        body = await request.body()
        return await service.submit(db, current_user, dossier_id, Action.SUBMIT, idempotency_key, body, lang, settings)

    @post(
        "/{dossier_id:uuid}/resubmit", status_code=200, summary="Resubmit after a supplement request",
        opt={PROBLEMS: SUBMISSION_PROBLEMS},
    )
    async def resubmit(
        self, request: Request, db: Db, settings: AppSettings, lang: Language, current_user: CurrentUser,
        dossier_id: FromPath[UUID], idempotency_key: IdempotencyKey,
    ) -> DossierDetail:
        body = await request.body()
        return await service.submit(db, current_user, dossier_id, Action.RESUBMIT, idempotency_key, body, lang, settings)

    @post(
        "/{dossier_id:uuid}/withdraw", status_code=200, summary="Withdraw before the result is ready",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["dossier_changed", "transition_not_allowed"]}},
    )
    async def withdraw(
        self, db: Db, lang: Language, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[WithdrawInput]
    ) -> DossierDetail:
        return await service.withdraw(db, current_user, dossier_id, data.reason, lang)

    @get(
        "/{dossier_id:uuid}/result", summary="My signed e-result (PDF) once the dossier is resolved", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "result_not_found", "result_not_ready"]}},
    )
    async def result(self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> Response[bytes]:
        return pdf_response(*await service.result_pdf(db, storage, current_user, dossier_id), inline=False)

    @get(
        "/{dossier_id:uuid}/receipt", summary="My receipt-and-appointment form (PDF)", media_type=PDF,
        opt={PROBLEMS: {404: ["dossier_not_found", "receipt_not_found"]}},
    )
    async def receipt(self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> Response[bytes]:
        return pdf_response(*await service.receipt_pdf(db, storage, current_user, dossier_id))


class DossierPagesController(Controller):
    """The photographed pages of a draft's documents, and wallet documents reused in their place."""

    path = "/api/dossiers/{dossier_id:uuid}"
    tags = ["documents"]
    guards = [require_citizen]

    @put(
        "/documents/{document_code:str}/pages/{page_id:uuid}",
        summary="Upload one page photo (the raw image bytes; JPEG, PNG, WebP, HEIC or AVIF, at most 15 MB)",
        request_max_body_size=UPLOAD_LIMIT,
        status_code=200,
        opt={
            RAW_BODY: ["image/jpeg", "image/png", "image/webp", "image/heic", "image/avif", "application/octet-stream"],
            ACTING_FOR: True,
            PROBLEMS: {
                404: ["document_not_found", "dossier_not_found"], 409: ["dossier_not_editable", "page_id_taken"],
                413: ["image_too_large", "payload_too_large"],
                422: [
                    "image_bad_shape", "image_corrupt", "image_empty", "image_too_many_pixels", "image_too_small",
                    "image_unsupported",
                ],
            },
        },
    )
    async def upload_page(
        self, request: Request, db: Db, redis: Redis, storage: Storage, current_user: CurrentUser,
        dossier_id: FromPath[UUID], document_code: FromPath[str], page_id: FromPath[UUID], position: Position = 0,
    ) -> PageOut:
        row = await service.editable_own(db, current_user, dossier_id)
        service.document_of(row, document_code)
        page = await documents.accept_page(
            db, redis, storage, dossier_id=dossier_id, page_id=page_id, document_code=document_code,
            position=position, data=await request.body(),
        )
        return views.page_out(page)

    @delete(
        "/pages/{page_id:uuid}", summary="Remove a page",
        opt={ACTING_FOR: True, PROBLEMS: {404: ["dossier_not_found", "page_not_found"], 409: ["dossier_not_editable"]}},
    )
    async def remove_page(
        self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID], page_id: FromPath[UUID]
    ) -> None:
        await service.editable_own(db, current_user, dossier_id)
        await documents.remove_page(db, storage, await documents.page_of(db, dossier_id, page_id))

    @put(
        "/documents/{document_code:str}/order", summary="Reorder a document's pages", status_code=204,
        opt={ACTING_FOR: True, PROBLEMS: {404: ["dossier_not_found"], 409: ["dossier_not_editable"], 422: ["page_order_mismatch"]}},
    )
    async def reorder(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str],
        data: JSONBody[PageOrder],
    ) -> None:
        await service.editable_own(db, current_user, dossier_id)
        await documents.reorder_pages(db, dossier_id, document_code, data.page_ids)

    @get(
        "/pages/{page_id:uuid}/{variant:str}", summary="A page's normalised image or thumbnail",
        media_type=imaging.PAGE_MEDIA_TYPE,
        opt={ACTING_FOR: True, PROBLEMS: {404: ["dossier_not_found", "page_not_found"], 409: ["page_not_ready"]}},
    )
    async def page_image(
        self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID],
        page_id: FromPath[UUID], variant: FromPath[str],
    ) -> Response[bytes]:
        await service.load_own(db, current_user, dossier_id)
        page = await documents.page_of(db, dossier_id, page_id)
        content, media_type = await documents.page_bytes(storage, page, variant)
        return Response(content, media_type=media_type, headers={"cache-control": "private, max-age=86400"})

    @put(
        "/documents/{document_code:str}/reuse", summary="Answer a document with one from the wallet",
        opt={PROBLEMS: {
            404: ["document_not_found", "dossier_not_found", "wallet_document_not_found"],
            409: ["dossier_not_editable"], 422: ["wallet_document_mismatch"],
        }},
    )
    async def reuse(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str],
        data: JSONBody[WalletReuse],
    ) -> None:
        row = await service.editable_own(db, current_user, dossier_id)
        await documents.reuse_from_wallet(db, current_user.id, row, service.document_of(row, document_code), data.wallet_document_id)

    @delete(
        "/documents/{document_code:str}/reuse", summary="Stop reusing a wallet document",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["dossier_not_editable"]}},
    )
    async def stop_reuse(self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str]) -> None:
        await service.editable_own(db, current_user, dossier_id)
        await documents.stop_reuse(db, dossier_id, document_code)


class LookupController(Controller):
    """Tra cứu hồ sơ, as every provincial portal offers it: no sign-in. A POST keeps the code out of addresses and
    logs."""

    path = "/api/lookup/dossier"
    tags = ["dossiers"]

    @post(
        "/", status_code=200, summary="A dossier's status by its code and the last 4 digits of the applicant's phone",
        opt={PROBLEMS: {404: ["lookup_not_found"], 429: ["too_many_requests"]}},
    )
    async def lookup(
        self, request: Request, db: Db, redis: Redis, settings: AppSettings, lang: Language, data: JSONBody[LookupInput],
    ) -> DossierStatus:
        return await service.lookup(db, redis, settings, data, Origin.of(request), lang)


dossier_route_handlers = [DossierController, DossierPagesController, LookupController]
