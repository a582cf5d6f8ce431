"""Dossiers whose result was handed over, at a commune's desk no other test module files with (the `rating_commune`
fixture is registered by conftest)."""

from __future__ import annotations

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.settings import Settings
from tests.support import (
    CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, SignedIn, act, detail, issue_result, office, paid_at_the_desk,
    sign_in_staff, submitted_dossiers,
)


@pytest.fixture(scope="session")
async def rating_commune(db: asyncpg.Pool, seeded: None, settings: Settings) -> str:
    """A commune of the demo province other than the one every test citizen lives in, so its ratings are ours alone."""
    return await db.fetchval(
        "select admin_unit_code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code offset 3 limit 1",
        settings.demo_province_code,
    )


async def returned_dossiers(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, commune_code: str, count: int,
) -> list[dict]:
    """`count` same-day dossiers filed for `commune_code`, received, resolved on the spot, paid and handed over at
    the demo commune desk (which receives for every commune of the province)."""
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    dossiers = await submitted_dossiers(
        client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, count, commune_code=commune_code,
    )
    returned = []
    for dossier in dossiers:
        d = dossier["id"]
        assert (await act(client, desk, d, "receive", (await office(client, desk, d))["lock_version"])).status_code == 200
        assert (await issue_result(client, desk, d, (await office(client, desk, d))["lock_version"])).status_code == 200
        resolved = await act(client, desk, d, "resolve_on_the_spot", (await office(client, desk, d))["lock_version"])
        assert resolved.status_code == 200, resolved.text
        await paid_at_the_desk(client, citizen, await detail(client, citizen, d))
        handed = await act(
            client, desk, d, "return_result", (await office(client, desk, d))["lock_version"], recipient_name="Nguyễn Thị Lan",
        )
        assert handed.status_code == 200, handed.text
        returned.append(await detail(client, citizen, d))
    assert all(d["state"] == "returned" for d in returned)
    return returned
