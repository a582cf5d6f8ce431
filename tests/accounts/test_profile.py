"""The citizen's profile: CCCD, date of birth and address checked against the catalogue."""

from __future__ import annotations

from datetime import date

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.accounts.identity import birth_year_from_cccd, normalize_phone
from backend.errors import Problem
from tests.support import sign_in_citizen


@pytest.fixture(autouse=True)
def _catalogue(seeded: None) -> None:
    """Addresses refer to the catalogue's administrative units."""


async def _commune(conn: asyncpg.Connection, province: str) -> str:
    return await conn.fetchval(
        "select code from admin_units where province_code = $1 order by code limit 1", province
    )


async def test_profile_round_trip(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    session = await sign_in_citizen(client)
    commune = await _commune(conn, "56")
    update = {
        "full_name": "  Nguyễn   Thị Hoa ",
        "cccd": "056190001234",
        "date_of_birth": "1990-05-17",
        "address": {"province_code": "56", "commune_code": commune, "street": "12 Trần Phú"},
        "language": "en",
    }

    saved = await client.put("/api/me/profile", json=update, headers=session.headers())

    assert saved.status_code == 200, saved.text
    body = (await client.get("/api/me/profile", headers=session.headers())).json()
    assert body == saved.json()
    assert body["full_name"] == "Nguyễn Thị Hoa"
    assert body["address"]["province_name"] and body["address"]["commune_name"]
    assert body["language"] == "en"


@pytest.mark.parametrize(
    ("update", "code"),
    [
        ({"cccd": "999190001234"}, "invalid_cccd"),  # 999 is no province
        ({"cccd": "056190001234", "date_of_birth": "1991-01-01"}, "cccd_birth_year_mismatch"),
        ({"cccd": "05619000123"}, "validation_error"),  # 11 digits
        ({"date_of_birth": "2999-01-01"}, "invalid_date_of_birth"),
        ({"address": {"province_code": "99"}}, "invalid_province"),
        ({"address": {"province_code": "01", "commune_code": "COMMUNE_OF_56"}}, "invalid_commune"),
    ],
)
async def test_bad_profile_input_is_refused_in_vietnamese(
    client: AsyncTestClient, conn: asyncpg.Connection, update: dict, code: str
) -> None:
    session = await sign_in_citizen(client)
    if update.get("address", {}).get("commune_code") == "COMMUNE_OF_56":
        update = {"address": {"province_code": "01", "commune_code": await _commune(conn, "56")}}

    response = await client.put("/api/me/profile", json=update, headers=session.headers())

    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert response.headers["content-type"].startswith("application/problem+json")


def test_cccd_birth_year_digits() -> None:
    assert birth_year_from_cccd("056190001234") == 1990
    assert birth_year_from_cccd("001305001234") == 2005  # 3: a woman born in the 2000s
    assert date(1990, 1, 1).year == birth_year_from_cccd("079090001234")


@pytest.mark.parametrize("typed", ["0912 345 678", "+84 912 345 678", "84912345678", "091.234.5678"])
def test_phone_spellings_normalise_to_e164(typed: str) -> None:
    assert normalize_phone(typed) == "+84912345678"


def test_letters_in_a_phone_are_refused() -> None:
    with pytest.raises(Problem):
        normalize_phone("0912345678x")
