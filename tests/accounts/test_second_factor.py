"""Staff sign in with a second factor: enrolment at the first sign-in, TOTP codes, one-time recovery codes, the lock
after 5 wrong codes, a code accepted once refused the second time, the admin's reset; a disabled account's open
session ends at once."""

from __future__ import annotations

import secrets

import asyncpg
import pyotp
import pytest
from litestar.testing import AsyncTestClient

from backend.accounts import queries as account_queries
from backend.accounts.service import hash_password
from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    AUTHENTICATORS, DEMO, TEST_PASSWORD, SignedIn, authenticator_code, clear_rate_limits, enrol, password_step, sign_in_staff,
    take_session,
)


@pytest.fixture(autouse=True)
async def _fresh_limits(seeded: None, settings: Settings) -> None:
    await clear_rate_limits(settings)


def _wrong_code(username: str) -> str:
    """Six digits the staff member's authenticator does not accept now (nor in the steps either side)."""
    totp = pyotp.TOTP(AUTHENTICATORS[username])
    return next(code for code in ("000000", "111111", "222222") if not totp.verify(code, valid_window=1))


async def _new_officer(db: asyncpg.Pool) -> tuple[str, str]:
    """A reception officer of the service centre who never signed in; their username and id."""
    username, staff_id = f"tn{secrets.token_hex(4)}", new_id()
    agency = await db.fetchval("select agency_code from staff_users where username = 'tiepnhan'")
    await account_queries.upsert_staff(
        db, staff_id, username=username, full_name="Cán bộ Mới", role="reception_officer", agency_code=agency,
        team_code=None, password_hash=await hash_password(TEST_PASSWORD),
    )
    return username, str(staff_id)


async def _enrolled_officer(client: AsyncTestClient, db: asyncpg.Pool) -> tuple[str, str, list[str]]:
    """An officer who enrolled (their key kept by `authenticator_code`); username, id and recovery codes."""
    username, staff_id = await _new_officer(db)
    pending, _ = await password_step(client, username, TEST_PASSWORD)
    enrolment = await enrol(client, pending, username)
    confirmed = await client.post(
        "/api/auth/staff/totp/confirm", json={"code": authenticator_code(username)}, headers=pending.headers()
    )
    assert confirmed.status_code == 200, confirmed.text
    client.cookies.clear()
    return username, staff_id, enrolment["recovery_codes"]


async def test_the_password_alone_opens_no_staff_route(client: AsyncTestClient) -> None:
    pending, step = await password_step(client, *DEMO["admin"])
    assert step == "code"

    for method, path in (("GET", "/api/me"), ("GET", "/api/admin/audit")):
        response = await client.request(method, path, headers=pending.headers())
        assert response.status_code == 401, response.text
        body = response.json()
        assert body["code"] == "second_factor_required"
        assert body["detail"] == "Hãy nhập mã 6 số trong ứng dụng xác thực (hoặc một mã khôi phục) để hoàn tất đăng nhập."
    english = await client.get("/api/me", headers=pending.headers(**{"Accept-Language": "en"}))
    assert english.json()["title"] == "Verification code needed"


