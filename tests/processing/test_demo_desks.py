"""The demo's reception desks: a newcomer filing a commune-level procedure in any commune of the demo
province finds an officer who can receive it (the demo commune desk, `tiepnhanxa`), and each desk's
queue says whose desk it is by name."""

from __future__ import annotations

import asyncpg
from litestar.testing import AsyncTestClient

from backend.seed import print_accounts
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, COMMUNE_DESK, DEMO, SignedIn, act, office, sign_in_staff, submitted_dossiers,
)


async def test_a_birth_registration_in_another_commune_is_in_the_commune_desks_queue(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, demo_commune: str,
) -> None:
    other = await db.fetchrow(
        "select a.code, a.name, a.admin_unit_code from agencies a join admin_units u on u.code = a.admin_unit_code "
        "where a.level = 'commune' and u.province_code = $1 order by a.admin_unit_code offset 1 limit 1",
        settings.demo_province_code,
    )
    # The second commune: not the desk's own, nor the last (tests/dossiers counts that one's codes).
    assert other["admin_unit_code"] != demo_commune
    (dossier,) = await submitted_dossiers(
        client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1, commune_code=other["admin_unit_code"]
    )
    assert dossier["agency_code"] == other["code"]

    desk = await sign_in_staff(client, *COMMUNE_DESK)
    queue = (await client.get("/api/office/queue?state=submitted&limit=100", headers=desk.headers())).json()
    desk_name = await db.fetchval("select name from admin_units where code = $1", demo_commune)

    item = next(i for i in queue["items"] if i["code"] == dossier["code"])
    assert item["agency_name"] == other["name"] and item["procedure_name"] == "Đăng ký khai sinh"
    assert queue["agency_name"] == f"Ủy ban nhân dân {desk_name[:1].lower()}{desk_name[1:]}"
    # …and can receive it there, not only see it.
    seen = await office(client, desk, dossier["id"])
    received = await act(client, desk, dossier["id"], "receive", seen["lock_version"])
    assert received.status_code == 200, received.text
    assert received.json()["state"] == "received"

    # The province's service centre desk does not receive commune-level dossiers.
    centre = await sign_in_staff(client, *DEMO["reception_officer"])
    theirs = (await client.get("/api/office/queue?limit=100", headers=centre.headers())).json()
    assert theirs["agency_name"] == "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa"
    assert dossier["code"] not in [i["code"] for i in theirs["items"]]


def test_just_up_prints_where_each_kind_of_dossier_is_received(settings: Settings, capsys) -> None:
    print_accounts(settings)
    printed = capsys.readouterr().out
    assert "commune desk       username tiepnhanxa" in printed
    assert "province-level (e.g. Cấp Phiếu lý lịch tư pháp): received by tiepnhan at the service centre desk" in printed
    assert "commune-level (e.g. Đăng ký khai sinh), in any commune of the province: received by tiepnhanxa" in printed
    assert "processed by chuyenvien and approved by lanhdao" in printed
