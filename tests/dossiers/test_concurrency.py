"""Under concurrency, over real HTTP: one key files once; one agency's codes stay unique and gap-free."""

from __future__ import annotations

import asyncio

import asyncpg
import httpx
from litestar.testing import AsyncTestClient

from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, SignedIn, new_draft, photograph_required_documents, ready_to_submit,
    run_worker_until_idle, submit,
)

TEMPORARY_ABSENCE = "1.003677"  # Khai báo tạm vắng: one required paper, no form fields


def _http(live_url: str, connections: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=live_url, timeout=60, limits=httpx.Limits(max_connections=connections))


async def test_fifty_concurrent_submits_with_one_key_file_one_dossier(
    live_url: str, client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    dossier = await ready_to_submit(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM)
    key = str(new_id())
    async with _http(live_url, 50) as http:
        responses = await asyncio.gather(*(submit(http, citizen, dossier["id"], key) for _ in range(50)))

    assert [r.status_code for r in responses] == [200] * 50
    assert len({r.text for r in responses}) == 1
    code = responses[0].json()["code"]
    submits = await db.fetchval(
        "select count(*) from dossier_events where dossier_id = $1 and action = 'submit'", dossier["id"]
    )
    assert submits == 1
    last_number = await db.fetchval(
        "select last_value from dossier_code_counters where agency_code = $1 and day = to_date($2, 'YYMMDD')",
        dossier["agency_code"], code.rsplit("-", 2)[1],
    )
    assert int(code.rsplit("-", 1)[1]) == last_number  # no number was spent by the 49 retries


async def test_two_hundred_concurrent_submits_in_one_agency_get_unique_gap_free_codes(
    live_url: str, client: AsyncTestClient, citizen: SignedIn, settings: Settings, db: asyncpg.Pool
) -> None:
    # A commune no other test files in, so this agency's numbers today are all ours.
    commune = await db.fetchval(
        "select admin_unit_code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code desc limit 1",
        settings.demo_province_code,
    )
    drafts = [await new_draft(client, citizen, TEMPORARY_ABSENCE, commune_code=commune) for _ in range(200)]
    for dossier in drafts:
        await photograph_required_documents(client, citizen, dossier, small=True)
    await run_worker_until_idle(settings)

    async with _http(live_url, 100) as http:
        responses = await asyncio.gather(*(submit(http, citizen, d["id"], str(new_id())) for d in drafts))

    assert [r.status_code for r in responses] == [200] * 200, {r.text for r in responses if r.status_code != 200}
    codes = [r.json()["code"] for r in responses]
    agency = drafts[0]["agency_code"]
    assert all(code.startswith(f"{agency}-") for code in codes)
    assert len({code.rsplit("-", 2)[1] for code in codes}) == 1  # one day
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == list(range(1, 201))
