"""Staff accounts managed by the admin (issue 17): list and search, create with a one-time set-password link, change
role / desk / team / phone, disable (sessions end at once) and enable, reset the password; every change audited."""

from __future__ import annotations

import secrets

import asyncpg
from litestar.testing import AsyncTestClient

from backend.accounts import sessions
from backend.ids import new_id
from tests.support import (
    DEMO, SignedIn, authenticator_code, enrol, password_step, sign_in_staff,
)

CENTRE = "000.00.02.H56"  # the demo province's public-service centre: the provincial one-stop desk
JUSTICE = "000.00.06.H56"  # its Department of Justice
PASSWORD = "mat-khau-rieng-2026"


def _username() -> str:
    return f"cb{secrets.token_hex(4)}"


async def _create(client: AsyncTestClient, admin: SignedIn, **fields) -> dict:
    body = {"full_name": "Nguyễn Văn Thử", "username": _username(), "role": "reception_officer", "agency_code": CENTRE}
    body.update(fields)
    response = await client.post("/api/admin/staff", json=body, headers=admin.headers())
    assert response.status_code == 201, response.text
    return response.json()


async def _set_password(client: AsyncTestClient, token: str, password: str = PASSWORD):
    return await client.post("/api/auth/staff/password", json={"token": token, "password": password})


async def _audit(db: asyncpg.Pool, staff_id: str) -> list[asyncpg.Record]:
    return await db.fetch(
        "select action, actor_label, detail from audit_log where object_type = 'staff' and object_id = $1 order by id",
        staff_id,
    )


async def test_create_gives_a_one_time_link_and_the_person_chooses_their_password(
    client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn
) -> None:
    username = _username()
    created = await _create(client, admin, username=username.upper(), phone="0912 345 678", full_name=" Lê  Thị Hà ")

    staff, link = created["staff"], created["password_link"]
    assert staff["username"] == username and staff["full_name"] == "Lê Thị Hà" and staff["phone"] == "+84912345678"
    assert staff["agency_name"] == "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa"
    assert staff["password_set"] is False and staff["second_factor_enrolled"] is False and staff["active"] is True
    assert link["path"] == f"#/can-bo/dat-mat-khau/{link['token']}"
    hours = await db.fetchval("select extract(epoch from $1::text::timestamptz - now()) / 3600", link["expires_at"])
    assert 71.9 < hours <= 72
    # Only the token's hash is kept.
    stored = await db.fetchval("select token_hash from staff_password_links where staff_id = $1::uuid", staff["id"])
    assert stored == sessions.token_hash(link["token"]) and link["token"].encode() not in stored
    # No password works before the person chooses one.
    refused = await client.post("/api/auth/staff/session", json={"username": username, "password": ""} | {"password": "x"})
    assert refused.status_code == 401 and refused.json()["code"] == "invalid_credentials"

    owner = await client.post("/api/auth/staff/password-link", json={"token": link["token"]})
    assert owner.status_code == 200 and owner.json()["username"] == username and owner.json()["full_name"] == "Lê Thị Hà"
    short = await _set_password(client, link["token"], "ngan")
    assert short.status_code == 422
    weak = await _set_password(client, link["token"], f"{username}-2026!")
    assert weak.status_code == 422 and weak.json()["code"] == "password_too_weak"
    assert weak.json()["errors"][0]["field"] == "password"
    assert (await _set_password(client, link["token"])).status_code == 204

    # Used once, the link is dead; the person signs in as usual and enrols their authenticator.
    again = await _set_password(client, link["token"], "mot-mat-khau-khac")
    assert again.status_code == 400 and again.json()["code"] == "password_link_used"
    assert "quản trị viên" in again.json()["detail"]
    pending, step = await password_step(client, username, PASSWORD)
    assert step == "enrolment"
    await enrol(client, pending, username)
    confirmed = await client.post(
        "/api/auth/staff/totp/confirm", json={"code": authenticator_code(username)}, headers=pending.headers()
    )
    assert confirmed.status_code == 200 and confirmed.json()["role"] == "reception_officer"

    actions = [(r["action"], r["actor_label"]) for r in await _audit(db, staff["id"])]
    assert actions[:2] == [("staff.created", DEMO["admin"][0]), ("staff.password_set", username)]
    created_row = (await _audit(db, staff["id"]))[0]
    assert created_row["detail"]["after"]["agency_code"] == CENTRE


