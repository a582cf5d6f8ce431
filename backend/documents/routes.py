"""Pages of a dossier's documents (one photo per request) and the person's wallet."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, put
from litestar.params import FromPath, JSONBody, QueryParameter

from backend.accounts.guards import CurrentUser, require_citizen
from backend.deps import Db, Redis, Storage
from backend.documents import imaging, service
from backend.documents.schemas import WalletPage
from backend.dossiers import service as dossiers
from backend.dossiers.schemas import PageOrder, PageOut, WalletReuse

Position = Annotated[int, QueryParameter(ge=0, le=200)]
# Room for the largest accepted photo plus a little; the service refuses anything above 15 MB.
UPLOAD_LIMIT = imaging.MAX_UPLOAD_BYTES + 64 * 1024


class DocumentController(Controller):
    path = "/api/dossiers/{dossier_id:uuid}"
    tags = ["documents"]
    guards = [require_citizen]

    @put(
        "/documents/{document_code:str}/pages/{page_id:uuid}",
        summary="Upload one page photo (the raw image bytes; JPEG, PNG, WebP, HEIC or AVIF, at most 15 MB)",
        request_max_body_size=UPLOAD_LIMIT,
        status_code=200,
    )
    async def upload_page(
        self, request: Request, db: Db, redis: Redis, storage: Storage, current_user: CurrentUser,
        dossier_id: FromPath[UUID], document_code: FromPath[str], page_id: FromPath[UUID], position: Position = 0,
    ) -> PageOut:
        row = await dossiers.editable_own(db, current_user, dossier_id)
        dossiers.document_of(row, document_code)
        page = await service.accept_page(
            db, redis, storage, dossier_id=dossier_id, page_id=page_id, document_code=document_code,
            position=position, data=await request.body(),
        )
        return dossiers.page_out(page)

    @delete("/pages/{page_id:uuid}", summary="Remove a page")
    async def remove_page(
        self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID], page_id: FromPath[UUID]
    ) -> None:
        await dossiers.editable_own(db, current_user, dossier_id)
        await service.remove_page(db, storage, await service.page_of(db, dossier_id, page_id))

    @put("/documents/{document_code:str}/order", summary="Reorder a document's pages", status_code=204)
    async def reorder(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str],
        data: JSONBody[PageOrder],
    ) -> None:
        await dossiers.editable_own(db, current_user, dossier_id)
        await service.reorder_pages(db, dossier_id, document_code, data.page_ids)

    @get("/pages/{page_id:uuid}/{variant:str}", summary="A page's normalised image or thumbnail")
    async def page_image(
        self, db: Db, storage: Storage, current_user: CurrentUser, dossier_id: FromPath[UUID],
        page_id: FromPath[UUID], variant: FromPath[str],
    ) -> Response[bytes]:
        await dossiers.load_own(db, current_user, dossier_id)
        page = await service.page_of(db, dossier_id, page_id)
        content, media_type = await service.page_bytes(storage, page, variant)
        return Response(content, media_type=media_type, headers={"cache-control": "private, max-age=86400"})

    @put("/documents/{document_code:str}/reuse", summary="Answer a document with one from the wallet")
    async def reuse(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str],
        data: JSONBody[WalletReuse],
    ) -> None:
        row = await dossiers.editable_own(db, current_user, dossier_id)
        await service.reuse_from_wallet(db, current_user.id, row, dossiers.document_of(row, document_code), data.wallet_document_id)

    @delete("/documents/{document_code:str}/reuse", summary="Stop reusing a wallet document")
    async def stop_reuse(self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], document_code: FromPath[str]) -> None:
        await dossiers.editable_own(db, current_user, dossier_id)
        await service.stop_reuse(db, dossier_id, document_code)


class WalletController(Controller):
    path = "/api/wallet"
    tags = ["documents"]
    guards = [require_citizen]

    @get("/", summary="Documents I already gave, offered for reuse")
    async def wallet(self, db: Db, current_user: CurrentUser) -> WalletPage:
        return await service.wallet(db, current_user.id)
