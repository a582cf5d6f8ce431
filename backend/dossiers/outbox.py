"""The outbox: what people must be told, written in the same transaction as the change it reports.

Only the dossiers domain writes it (through `transitions`); the notifications domain will own this
module and read the rows to send push and SMS messages.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import asyncpg

from backend.dossiers import queries
from backend.ids import new_id


class Kind(StrEnum):
    STATUS_CHANGED = "dossier.status_changed"  # payload: code, to_state, note
    APOLOGY = "dossier.apology"  # payload: code, reason, new_due_date, note


async def add(conn: asyncpg.Connection, kind: Kind, dossier: asyncpg.Record, payload: dict[str, Any]) -> None:
    """One message to the dossier's citizen, in the caller's transaction."""
    await queries.insert_outbox(conn, new_id(), kind.value, dossier["id"], dossier["citizen_id"], payload)