async def test_the_table_s_rules_and_clear_problems(client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn) -> None:
    taken = await client.post(
        "/api/admin/staff", json={"full_name": "Ai Đó", "username": DEMO["reception_officer"][0].upper(),
                                  "role": "specialist", "agency_code": JUSTICE}, headers=admin.headers(),
    )
    assert taken.status_code == 409 and taken.json()["code"] == "username_taken"
    assert "tiepnhan" in taken.json()["detail"]

    cases = [
        ({"role": "courier", "agency_code": CENTRE}, "unit_mismatch", "team_code"),
        ({"role": "specialist", "agency_code": None, "team_code": "BCCI-H56"}, "unit_mismatch", "agency_code"),
        ({"role": "specialist", "agency_code": CENTRE, "team_code": "BCCI-H56"}, "unit_mismatch", "agency_code"),
        ({"role": "leader", "agency_code": "999.99.99.H99"}, "unknown_agency", "agency_code"),
        ({"role": "volunteer", "agency_code": None, "team_code": "KHONG-CO"}, "unknown_team", "team_code"),
        ({"phone": "0123"}, "invalid_phone", "phone"),
    ]
    for fields, code, field in cases:
        body = {"full_name": "Ai Đó", "username": _username(), "role": "reception_officer", "agency_code": CENTRE}
        response = await client.post("/api/admin/staff", json=body | fields, headers=admin.headers())
        assert response.status_code == 422, (fields, response.text)
        assert response.json()["code"] == code and response.json()["errors"][0]["field"] == field, fields
    bad_role = await client.post(
        "/api/admin/staff", json={"full_name": "Ai Đó", "username": _username(), "role": "citizen", "agency_code": CENTRE},
        headers=admin.headers(),
    )
    assert bad_role.status_code == 422

    courier = await _create(client, admin, role="courier", agency_code=None, team_code="BCCI-H56")
    assert courier["staff"]["team_name"] == "Bưu điện Khánh Hòa" and courier["staff"]["agency_code"] is None
    teams = (await client.get("/api/admin/staff/teams", headers=admin.headers())).json()
    assert {"code": "BCCI-H56", "name": "Bưu điện Khánh Hòa", "kind": "postal_unit"} in teams

    # Not an admin: refused.
    officer = await sign_in_staff(client, *DEMO["reception_officer"])
    refused = await client.get("/api/admin/staff", headers=officer.headers())
    assert refused.status_code == 403 and refused.json()["code"] == "wrong_role"


async def test_list_searches_without_diacritics_filters_by_role_and_pages(
    client: AsyncTestClient, admin: SignedIn
) -> None:
    tag = secrets.token_hex(3)
    names = [f"Đặng Thị Ánh {tag} {i}" for i in range(3)]
    for name in names:
        await _create(client, admin, full_name=name)
    await _create(client, admin, full_name=f"Đặng Văn Bưu {tag}", role="courier", agency_code=None, team_code="BCCI-H56")

    found = await client.get("/api/admin/staff", params={"q": f"dang thi anh {tag}", "limit": 2}, headers=admin.headers())
    assert found.status_code == 200, found.text
    page = found.json()
    assert [s["full_name"] for s in page["items"]] == names[:2] and page["next"]
    rest = (await client.get(
        "/api/admin/staff", params={"q": f"DANG THI ANH {tag}", "limit": 2, "after": page["next"]}, headers=admin.headers()
    )).json()
    assert [s["full_name"] for s in rest["items"]] == names[2:] and rest["next"] is None

    couriers = (await client.get("/api/admin/staff", params={"q": tag, "role": "courier"}, headers=admin.headers())).json()
    assert [s["full_name"] for s in couriers["items"]] == [f"Đặng Văn Bưu {tag}"]
    by_username = (await client.get("/api/admin/staff", params={"q": "QUANTRI"}, headers=admin.headers())).json()
    assert [s["username"] for s in by_username["items"]] == ["quantri"]
    broken = await client.get("/api/admin/staff", params={"after": "khong-phai"}, headers=admin.headers())
    assert broken.status_code == 422 and broken.json()["code"] == "invalid_cursor"


