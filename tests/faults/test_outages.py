"""Redis away for 10 s, then PostgreSQL restarted, while citizens keep filing: the worker keeps running,
every acknowledged page is normalised exactly once and soon after recovery, every acknowledged submission
exists, and the API answers 503 with Retry-After during the outages, never 500."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable

import asyncpg
import httpx

from backend.ids import new_id
from backend.outages import RETRY_AFTER_S
from tests.support import BIRTH_REGISTRATION, SignedIn, document_photo, sign_in_citizen
from tests.faults.citizens import Record, keep_filing
from tests.faults.stack import Stack

_CITIZENS = 4
_REDIS_DOWN_S = 10
_NORMALISED_WITHIN_S = 30
_PROGRESS_WAIT_S = 90
# arq logs each finished job with its result: "← normalise-page:<page id>[:…]:normalise_page ● 'ready'".
_NORMALISED = re.compile(r"← normalise-page:([0-9a-f-]{36})\S*:normalise_page ● 'ready'")


async def _until(condition: Callable[[], Awaitable[bool]], what: str, deadline: float) -> None:
    while not await condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.2)  # polling for a state, not timing a behaviour


async def _fetch(stack: Stack, sql: str, *args: object) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(stack.settings.database_url)  # a fresh connection: the server restarts
    try:
        return await conn.fetch(sql, *args)
    finally:
        await conn.close()


async def _not_normalised(stack: Stack, page_ids: list[str]) -> list[str]:
    rows = await _fetch(stack, "select id from pages where id = any($1::uuid[]) and status <> 'ready'", page_ids)
    return [str(row["id"]) for row in rows]


async def _all_normalised_within(stack: Stack, record: Record, page_ids: list[str], recovered_at: float) -> None:
    async def normalised() -> bool:
        return not await _not_normalised(stack, page_ids)

    try:
        await _until(normalised, "every acknowledged page normalised", recovered_at + _NORMALISED_WITHIN_S)
    except AssertionError:
        late = await _not_normalised(stack, page_ids)
        # A page whose first upload got a 503 after it was stored needs its job queued by the retried upload.
        refused_first = [page for page in late if page in record.pages_first_refused]
        raise AssertionError(
            f"{len(late)} page(s) not normalised {_NORMALISED_WITHIN_S} s after recovery, {len(refused_first)} of them "
            f"acknowledged only on a retry after a 503: {late}"
        ) from None


async def _citizen(http: httpx.AsyncClient, province: str, commune: str) -> SignedIn:
    who = await sign_in_citizen(http)
    profile = {
        "full_name": "Trần Văn Bình", "cccd": "056188000456", "date_of_birth": "1988-02-03",
        "address": {"province_code": province, "commune_code": commune, "street": "1 Lê Lợi"},
    }
    saved = await http.put("/api/me/profile", json=profile, headers=who.headers())
    assert saved.status_code == 200, saved.text
    return who


def _assert_try_again_shortly(answer: httpx.Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == str(RETRY_AFTER_S)
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["code"] == "service_unavailable"
    assert "thử lại sau vài giây" in answer.json()["detail"]


async def _probe_upload(http: httpx.AsyncClient, who: SignedIn, dossier_id: str) -> httpx.Response:
    path = f"/api/dossiers/{dossier_id}/documents/giay_chung_sinh/pages/{new_id()}"
    return await http.put(path, content=document_photo(480, 640), headers=who.headers(**{"Content-Type": "image/jpeg"}))


def _normalisations(stack: Stack) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in stack.worker_log.read_text().splitlines():
        if line.startswith("{") and (match := _NORMALISED.search(json.loads(line)["message"])):
            counts[match.group(1)] += 1
    return counts


async def _redis_away(stack: Stack, probe: Callable[[], Awaitable[httpx.Response]]) -> float:
    """Redis stopped and held down for 10 s (the fault itself; what follows is polled); when it came back."""
    await asyncio.to_thread(stack.valkey.stop)
    try:
        during = await probe()
        await asyncio.sleep(_REDIS_DOWN_S)
    finally:
        await asyncio.to_thread(stack.valkey.start)
    _assert_try_again_shortly(during)
    return time.monotonic()


async def _postgres_restarted(stack: Stack, probe: Callable[[], Awaitable[httpx.Response]]) -> float:
    await asyncio.to_thread(stack.postgres.stop)
    try:
        during = await probe()
    finally:
        await asyncio.to_thread(stack.postgres.start)
    _assert_try_again_shortly(during)
    return time.monotonic()


async def _until_submitted(record: Record, count: int, what: str) -> None:
    async def submitted() -> bool:
        return len(record.submitted) >= count

    await _until(submitted, what, time.monotonic() + _PROGRESS_WAIT_S)


async def test_filing_outlasts_a_redis_outage_and_a_postgresql_restart(stack: Stack) -> None:
    province = stack.settings.demo_province_code
    commune = (await _fetch(
        stack, "select a.admin_unit_code from agencies a join admin_units u on u.code = a.admin_unit_code "
        "where a.level = 'commune' and u.province_code = $1 order by a.code limit 1", province,
    ))[0][0]
    record, stop = Record(), asyncio.Event()
    async with httpx.AsyncClient(base_url=stack.url, timeout=60) as http:
        citizens = [await _citizen(http, province, commune) for _ in range(_CITIZENS + 1)]
        prober = citizens.pop()
        probe_draft = (await http.put(
            f"/api/dossiers/{new_id()}", json={"procedure_code": BIRTH_REGISTRATION}, headers=prober.headers()
        )).json()
        load = [asyncio.create_task(keep_filing(http, who, record, stop)) for who in citizens]
        try:
            await _until_submitted(record, 1, "a first submission")
            redis_back = await _redis_away(stack, lambda: _probe_upload(http, prober, probe_draft["id"]))
            await _all_normalised_within(stack, record, list(record.pages), redis_back)
            await _until_submitted(record, len(record.submitted) + 1, "a submission after Redis came back")
            postgres_back = await _postgres_restarted(
                stack, lambda: http.get(f"/api/dossiers/{probe_draft['id']}", headers=prober.headers())
            )
        except BaseException:
            for task in load:
                task.cancel()
            await asyncio.gather(*load, return_exceptions=True)
            raise
        stop.set()  # each citizen finishes the dossier under way
        await asyncio.gather(*load)

    await _all_normalised_within(stack, record, record.pages, postgres_back)
    assert stack.worker.returncode is None and stack.api.returncode is None
    assert "Redis is unreachable" in stack.worker_log.read_text()  # the worker met the outage, and lived

    assert not record.unfinished, f"dossiers whose pages never became ready: {record.unfinished}"
    rows = await _fetch(stack, "select id, code, state from dossiers where id = any($1::uuid[])", list(record.submitted))
    assert {str(row["id"]): (row["code"], row["state"]) for row in rows} == {
        dossier_id: (code, "submitted") for dossier_id, code in record.submitted.items()
    }

    assert {answer.status_code for answer in record.answers} <= {200, 503}
    for answer in record.unavailable():
        _assert_try_again_shortly(answer)

    # At most once: a run whose page update committed but whose connection broke afterwards logs no result.
    twice = {page: count for page, count in _normalisations(stack).items() if count > 1}
    assert not twice, f"pages normalised more than once: {twice}"
