"""Staff sign-in and lockout; sessions: expiry, sign-out, CSRF; the append-only audit log and its query."""

from __future__ import annotations

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend.accounts.sessions import token_hash
from tests.support import DEMO, authenticator_code, password_step, sign_in_citizen, sign_in_staff

RECEPTION = DEMO["reception_officer"]
ADMIN = DEMO["admin"]


@pytest.fixture(autouse=True)
def _demo_accounts(seeded: None) -> None:
    """Every test here uses the demo staff accounts."""


async def test_staff_signs_in_with_username_and_password(client: AsyncTestClient) -> None:
    session = await sign_in_staff(client, " TiepNhan ", RECEPTION[1])  # as typed: case and spaces forgiven
    me = await client.get("/api/me", headers=session.headers())
    assert me.status_code == 200
    body = me.json()
    assert body["kind"] == "staff" and body["role"] == "reception_officer"
    assert body["agency_code"].startswith("000.00.02.")


async def test_me_names_the_desk_or_team_staff_work_for(client: AsyncTestClient) -> None:
    reception = await sign_in_staff(client, *RECEPTION)
    pending, _ = await password_step(client, "buuta", DEMO["courier"][1])
    signed_in = await client.post("/api/auth/staff/totp", json={"code": authenticator_code("buuta")}, headers=pending.headers())
    courier = signed_in.json()
    client.cookies.clear()

    me = (await client.get("/api/me", headers=reception.headers())).json()

    assert me == {
        "kind": "staff", "id": me["id"], "display_name": "Trần Thị Bình", "language": "vi", "phone": None,
        "username": "tiepnhan", "role": "reception_officer",
        "agency_code": "000.00.02.H56", "agency_name": "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa",
        "agency_name_en": "Public Administrative Service Centre, Khánh Hòa Province", "team_code": None, "team_name": None,
    }
    # The sign-in's last answer (the second factor's) says the same, so the PWA can pick the person's screens at once.
    assert courier["role"] == "courier" and courier["agency_name"] is None
    assert courier["team_code"] == "BCCI-H56" and courier["team_name"] == "Bưu điện Khánh Hòa"


async def test_a_citizen_has_no_agency_or_team(client: AsyncTestClient) -> None:
    citizen = await sign_in_citizen(client)
    me = (await client.get("/api/me", headers=citizen.headers())).json()
    assert me["kind"] == "citizen" and me["role"] is None
    assert (me["agency_code"], me["agency_name"], me["team_code"], me["team_name"]) == (None, None, None, None)


