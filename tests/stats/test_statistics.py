"""Statistics per agency: the service and the leader's route, scoped to the leader's agency."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg
from litestar.testing import AsyncTestClient

from backend.clock import VIETNAM
from backend.stats.service import statistics
from tests.support import DEMO, sign_in_staff


async def test_statistics_count_received_resolved_pending_and_overdue(
    client: AsyncTestClient, db: asyncpg.Pool, seeded: None,
) -> None:
    today = datetime.now(VIETNAM).date()
    stats = await statistics(db, today - timedelta(days=30), today + timedelta(days=1))
    assert all(
        s.received >= 0 and s.resolved_early + s.resolved_on_time + s.resolved_late >= 0 and s.pending >= 0
        for s in stats.items
    )
    leader = await sign_in_staff(client, *DEMO["leader"])
    response = await client.get("/api/office/statistics", params={"start": str(today - timedelta(days=30)), "end": str(today + timedelta(days=1))}, headers=leader.headers())
    assert response.status_code == 200, response.text
    assert {i["agency_code"] for i in response.json()["items"]} <= {"000.00.06.H56"}
