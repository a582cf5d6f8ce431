"""The outbox: what people must be told, written in the same transaction as the change it reports.

The dossiers domain calls `add` from its transition writer; the feedback domain `add_to_citizen` or, for a sender
without an account, `add_to_phone` (SMS only). A committed row wakes the workers (migrations/011), which turn it
into messages (`service.fan_out`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from uuid import UUID

import asyncpg

from backend.ids import new_id
from backend.notifications import queries


class Kind(StrEnum):
    STATUS_CHANGED = "dossier.status_changed"  # payload: code, to_state, note; due_date when received
    APOLOGY = "dossier.apology"  # payload: code, reason, new_due_date, note
    REFUNDED = "payment.refunded"  # payload: code, amount
    # To a shipment's recipient (`add_to_phone`), who may not be the citizen: SMS only.
    OUT_FOR_DELIVERY = "shipment.out_for_delivery"  # payload: code, tracking_code, recipient_code
    SHIPMENT_DELIVERED = "shipment.delivered"  # payload: code, tracking_code
    DELIVERY_FAILED = "shipment.failed_attempt"  # payload: code, tracking_code, reason
    FEEDBACK_ANSWERED = "feedback.answered"  # payload: code (the feedback's tracking code), note (the answer)
    SIGN_IN_CODE = "account.sign_in_code"  # never in the outbox: sent at once by the API (service.send_sign_in_code)


async def add(conn: asyncpg.Connection, kind: Kind, dossier: asyncpg.Record, payload: dict[str, Any]) -> None:
    """One message to the dossier's citizen, in the caller's transaction."""
    await queries.insert_outbox(conn, new_id(), kind.value, dossier["id"], dossier["citizen_id"], payload)


async def add_to_citizen(conn: asyncpg.Connection, kind: Kind, citizen_id: UUID, payload: dict[str, Any]) -> None:
    """One message to a citizen about something other than a dossier, in the caller's transaction."""
    await queries.insert_outbox(conn, new_id(), kind.value, None, citizen_id, payload)


async def add_to_phone(
    conn: asyncpg.Connection, kind: Kind, phone: str, language: str, payload: dict[str, Any], *, dossier_id: UUID | None = None,
) -> None:
    """One SMS to a phone (E.164) that is not an account's — a feedback sender without one, a shipment's recipient —
    in the caller's transaction. About a dossier, it is still not the citizen's message: their list never shows it."""
    await queries.insert_outbox_to_phone(conn, new_id(), kind.value, dossier_id, phone, language, payload)