async def test_wrong_password_then_lockout_after_five_failures(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    for _ in range(4):
        response = await client.post("/api/auth/staff/session", json={"username": "chuyenvien", "password": "sai"})
        assert response.status_code == 401
        assert response.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."

    fifth = await client.post("/api/auth/staff/session", json={"username": "chuyenvien", "password": "sai"})
    assert fifth.status_code == 429 and fifth.json()["code"] == "account_locked"
    assert int(fifth.headers["retry-after"]) == 900

    # Locked: even the right password is refused until the lock ends.
    right = await client.post(
        "/api/auth/staff/session", json={"username": "chuyenvien", "password": DEMO["specialist"][1]}
    )
    assert right.status_code == 429
    assert "tạm khoá" in right.json()["detail"]
    assert 0 < int(right.headers["retry-after"]) <= 900

    failures = await conn.fetchval(
        "select count(*) from audit_log where action = 'staff.sign_in_failed' and actor_label = 'chuyenvien'"
    )
    assert failures >= 6


async def test_unknown_username_answers_like_a_wrong_password(client: AsyncTestClient) -> None:
    response = await client.post("/api/auth/staff/session", json={"username": "khongco", "password": "x"})
    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"


async def test_sign_out_revokes_the_session(client: AsyncTestClient) -> None:
    session = await sign_in_citizen(client)
    assert (await client.get("/api/me", headers=session.headers())).status_code == 200

    out = await client.delete("/api/auth/session", headers=session.headers())

    assert out.status_code == 204
    assert any("Max-Age=0" in c or "max-age=0" in c.lower() for c in out.headers.get_list("set-cookie"))
    client.cookies.clear()
    after = await client.get("/api/me", headers=session.headers())
    assert after.status_code == 401 and after.json()["code"] == "unauthenticated"


async def test_an_expired_session_is_signed_out(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    session = await sign_in_staff(client, *RECEPTION)
    await conn.execute(
        "update sessions set expires_at = now() - interval '1 second' where token_hash = $1", token_hash(session.token)
    )
    response = await client.get("/api/me", headers=session.headers())
    assert response.status_code == 401


async def test_staff_sessions_last_twelve_hours_and_citizens_slide(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    staff = await sign_in_staff(client, *RECEPTION)
    citizen = await sign_in_citizen(client)
    lifetimes = {
        row["sliding"]: row["lifetime"]
        for row in await conn.fetch(
            "select sliding, extract(epoch from expires_at - created_at) as lifetime from sessions where token_hash = any($1)",
            [token_hash(staff.token), token_hash(citizen.token)],
        )
    }
    assert round(lifetimes[False]) == 12 * 3600
    assert round(lifetimes[True]) == 30 * 86400

    # A citizen seen again after a while gets 30 more days, and fresh cookies.
    await conn.execute(
        "update sessions set last_seen_at = now() - interval '1 day', expires_at = now() + interval '29 days' "
        "where token_hash = $1",
        token_hash(citizen.token),
    )
    response = await client.get("/api/me", headers=citizen.headers())
    client.cookies.clear()
    assert response.status_code == 200
    assert any("motcua_session=" in c for c in response.headers.get_list("set-cookie"))
    remaining = await conn.fetchval(
        "select extract(epoch from expires_at - now()) from sessions where token_hash = $1", token_hash(citizen.token)
    )
    assert remaining > 29.9 * 86400


async def test_cookie_authenticated_writes_need_the_csrf_header(client: AsyncTestClient) -> None:
    session = await sign_in_citizen(client)
    profile = {"full_name": "Nguyễn Thị Hoa", "language": "vi"}

    missing = await client.put("/api/me/profile", json=profile, headers=session.headers(csrf=False))
    forged = await client.put(
        "/api/me/profile", json=profile, headers=session.headers(csrf=False) | {"X-CSRF-Token": "0" * 64}
    )
    good = await client.put("/api/me/profile", json=profile, headers=session.headers())

    assert missing.status_code == 403 and missing.json()["code"] == "csrf_failed"
    assert forged.status_code == 403 and forged.json()["code"] == "csrf_failed"
    assert good.status_code == 200 and good.json()["full_name"] == "Nguyễn Thị Hoa"
    # Reads need no token.
    assert (await client.get("/api/me/profile", headers=session.headers(csrf=False))).status_code == 200


async def test_audit_log_refuses_update_and_delete(conn: asyncpg.Connection) -> None:
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("update audit_log set action = 'x'")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await conn.execute("delete from audit_log")


async def test_admin_queries_the_audit_log_by_person_and_by_object_paginated(client: AsyncTestClient) -> None:
    reception = await sign_in_staff(client, *RECEPTION)
    reception_id = (await client.get("/api/me", headers=reception.headers())).json()["id"]
    await sign_in_staff(client, *RECEPTION)
    admin = await sign_in_staff(client, *ADMIN)

    first = await client.get(
        "/api/admin/audit", params={"actor_id": reception_id, "limit": 1}, headers=admin.headers()
    )
    assert first.status_code == 200, first.text
    page = first.json()
    assert len(page["items"]) == 1 and page["next"]
    assert page["items"][0]["action"] == "staff.sign_in"
    second = await client.get(
        "/api/admin/audit",
        params={"actor_id": reception_id, "limit": 1, "before": page["next"]},
        headers=admin.headers(),
    )
    assert second.json()["items"][0]["id"] != page["items"][0]["id"]

    by_object = await client.get(
        "/api/admin/audit", params={"object_type": "staff", "object_id": reception_id}, headers=admin.headers()
    )
    assert {item["actor_id"] for item in by_object.json()["items"]} == {reception_id}


async def test_only_admins_read_the_audit_log(client: AsyncTestClient) -> None:
    reception = await sign_in_staff(client, *RECEPTION)
    response = await client.get("/api/admin/audit", headers=reception.headers())
    assert response.status_code == 403 and response.json()["code"] == "wrong_role"


async def test_staff_dossier_access_recorded_through_the_audit_helper_is_queryable(
    client: AsyncTestClient, conn: asyncpg.Connection
) -> None:
    """Dossier routes arrive later; they call `audit.record` exactly like this for every staff read or write."""
    from uuid import UUID

    from backend.accounts import audit
    from backend.accounts.guards import Principal
    from backend.ids import new_id

    reception = await sign_in_staff(client, *RECEPTION)
    me = (await client.get("/api/me", headers=reception.headers())).json()
    officer = Principal(kind="staff", id=UUID(me["id"]), role="reception_officer", label=me["username"], display_name=None)
    dossier_id = new_id()
    await audit.record(
        conn, officer, "dossier.read", audit.Origin(ip="10.0.0.7", user_agent="test"),
        object_type="dossier", object_id=dossier_id,
    )

    admin = await sign_in_staff(client, *ADMIN)
    page = (
        await client.get(
            "/api/admin/audit", params={"object_type": "dossier", "object_id": str(dossier_id)}, headers=admin.headers()
        )
    ).json()
    [entry] = page["items"]
    assert entry["action"] == "dossier.read" and entry["actor_id"] == me["id"]
    assert entry["actor_role"] == "reception_officer" and entry["ip"] == "10.0.0.7"


async def test_signing_in_again_on_a_device_replaces_its_session(client: AsyncTestClient) -> None:
    first = await sign_in_staff(client, *RECEPTION)
    response = await client.post(
        "/api/auth/staff/session",
        json={"username": RECEPTION[0], "password": RECEPTION[1]},
        headers={"Cookie": f"motcua_session={first.token}"},
    )
    client.cookies.clear()
    assert response.status_code == 200
    assert (await client.get("/api/me", headers=first.headers())).status_code == 401
