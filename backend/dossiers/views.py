"""A dossier as people see it: the shared view, the citizen's projection, list items.

The staff projection (backend/processing) extends the same `DossierView` through `view`, so both
show the same documents, fee, form and allowed moves, built once here.
"""

from __future__ import annotations

from typing import Any

import asyncpg
import msgspec

from backend.accounts.guards import Principal
from backend.catalog.fees import FeeQuote
from backend.catalog.postage import PostageQuote
from backend.catalog.schemas import FormField
from backend.documents import service as documents
from backend.dossiers.forms import fee_preview, form_errors
from backend.dossiers.lifecycle import CITIZEN_WORDS, NATIONAL_STATUS, Action, State, allowed_actions
from backend.dossiers.notes import event_note
from backend.dossiers.schemas import (
    Applicant, Delivery, DocumentSlot, DossierDetail, DossierSummary, DossierView, Event, PageOut, SupplementRequest,
)
from backend.i18n import Lang
from backend.notifications import service as notifications
from backend.results import service as results

# States in which the citizen may download the signed e-result (GET /api/dossiers/{id}/result).
RESULT_STATES = {State.RESULT_READY, State.RETURNED, State.DELIVERING, State.DELIVERED}
CITIZEN_PAGES = "/api/dossiers"


def page_out(page: asyncpg.Record, base: str = CITIZEN_PAGES) -> PageOut:
    """A page as the wire shows it; `base` is where the caller fetches page images from."""
    url = f"{base}/{page['dossier_id']}/pages/{page['id']}"
    ready = page["status"] == "ready"
    return PageOut(
        id=page["id"], document_code=page["document_code"], position=page["position"], status=page["status"],
        width=page["width"], height=page["height"], image_bytes=page["image_bytes"], failure=page["failure"],
        image_url=f"{url}/image" if ready else None, thumbnail_url=f"{url}/thumbnail" if ready else None,
    )


async def document_slots(
    conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, pages_base: str = CITIZEN_PAGES
) -> list[DocumentSlot]:
    """Each required document of the procedure with the pages (or wallet document) the dossier has for it."""
    pages = await documents.pages_of(conn, row["id"])
    reuses = await documents.wallet_reuses(conn, row["id"])
    slots = []
    for document in row["procedure_documents"]:
        own = [page_out(p, pages_base) for p in pages if p["document_code"] == document["code"]]
        reused = reuses.get(document["code"])
        slots.append(
            DocumentSlot(
                code=document["code"], name=document["name"], name_en=document.get("name_en"),
                required=document.get("required", True),
                copies=document.get("copies", 1),
                original_needed_at_counter=document.get("original_needed_at_counter", False),
                wallet_type=document.get("reusable_from_wallet"), pages=own, reused_wallet_document_id=reused,
                complete=reused is not None or any(p.status == "ready" for p in own),
            )
        )
    return slots


def timeline_entry(event: asyncpg.Record, lang: Lang) -> dict[str, Any]:
    """The fields of `Event` for one event row (the staff's timeline adds its own)."""
    to_state = State(event["to_state"])
    return {
        "at": event["at"], "action": event["action"], "from_state": event["from_state"], "to_state": event["to_state"],
        "words": CITIZEN_WORDS[to_state][lang], "national_status": NATIONAL_STATUS[to_state],
        "note": event_note(event["action"], event["detail"], event["note"], lang), "actor_role": event["actor_role"],
    }


async def view(
    conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal, lang: Lang,
    pages_base: str = CITIZEN_PAGES,
) -> DossierView:
    state = State(row["state"])
    return DossierView(
        id=row["id"], code=row["code"], procedure_code=row["procedure_code"], procedure_name=row["procedure_name"],
        procedure_name_en=row["procedure_name_en"], agency_code=row["agency_code"], agency_name=row["agency_name"],
        agency_name_en=row["agency_name_en"], state=state.value, state_words=CITIZEN_WORDS[state][lang],
        national_status=NATIONAL_STATUS[state], lock_version=row["lock_version"],
        applicant=msgspec.convert(row["applicant"], Applicant),
        form=row["form"], form_definition=msgspec.convert(row["procedure_form"], list[FormField]),
        form_errors=[error[lang] for error in form_errors(row["procedure_form"], row["form"])],
        delivery=msgspec.convert(row["delivery"], Delivery),
        documents=await document_slots(conn, row, pages_base),
        fee=msgspec.convert(row["fee_quote"], FeeQuote) if row["fee_quote"] else fee_preview(row),
        allowed_actions=[a.value for a in allowed_actions(state, user.role)],
        submitted_at=row["submitted_at"], received_at=row["received_at"], due_date=row["due_date"],
        postage=msgspec.convert(row["postage"], PostageQuote) if row["postage"] else None,
    )


def _supplement(state: State, events: list[asyncpg.Record]) -> SupplementRequest | None:
    """The officer's latest request while the dossier waits for a supplement."""
    if state is not State.SUPPLEMENT_REQUESTED:
        return None
    for event in reversed(events):
        if event["action"] == Action.REQUEST_SUPPLEMENT.value:
            asked = event["detail"] or {}
            missing = [str(m) for m in asked.get("missing") or []]
            message = asked.get("message") or None
            return SupplementRequest(
                requested_at=event["at"], missing=missing, message=message if missing or message else event["note"]
            )
    return None


async def has_result(conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record) -> bool:
    return State(row["state"]) in RESULT_STATES and await results.result_for_dossier(conn, row["id"]) is not None


async def citizen_detail(
    conn: asyncpg.Connection | asyncpg.Pool, row: asyncpg.Record, user: Principal, events: list[asyncpg.Record],
    lang: Lang,
) -> DossierDetail:
    """The citizen's projection; `events` are those the citizen may see, oldest first."""
    state = State(row["state"])
    return DossierDetail(
        **msgspec.structs.asdict(await view(conn, row, user, lang)),
        procedure_version_id=row["procedure_version_id"], procedure_level=row["procedure_level"],
        commune_code=row["commune_code"],
        timeline=[Event(**timeline_entry(e, lang)) for e in events],
        created_at=row["created_at"], supplement=_supplement(state, events),
        has_result=await has_result(conn, row), has_receipt=row["receipt_key"] is not None,
        messages=await notifications.messages_of_dossier(conn, row["id"], lang), channel=row["channel"],
    )


def summary(row: asyncpg.Record, lang: Lang) -> DossierSummary:
    state = State(row["state"])
    return DossierSummary(
        id=row["id"], code=row["code"], procedure_code=row["procedure_code"], procedure_name=row["procedure_name"],
        procedure_name_en=row["procedure_name_en"], agency_code=row["agency_code"], agency_name=row["agency_name"],
        agency_name_en=row["agency_name_en"], state=state.value, state_words=CITIZEN_WORDS[state][lang],
        national_status=NATIONAL_STATUS[state], created_at=row["created_at"],
        submitted_at=row["submitted_at"], due_date=row["due_date"],
    )
