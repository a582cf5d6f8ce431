"""The outbox: what people must be told, written in the same transaction as the change it reports.

The dossiers domain calls `add` from its transition writer; a committed row wakes the workers
(migrations/011), which turn it into messages (`service.fan_out`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import asyncpg

from backend.ids import new_id
from backend.notifications import queries


class Kind(StrEnum):
    STATUS_CHANGED = "dossier.status_changed"  # payload: code, to_state, note; due_date when received
    APOLOGY = "dossier.apology"  # payload: code, reason, new_due_date, note
    REFUNDED = "payment.refunded"  # payload: code, amount
    # To a shipment's recipient (payload `to_phone`), who may not be the citizen: SMS only.
    OUT_FOR_DELIVERY = "shipment.out_for_delivery"  # payload: code, tracking_code, recipient_code
    SHIPMENT_DELIVERED = "shipment.delivered"  # payload: code, tracking_code
    DELIVERY_FAILED = "shipment.failed_attempt"  # payload: code, tracking_code, reason
    SIGN_IN_CODE = "account.sign_in_code"  # never in the outbox: sent at once by the API (service.send_sign_in_code)


async def add(conn: asyncpg.Connection, kind: Kind, dossier: asyncpg.Record, payload: dict[str, Any]) -> None:
    """One message to the dossier's citizen, in the caller's transaction."""
    await queries.insert_outbox(conn, new_id(), kind.value, dossier["id"], dossier["citizen_id"], payload)


async def add_for_recipient(
    conn: asyncpg.Connection, kind: Kind, dossier: asyncpg.Record, phone: str, payload: dict[str, Any]
) -> None:
    """One SMS to a shipment's recipient about the dossier's delivery, in the caller's transaction."""
    await add(conn, kind, dossier, {**payload, "to_phone": phone})
