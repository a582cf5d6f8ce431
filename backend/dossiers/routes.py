"""Dossier HTTP: a citizen's drafts, submission, withdrawal and their own list."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from backend.accounts.guards import CurrentUser, require_citizen
from backend.contract import PROBLEMS
from backend.deps import Db
from backend.dossiers import service
from backend.dossiers.lifecycle import Action
from backend.dossiers.schemas import DossierDetail, DossierPage, DraftInput, WithdrawInput
from backend.idempotency import IdempotencyKey

Limit = Annotated[int, QueryParameter(ge=1, le=100)]
SUBMISSION_PROBLEMS = {
    404: ["dossier_not_found"], 409: ["dossier_changed", "transition_not_allowed"],
    422: ["dossier_incomplete", "pages_processing"],
}


class DossierController(Controller):
    path = "/api/dossiers"
    tags = ["dossiers"]
    guards = [require_citizen]

    @get("/", summary="My dossiers, newest first", opt={PROBLEMS: {422: ["invalid_cursor"]}})
    async def list_own(
        self, db: Db, current_user: CurrentUser, after: FromQuery[str | None] = None, limit: Limit = 20
    ) -> DossierPage:
        return await service.list_own(db, current_user, after, limit)

    @put(
        "/{dossier_id:uuid}", summary="Create the draft under the id the phone chose, or save it",
        opt={PROBLEMS: {
            404: ["procedure_not_found"], 409: ["dossier_not_editable"],
            422: ["commune_required", "not_online", "procedure_required"],
        }},
    )
    async def save_draft(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[DraftInput]
    ) -> DossierDetail:
        return await service.save_draft(db, current_user, dossier_id, data)

    @get(
        "/{dossier_id:uuid}", summary="A dossier with its documents, fee and timeline",
        opt={PROBLEMS: {404: ["dossier_not_found"]}},
    )
    async def get_own(self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> DossierDetail:
        return await service.get_own(db, current_user, dossier_id)

    @delete("/{dossier_id:uuid}", summary="Discard a draft", opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["not_a_draft"]}})
    async def discard(self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID]) -> None:
        await service.discard_draft(db, current_user, dossier_id)

    @post(
        "/{dossier_id:uuid}/submit", status_code=200, summary="Submit once per Idempotency-Key",
        opt={PROBLEMS: SUBMISSION_PROBLEMS},
    )
    async def submit(
        self, request: Request, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID],
        idempotency_key: IdempotencyKey,
    ) -> DossierDetail:
        return await service.submit(db, current_user, dossier_id, Action.SUBMIT, idempotency_key, await request.body())

    @post(
        "/{dossier_id:uuid}/resubmit", status_code=200, summary="Resubmit after a supplement request",
        opt={PROBLEMS: SUBMISSION_PROBLEMS},
    )
    async def resubmit(
        self, request: Request, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID],
        idempotency_key: IdempotencyKey,
    ) -> DossierDetail:
        return await service.submit(db, current_user, dossier_id, Action.RESUBMIT, idempotency_key, await request.body())

    @post(
        "/{dossier_id:uuid}/withdraw", status_code=200, summary="Withdraw before the result is ready",
        opt={PROBLEMS: {404: ["dossier_not_found"], 409: ["dossier_changed", "transition_not_allowed"]}},
    )
    async def withdraw(
        self, db: Db, current_user: CurrentUser, dossier_id: FromPath[UUID], data: JSONBody[WithdrawInput]
    ) -> DossierDetail:
        return await service.withdraw(db, current_user, dossier_id, data.reason)
