"""The person's wallet: documents and results they already gave, offered for reuse.

A dossier's pages are its sub-resources and live with it (backend/dossiers/routes.py)."""

from __future__ import annotations

from litestar import Controller, get

from backend.accounts.guards import CurrentUser, require_citizen
from backend.deps import Db
from backend.documents import service
from backend.documents.schemas import WalletPage


class WalletController(Controller):
    path = "/api/wallet"
    tags = ["documents"]
    guards = [require_citizen]

    @get("/", summary="Documents I already gave, offered for reuse")
    async def wallet(self, db: Db, current_user: CurrentUser) -> WalletPage:
        return await service.wallet(db, current_user.id)