async def test_change_role_desk_and_phone_is_audited_with_before_and_after(
    client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn
) -> None:
    staff = (await _create(client, admin))["staff"]
    changed = await client.put(
        f"/api/admin/staff/{staff['id']}",
        json={"full_name": staff["full_name"], "role": "reception_officer", "agency_code": JUSTICE, "phone": "0987654321"},
        headers=admin.headers(),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["agency_code"] == JUSTICE and changed.json()["phone"] == "+84987654321"
    to_team = await client.put(
        f"/api/admin/staff/{staff['id']}", json={"full_name": staff["full_name"], "role": "courier", "agency_code": JUSTICE},
        headers=admin.headers(),
    )
    assert to_team.status_code == 422 and to_team.json()["code"] == "unit_mismatch"
    unknown = await client.put(
        f"/api/admin/staff/{new_id()}", json={"full_name": "X", "role": "leader", "agency_code": JUSTICE}, headers=admin.headers()
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    [row] = [r for r in await _audit(db, staff["id"]) if r["action"] == "staff.updated"]
    assert row["detail"]["before"]["agency_code"] == CENTRE and row["detail"]["after"]["agency_code"] == JUSTICE
    assert row["detail"]["before"]["phone"] is None and row["detail"]["after"]["phone"] == "+84987654321"

    me = (await client.get("/api/me", headers=admin.headers())).json()
    demote = await client.put(
        f"/api/admin/staff/{me['id']}", json={"full_name": "Đỗ Văn Hùng", "role": "leader", "agency_code": me["agency_code"]},
        headers=admin.headers(),
    )
    assert demote.status_code == 409 and demote.json()["code"] == "cannot_change_own_role"


async def test_disable_ends_the_open_session_at_once_then_enable(
    client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn
) -> None:
    created = await _create(client, admin)
    staff, username = created["staff"], created["staff"]["username"]
    assert (await _set_password(client, created["password_link"]["token"])).status_code == 204
    officer = await sign_in_staff(client, username, PASSWORD, fresh=True)
    assert (await client.get("/api/office/queue", headers=officer.headers())).status_code == 200

    disabled = await client.post(f"/api/admin/staff/{staff['id']}/disable", headers=admin.headers())
    assert disabled.status_code == 200 and disabled.json()["active"] is False

    refused = await client.get("/api/office/queue", headers=officer.headers())
    assert refused.status_code == 401 and refused.json()["code"] == "unauthenticated"
    revoked = await db.fetchval(
        "select bool_and(revoked_at is not null) from sessions where staff_id = $1::uuid", staff["id"]
    )
    assert revoked is True
    no_sign_in = await client.post("/api/auth/staff/session", json={"username": username, "password": PASSWORD})
    assert no_sign_in.status_code == 401
    me = (await client.get("/api/me", headers=admin.headers())).json()
    yourself = await client.post(f"/api/admin/staff/{me['id']}/disable", headers=admin.headers())
    assert yourself.status_code == 409 and yourself.json()["code"] == "cannot_disable_yourself"
    reset_disabled = await client.post(f"/api/admin/staff/{staff['id']}/password/reset", headers=admin.headers())
    assert reset_disabled.status_code == 409 and reset_disabled.json()["code"] == "staff_disabled"

    enabled = await client.post(f"/api/admin/staff/{staff['id']}/enable", headers=admin.headers())
    assert enabled.status_code == 200 and enabled.json()["active"] is True
    assert (await sign_in_staff(client, username, PASSWORD, fresh=True)).token
    actions = [r["action"] for r in await _audit(db, staff["id"])]
    assert "staff.disabled" in actions and actions.index("staff.disabled") < actions.index("staff.enabled")


async def test_reset_password_the_old_one_and_older_links_die(
    client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn
) -> None:
    created = await _create(client, admin)
    staff, username = created["staff"], created["staff"]["username"]
    first_link = created["password_link"]["token"]
    assert (await _set_password(client, first_link)).status_code == 204
    officer = await sign_in_staff(client, username, PASSWORD, fresh=True)

    reset = await client.post(f"/api/admin/staff/{staff['id']}/password/reset", headers=admin.headers())
    assert reset.status_code == 201, reset.text
    second_link = reset.json()["token"]
    # The old password and the open session end; the first link stays dead.
    assert (await client.get("/api/me", headers=officer.headers())).status_code == 401
    old = await client.post("/api/auth/staff/session", json={"username": username, "password": PASSWORD})
    assert old.status_code == 401
    assert (await _set_password(client, first_link)).json()["code"] == "password_link_used"

    # A newer link replaces the previous one.
    third = await client.post(f"/api/admin/staff/{staff['id']}/password/reset", headers=admin.headers())
    replaced = await _set_password(client, second_link)
    assert replaced.status_code == 400 and replaced.json()["code"] == "password_link_used"
    # An expired link is refused by name.
    await db.execute(
        "update staff_password_links set expires_at = now() - interval '1 second' where token_hash = $1",
        sessions.token_hash(third.json()["token"]),
    )
    expired = await _set_password(client, third.json()["token"])
    assert expired.status_code == 400 and expired.json()["code"] == "password_link_expired"
    assert "72 giờ" in expired.json()["detail"]
    unknown = await client.post("/api/auth/staff/password-link", json={"token": secrets.token_urlsafe(32)})
    assert unknown.status_code == 400 and unknown.json()["code"] == "password_link_invalid"
    fourth = (await client.post(f"/api/admin/staff/{staff['id']}/password/reset", headers=admin.headers())).json()
    assert (await _set_password(client, fourth["token"], "mat-khau-moi-hon-2026")).status_code == 204
    assert (await sign_in_staff(client, username, "mat-khau-moi-hon-2026", fresh=True)).token

    actions = [r["action"] for r in await _audit(db, staff["id"])]
    assert actions.count("staff.password_reset") == 3 and actions.count("staff.password_set") == 2

