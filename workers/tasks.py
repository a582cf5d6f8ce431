"""Job functions. Each one calls a backend service; rules never live here."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from backend.ops import service as ops_service


async def heartbeat(ctx: dict[str, Any], heartbeat_id: UUID) -> None:
    await ops_service.record_heartbeat(ctx["db"], heartbeat_id, ctx["worker_name"])