async def test_first_sign_in_enrols_then_the_code_signs_in(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    username, staff_id = await _new_officer(db)
    pending, step = await password_step(client, username, TEST_PASSWORD)
    assert step == "enrolment"

    enrolment = await enrol(client, pending, username)

    assert enrolment["otpauth_uri"].startswith(f"otpauth://totp/M%E1%BB%99t%20C%E1%BB%ADa:{username}?secret=")
    assert pyotp.parse_uri(enrolment["otpauth_uri"]).secret == enrolment["secret"]
    assert enrolment["qr_svg"].startswith("<svg")
    assert len(enrolment["recovery_codes"]) == 10 and len(set(enrolment["recovery_codes"])) == 10
    # Not enrolled until a right code comes back from the new authenticator.
    wrong = await client.post("/api/auth/staff/totp/confirm", json={"code": _wrong_code(username)}, headers=pending.headers())
    assert wrong.status_code == 400 and wrong.json()["code"] == "second_factor_wrong"
    assert wrong.json()["attempts_left"] == 4
    confirmed = await client.post(
        "/api/auth/staff/totp/confirm", json={"code": authenticator_code(username)}, headers=pending.headers()
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["username"] == username and confirmed.json()["role"] == "reception_officer"
    session = take_session(client, confirmed)
    assert session.token != pending.token
    assert (await client.get("/api/me", headers=session.headers())).json()["id"] == staff_id
    # The pending session is gone: the full one has a new token.
    assert (await client.get("/api/me", headers=pending.headers())).json()["code"] == "unauthenticated"

    # Next time the password leads to the code, and the enrolment cannot be started again.
    again, step = await password_step(client, username, TEST_PASSWORD)
    assert step == "code"
    refused = await client.post("/api/auth/staff/totp/enrolment", headers=again.headers())
    assert refused.status_code == 409 and refused.json()["code"] == "second_factor_enrolled"
    signed_in = await client.post(
        "/api/auth/staff/totp", json={"code": authenticator_code(username)}, headers=again.headers()
    )
    assert signed_in.status_code == 200 and signed_in.json()["id"] == staff_id
    # A full session has nothing left to verify.
    done = take_session(client, signed_in)
    extra = await client.post("/api/auth/staff/totp", json={"code": "123456"}, headers=done.headers())
    assert extra.status_code == 403 and extra.json()["code"] == "second_factor_not_pending"
    audited = await db.fetch(
        "select action, detail->>'by' as by from audit_log where object_id = $1 and action like 'staff.%' order by id",
        staff_id,
    )
    assert [(row["action"], row["by"]) for row in audited] == [
        ("staff.password_accepted", None), ("staff.second_factor_enrolment_started", None),
        ("staff.second_factor_failed", None), ("staff.second_factor_enrolled", None), ("staff.sign_in", "enrolment"),
        ("staff.password_accepted", None), ("staff.sign_in", "totp"),
    ]


async def test_five_wrong_codes_lock_the_second_factor(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    username, _, _ = await _enrolled_officer(client, db)
    pending, _ = await password_step(client, username, TEST_PASSWORD)
    wrong = _wrong_code(username)

    for left in (4, 3, 2, 1):
        response = await client.post("/api/auth/staff/totp", json={"code": wrong}, headers=pending.headers())
        assert response.status_code == 400 and response.json()["attempts_left"] == left
    fifth = await client.post("/api/auth/staff/totp", json={"code": wrong}, headers=pending.headers())

    assert fifth.status_code == 429
    assert fifth.headers["retry-after"] == "900"
    body = fifth.json()
    assert body["code"] == "second_factor_locked" and body["retry_after"] == 900
    assert body["detail"] == (
        "Bạn đã nhập sai mã xác thực 5 lần nên tài khoản tạm khoá. Hãy thử lại sau 15 phút, "
        "hoặc nhờ quản trị viên đặt lại xác thực hai lớp nếu bạn mất điện thoại."
    )
    # Locked: the right code, or a recovery code, gets nowhere until the lock ends.
    right = await client.post(
        "/api/auth/staff/totp", json={"code": authenticator_code(username)}, headers=pending.headers()
    )
    assert right.status_code == 429 and right.json()["code"] == "second_factor_locked"
    assert 0 < int(right.headers["retry-after"]) <= 900


async def test_a_recovery_code_works_once(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    username, staff_id, recovery_codes = await _enrolled_officer(client, db)
    pending, _ = await password_step(client, username, TEST_PASSWORD)

    # As a person types it from paper: capitals and spaces forgiven.
    typed = recovery_codes[3].upper().replace("-", " ")
    first = await client.post("/api/auth/staff/totp", json={"recovery_code": typed}, headers=pending.headers())
    assert first.status_code == 200, first.text
    assert first.json()["id"] == staff_id
    client.cookies.clear()

    pending, _ = await password_step(client, username, TEST_PASSWORD)
    second = await client.post(
        "/api/auth/staff/totp", json={"recovery_code": recovery_codes[3]}, headers=pending.headers()
    )
    assert second.status_code == 400
    assert second.json()["code"] == "second_factor_wrong"
    assert second.json()["detail"] == "Mã khôi phục không đúng hoặc đã được dùng. Bạn còn 4 lần thử."
    neither = await client.post("/api/auth/staff/totp", json={}, headers=pending.headers())
    assert neither.status_code == 422 and neither.json()["code"] == "second_factor_missing"
    other = await client.post("/api/auth/staff/totp", json={"recovery_code": recovery_codes[4]}, headers=pending.headers())
    assert other.status_code == 200, other.text


async def test_the_admin_resets_a_lost_factor_and_the_next_sign_in_enrols(
    client: AsyncTestClient, db: asyncpg.Pool, admin: SignedIn
) -> None:
    username, staff_id, _ = await _enrolled_officer(client, db)
    officer = await sign_in_staff(client, username, TEST_PASSWORD)

    reset = await client.post(f"/api/admin/staff/{staff_id}/totp/reset", headers=admin.headers())

    assert reset.status_code == 204, reset.text
    entries = (await client.get(
        "/api/admin/audit", params={"object_type": "staff", "object_id": staff_id}, headers=admin.headers()
    )).json()["items"]
    assert entries[0]["action"] == "staff.second_factor_reset" and entries[0]["actor_label"] == DEMO["admin"][0]
    # Their open session ends (the phone may be in someone else's hands), and the next sign-in enrols anew.
    assert (await client.get("/api/me", headers=officer.headers())).json()["code"] == "unauthenticated"
    pending, step = await password_step(client, username, TEST_PASSWORD)
    assert step == "enrolment"
    old_code = await client.post("/api/auth/staff/totp", json={"code": authenticator_code(username)}, headers=pending.headers())
    assert old_code.status_code == 409 and old_code.json()["code"] == "second_factor_not_enrolled"
    assert (await sign_in_staff(client, username, TEST_PASSWORD)).token

    unknown = await client.post(f"/api/admin/staff/{new_id()}/totp/reset", headers=admin.headers())
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    officer = await sign_in_staff(client, username, TEST_PASSWORD)
    not_admin = await client.post(f"/api/admin/staff/{staff_id}/totp/reset", headers=officer.headers())
    assert not_admin.status_code == 403 and not_admin.json()["code"] == "wrong_role"


async def test_a_disabled_account_s_open_session_is_refused_at_once(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    username, staff_id, _ = await _enrolled_officer(client, db)
    session = await sign_in_staff(client, username, TEST_PASSWORD)
    assert (await client.get("/api/me", headers=session.headers())).status_code == 200

    await db.execute("update staff_users set active = false where id = $1::uuid", staff_id)

    refused = await client.get("/api/me", headers=session.headers())
    assert refused.status_code == 401 and refused.json()["code"] == "unauthenticated"
    queue = await client.get("/api/office/queue", headers=session.headers())
    assert queue.status_code == 401 and queue.json()["code"] == "unauthenticated"


async def test_a_code_accepted_once_is_refused_the_second_time(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    username, staff_id = await _new_officer(db)
    pending, _ = await password_step(client, username, TEST_PASSWORD)
    totp = pyotp.TOTP((await enrol(client, pending, username))["secret"])
    code = totp.now()
    confirmed = await client.post("/api/auth/staff/totp/confirm", json={"code": code}, headers=pending.headers())
    assert confirmed.status_code == 200, confirmed.text
    take_session(client, confirmed)

    # The same code again, within its window (someone who saw it typed): refused, named as used, counted as wrong.
    pending, _ = await password_step(client, username, TEST_PASSWORD)
    replayed = await client.post("/api/auth/staff/totp", json={"code": code}, headers=pending.headers())
    assert replayed.status_code == 400 and replayed.json()["code"] == "second_factor_wrong"
    assert replayed.json()["detail"] == (
        "Mã này đã được dùng để đăng nhập. Hãy đợi ứng dụng xác thực hiện mã mới rồi nhập mã đó. Bạn còn 4 lần thử."
    )
    step = await db.fetchval("select last_time_step from staff_second_factors where staff_id = $1::uuid", staff_id)
    assert totp.generate_otp(step) == code
    # The next step's code (accepted a step early, for a clock that drifts) works, once.
    next_code = totp.generate_otp(step + 1)
    accepted = await client.post("/api/auth/staff/totp", json={"code": next_code}, headers=pending.headers())
    assert accepted.status_code == 200, accepted.text
    take_session(client, accepted)
    pending, _ = await password_step(client, username, TEST_PASSWORD)
    again = await client.post("/api/auth/staff/totp", json={"code": next_code}, headers=pending.headers())
    assert again.status_code == 400 and again.json()["attempts_left"] == 4  # the sign-in between cleared the count
    reasons = await db.fetch(
        "select detail->>'reason' as reason from audit_log where object_id = $1 and action = 'staff.second_factor_failed'",
        str(staff_id),
    )
    assert [r["reason"] for r in reasons] == ["replayed_code", "replayed_code"]
