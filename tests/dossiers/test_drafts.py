"""A draft exists on the server whatever it lacks: a commune-level draft before its commune is chosen
is kept, listed and takes photos; the commune is chosen (or changed) on any save while it is a draft
and is needed at submission; the name typed while filing fills an empty profile."""

from __future__ import annotations

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, SignedIn, clear_rate_limits, detail, document_photo, new_draft, ready_to_submit,
    run_worker_until_idle, sign_in_citizen, submit, upload,
)

NAME = {"full_name": "Trần Văn Bình"}


@pytest.fixture
async def newcomer(client: AsyncTestClient, seeded: None, settings: Settings) -> SignedIn:
    """A citizen who just signed in: no name, no address in the profile."""
    await clear_rate_limits(settings)
    return await sign_in_citizen(client)


@pytest.fixture
async def communes(db: asyncpg.Pool, seeded: None, settings: Settings) -> dict[str, str]:
    """Two communes of the demo province, each with its People's Committee: commune code → agency code."""
    rows = await db.fetch(
        "select admin_unit_code, code from agencies where level = 'commune' and admin_unit_code in "
        "(select code from admin_units where province_code = $1) order by code limit 2",
        settings.demo_province_code,
    )
    return {r["admin_unit_code"]: r["code"] for r in rows}


async def test_a_commune_level_draft_without_a_commune_is_kept_listed_and_takes_photos(
    client: AsyncTestClient, newcomer: SignedIn, settings: Settings
) -> None:
    draft = await new_draft(client, newcomer, BIRTH_REGISTRATION)
    assert (draft["procedure_level"], draft["commune_code"], draft["agency_code"], draft["agency_name"]) == (
        "commune", None, None, None,
    )
    listed = (await client.get("/api/dossiers", headers=newcomer.headers())).json()["items"]
    assert [(d["id"], d["state"], d["agency_code"], d["agency_name"]) for d in listed] == [(draft["id"], "draft", None, None)]

    page = await upload(client, newcomer, draft["id"], "giay_chung_sinh", document_photo(400, 600))
    assert page.status_code == 200 and page.json()["status"] == "processing"
    await run_worker_until_idle(settings)

    refused = await submit(client, newcomer, draft["id"], str(new_id()))
    body = refused.json()
    assert refused.status_code == 422 and body["code"] == "dossier_incomplete"
    assert body["errors"][:2] == [
        {"field": "commune_code", "message": "chưa có xã/phường nơi nộp hồ sơ"},
        {"field": "applicant.full_name", "message": "chưa có họ tên người nộp"},
    ]
    assert body["detail"].startswith("Hồ sơ còn thiếu: chưa có xã/phường nơi nộp hồ sơ; chưa có họ tên người nộp;")
    assert (await detail(client, newcomer, draft["id"]))["state"] == "draft"


async def test_the_commune_is_chosen_and_changed_while_a_draft_and_decides_where_it_is_filed(
    client: AsyncTestClient, newcomer: SignedIn, settings: Settings, db: asyncpg.Pool, communes: dict[str, str]
) -> None:
    (first, first_agency), (second, second_agency) = communes.items()
    dossier = await ready_to_submit(client, settings, newcomer, BIRTH_REGISTRATION, BIRTH_FORM, applicant=NAME)
    assert dossier["agency_code"] is None
    url = f"/api/dossiers/{dossier['id']}"

    chosen = (await client.put(url, json={"procedure_code": BIRTH_REGISTRATION, "commune_code": first}, headers=newcomer.headers())).json()
    assert (chosen["commune_code"], chosen["agency_code"]) == (first, first_agency)
    assert chosen["agency_name"].startswith("Ủy ban nhân dân")
    changed = (await client.put(url, json={"procedure_code": BIRTH_REGISTRATION, "commune_code": second, "form": BIRTH_FORM}, headers=newcomer.headers())).json()
    assert (changed["commune_code"], changed["agency_code"]) == (second, second_agency)
    kept = (await client.put(url, json={"procedure_code": BIRTH_REGISTRATION, "form": BIRTH_FORM}, headers=newcomer.headers())).json()
    assert kept["agency_code"] == second_agency  # a save without a commune keeps the one chosen

    elsewhere = await db.fetchval(
        "select code from admin_units where level = 'commune' and province_code <> $1 order by code limit 1",
        settings.demo_province_code,
    )
    refused = await client.put(url, json={"procedure_code": BIRTH_REGISTRATION, "commune_code": elsewhere}, headers=newcomer.headers())
    assert refused.status_code == 422 and refused.json()["code"] == "commune_not_served"
    assert refused.json()["errors"] == [{"field": "commune_code", "message": "hãy chọn một xã/phường trong danh sách"}]
    assert (await detail(client, newcomer, dossier["id"]))["agency_code"] == second_agency

    submitted = await submit(client, newcomer, dossier["id"], str(new_id()))
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["code"].startswith(f"{second_agency}-")
    after = await client.put(url, json={"procedure_code": BIRTH_REGISTRATION, "commune_code": first}, headers=newcomer.headers())
    assert after.status_code == 409 and after.json()["code"] == "dossier_not_editable"


async def test_a_draft_takes_the_commune_of_the_profile_when_it_names_one(
    client: AsyncTestClient, citizen: SignedIn, demo_commune: str, db: asyncpg.Pool
) -> None:
    draft = await new_draft(client, citizen, BIRTH_REGISTRATION)
    assert (draft["commune_code"], draft["agency_code"]) == (demo_commune, await db.fetchval(
        "select code from agencies where admin_unit_code = $1 and level = 'commune'", demo_commune
    ))


async def test_only_a_draft_may_lack_an_agency(client: AsyncTestClient, newcomer: SignedIn, db: asyncpg.Pool) -> None:
    draft = await new_draft(client, newcomer, BIRTH_REGISTRATION)
    with pytest.raises(asyncpg.CheckViolationError):
        await db.execute("update dossiers set state = 'submitted', code = 'X-260101-0001' where id = $1", draft["id"])


async def test_the_name_typed_while_filing_fills_an_empty_profile_and_only_an_empty_one(
    client: AsyncTestClient, newcomer: SignedIn, citizen: SignedIn, settings: Settings, communes: dict[str, str]
) -> None:
    commune = next(iter(communes))
    for who in (newcomer, citizen):
        dossier = await ready_to_submit(
            client, settings, who, BIRTH_REGISTRATION, BIRTH_FORM, applicant=NAME, commune_code=commune
        )
        response = await submit(client, who, dossier["id"], str(new_id()))
        assert response.status_code == 200, response.text

    async def name_of(who: SignedIn) -> str:
        return (await client.get("/api/me/profile", headers=who.headers())).json()["full_name"]

    assert await name_of(newcomer) == "Trần Văn Bình"
    assert await name_of(citizen) == "Nguyễn Thị Lan"
