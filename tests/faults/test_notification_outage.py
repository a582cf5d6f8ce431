"""A worker SIGKILLed while it hands messages to the SMS gateways, then both gateways down for five minutes
while more changes happen: once they are back, every message reached a gateway exactly once (the simulators
count what they accepted under each request id) and none is lost.

The changes are outbox rows written as the dossiers domain writes them (`notifications.outbox.add`, one
transaction each, so each commit wakes the worker); their dossiers do not matter here, only their citizens.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import time
from collections.abc import Awaitable, Callable

import asyncpg
import httpx

from backend.db import create_pool
from backend.ids import new_id
from backend.notifications import outbox
from tests.faults.stack import Stack
from tests.support import e164, gateway_url, random_phone

_BEFORE_KILL = 40
_DURING_OUTAGE = 20
_OUTAGE_S = 300
# After the gateways are back: the longest retry wait (60 s), then a hand-off.
_RECOVERY_S = 90
# In each of this test's dossier codes: the gateways' inboxes are the whole run's, and another test may have texted one
# of these random phones; only this test's messages count.
_MARK = secrets.token_hex(4).upper()


async def _until(condition: Callable[[], Awaitable[bool]], what: str, deadline: float) -> None:
    while not await condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.5)  # polling for a state other processes reach, not timing a behaviour


async def _changes(conn: asyncpg.Connection, count: int) -> list[str]:
    """`count` citizens, each told of one change of their dossier; their phones."""
    phones = []
    for number in range(count):
        phone = e164(random_phone())
        citizen_id = new_id()
        async with conn.transaction():
            await conn.execute("insert into citizens (id, phone) values ($1, $2)", citizen_id, phone)
            row = {"id": None, "citizen_id": citizen_id}
            await outbox.add(conn, outbox.Kind.STATUS_CHANGED, row, {
                "code": f"000.00.06.H56-{_MARK}-{number:04d}", "to_state": "processing", "note": None,
            })
        phones.append(phone)
    return phones


async def _accepted(phone: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        found = []
        for provider in ("esms", "epacific"):
            answer = await http.get(f"{gateway_url(provider)}/_sandbox/messages", params={"phone": phone})
            found += [{**message, "provider": provider} for message in answer.json() if _MARK in message["text"]]
        return found


async def _gateways(action: str, **params: int) -> None:
    async with httpx.AsyncClient() as http:
        for provider in ("esms", "epacific"):
            answer = await http.post(f"{gateway_url(provider)}/_sandbox/{action}", params=params)
            assert answer.status_code == 200, answer.text


async def test_a_killed_worker_and_five_minutes_without_gateways_lose_nothing_and_send_nothing_twice(
    stack: Stack,
) -> None:
    pool = await create_pool(stack.settings)
    conn = await pool.acquire()
    try:
        first = await _changes(conn, _BEFORE_KILL)

        async def some_sent() -> bool:
            return sum([bool(await _accepted(phone)) for phone in first[:10]]) >= 3

        await _until(some_sent, "the first SMS at the gateways", time.monotonic() + 60)
        os.kill(stack.worker.pid, signal.SIGKILL)
        await stack.worker.wait()
        await _gateways("down", seconds=_OUTAGE_S)
        down_until = time.monotonic() + _OUTAGE_S
        later = await _changes(conn, _DURING_OUTAGE)
        await stack.start_worker()
        phones = first + later

        async def all_handed_off() -> bool:
            waiting = await conn.fetchval(
                "select count(*) from messages where phone = any($1) and status = 'created'", phones
            )
            made = await conn.fetchval("select count(*) from messages where phone = any($1)", phones)
            return made == len(phones) and waiting == 0

        await _until(all_handed_off, "every message handed off", down_until + _RECOVERY_S)
        assert time.monotonic() >= down_until - 1, "nothing can be handed off while both gateways are down"

        rows = await conn.fetch("select id, phone, status, provider from messages where phone = any($1)", phones)
        assert {row["status"] for row in rows} <= {"sending", "delivered"}
        for row in rows:
            accepted = await _accepted(row["phone"])
            assert [(m["provider"], m["request_id"]) for m in accepted] == [(row["provider"], str(row["id"]))], row
    finally:
        await _gateways("up")
        await pool.release(conn)
        await pool.close()
