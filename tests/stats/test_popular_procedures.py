"""The home screen's most filed procedures: dossiers submitted over the last 90 days per procedure, most
first, then the catalogue's order (field, then name); public and cacheable."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
from litestar.testing import AsyncTestClient

from backend.settings import Settings
from backend.stats.service import popular_procedures
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, CERTIFIED_COPY, CERTIFIED_COPY_FORM, SignedIn, submitted_dossiers,
)

# The catalogue's order: the first field (Hộ tịch) by name, as search lists it without a query.
CATALOGUE_ORDER = [
    ("2.000635", "Cấp bản sao trích lục hộ tịch"),
    ("HN.XN", "Cấp giấy xác nhận tình trạng hôn nhân"),
    ("1.000894", "Đăng ký kết hôn"),
    ("1.001193", "Đăng ký khai sinh"),
    ("1.000656", "Đăng ký khai tử"),
    ("1.004884", "Đăng ký lại khai sinh"),
]


async def test_with_no_dossiers_in_the_window_the_catalogue_order_is_offered(db: asyncpg.Pool, seeded: None) -> None:
    popular = await popular_procedures(db, 6, now=datetime(2000, 1, 1, tzinfo=UTC))
    assert popular.days == 90
    assert [(p.code, p.name, p.submitted) for p in popular.items] == [(c, n, 0) for c, n in CATALOGUE_ORDER]


async def test_most_filed_procedures_come_first_publicly_and_cacheably(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn,
) -> None:
    await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 2)
    await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)
    counts = dict(
        await db.fetch(
            "select procedure_code, count(*) from dossiers where submitted_at > now() - interval '90 days' "
            "group by procedure_code"
        )
    )

    response = await client.get("/api/stats/popular-procedures", params={"limit": 20})  # no session

    assert response.status_code == 200, response.text
    assert set(response.headers["cache-control"].split(", ")) == {"public", "max-age=300", "stale-while-revalidate=86400"}
    body = response.json()
    assert body["days"] == 90 and len(body["items"]) == 20
    filed = [i for i in body["items"] if i["submitted"]]
    assert len(filed) == min(20, len(counts)) and {CERTIFIED_COPY, BIRTH_REGISTRATION} <= {i["code"] for i in filed}
    assert all(i["submitted"] == counts[i["code"]] for i in filed)
    assert [i["submitted"] for i in filed] == sorted(counts.values(), reverse=True)[: len(filed)]
    # The rest follow in the catalogue's order, so the list always has something to offer.
    catalogue = await popular_procedures(db, 100, now=datetime(2000, 1, 1, tzinfo=UTC))
    rest = [i["code"] for i in body["items"] if not i["submitted"]]
    assert rest == [p.code for p in catalogue.items if p.code not in counts][: len(rest)]
    assert (await client.get("/api/stats/popular-procedures", params={"limit": 21})).status_code == 422
