"""Citizens sign in with their phone and a one-time code."""

from __future__ import annotations

import asyncpg
from litestar.testing import AsyncTestClient

from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
from tests.support import clear_rate_limits, e164, random_phone, sms_code, request_code, take_session


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_code_happy_path_signs_in_and_shows_the_profile(client: AsyncTestClient) -> None:
    phone = random_phone()
    sent = await client.post("/api/auth/citizen/code", json={"phone": phone})
    assert sent.status_code == 202
    assert sent.json() == {"phone": e164(phone), "expires_in": 300, "resend_after": 60}
    code = await sms_code(e164(phone))

    response = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})

    assert response.status_code == 200, response.text
    assert response.json()["kind"] == "citizen" and response.json()["phone"] == e164(phone)
    set_cookie = " ".join(response.headers.get_list("set-cookie"))
    assert "HttpOnly" in set_cookie.split(f"{CSRF_COOKIE}=")[0]  # the session cookie
    assert "SameSite=lax" in set_cookie or "SameSite=Lax" in set_cookie
    session = take_session(client, response)
    profile = await client.get("/api/me/profile", headers=session.headers())
    assert profile.status_code == 200
    assert profile.json()["phone"] == e164(phone)


async def test_a_code_works_only_once(client: AsyncTestClient) -> None:
    phone = random_phone()
    code = await request_code(client, phone)
    first = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    assert first.status_code == 200
    client.cookies.clear()
    again = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    assert again.status_code == 400 and again.json()["code"] == "code_not_found"


async def test_five_wrong_codes_lock_the_code(client: AsyncTestClient) -> None:
    phone = random_phone()
    code = await request_code(client, phone)
    for attempt in range(1, 6):
        response = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": wrong_code(code)})
        assert response.status_code == 400
        if attempt < 5:
            assert response.json()["code"] == "code_wrong"
            assert response.json()["attempts_left"] == 5 - attempt
        else:
            assert response.json()["code"] == "code_locked"

    right = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})

    assert right.status_code == 400
    assert right.json()["code"] == "code_locked"
    assert "khoá" in right.json()["detail"]
    assert SESSION_COOKIE not in right.cookies


async def test_an_expired_code_is_refused(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    phone = random_phone()
    code = await request_code(client, phone)
    # Move the clock of this code instead of sleeping five minutes.
    await conn.execute(
        "update otp_codes set expires_at = now() - interval '1 second' where phone = $1", e164(phone)
    )

    response = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})

    assert response.status_code == 400
    assert response.json()["code"] == "code_expired"
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_new_code_retires_the_old_one(client: AsyncTestClient, redis, settings) -> None:
    phone = random_phone()
    old = await request_code(client, phone)
    await redis.delete(f"{settings.redis_prefix}:accounts:otp-cooldown:{e164(phone)}")
    new = await request_code(client, phone)
    if old == new:
        return  # one chance in a million: nothing to tell apart
    response = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": old})
    assert response.status_code == 400


async def test_different_spellings_of_one_phone_reach_one_account(client: AsyncTestClient, redis, settings) -> None:
    digits = random_phone()[1:]  # 91xxxxxxx
    spellings = [f"0{digits}", f"+84 {digits[:2]} {digits[2:5]} {digits[5:]}", f"84{digits}", f"0{digits[:3]} {digits[3:6]} {digits[6:]}"]
    ids = set()
    for spelling in spellings:
        await redis.delete(f"{settings.redis_prefix}:accounts:otp-cooldown:+84{digits}")
        code = await request_code(client, spelling)
        response = await client.post("/api/auth/citizen/session", json={"phone": spelling, "code": code})
        assert response.status_code == 200, (spelling, response.text)
        assert response.json()["phone"] == f"+84{digits}"
        ids.add(response.json()["id"])
        client.cookies.clear()
    assert len(ids) == 1


async def test_resend_cooldown_answers_429_with_retry_after(client: AsyncTestClient) -> None:
    phone = random_phone()
    await request_code(client, phone)

    response = await client.post("/api/auth/citizen/code", json={"phone": phone})

    assert response.status_code == 429
    retry_after = int(response.headers["retry-after"])
    assert 1 <= retry_after <= 60
    body = response.json()
    assert body["code"] == "too_many_requests" and body["retry_after"] == retry_after
    assert "giây" in body["detail"]
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_codes_per_phone_are_capped(client: AsyncTestClient, redis, settings) -> None:
    phone = random_phone()
    cooldown = f"{settings.redis_prefix}:accounts:otp-cooldown:{e164(phone)}"
    for _ in range(5):
        await redis.delete(cooldown)
        await request_code(client, phone)
    await redis.delete(cooldown)

    response = await client.post("/api/auth/citizen/code", json={"phone": phone})

    assert response.status_code == 429
    assert 3000 < int(response.headers["retry-after"]) <= 3600
    assert response.json()["retry_after"] == int(response.headers["retry-after"])


async def test_codes_per_ip_are_capped(client: AsyncTestClient, settings) -> None:
    await clear_rate_limits(settings)  # every in-process test shares the test client's address
    for _ in range(30):
        assert (await client.post("/api/auth/citizen/code", json={"phone": random_phone()})).status_code == 202

    response = await client.post("/api/auth/citizen/code", json={"phone": random_phone()})

    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert "Thiết bị này" in response.json()["detail"]


async def test_a_foreign_or_landline_number_is_refused_in_vietnamese(client: AsyncTestClient) -> None:
    for phone in ["+1 650 253 0000", "028 3823 4567", "0912345678x", "12"]:
        response = await client.post("/api/auth/citizen/code", json={"phone": phone})
        assert response.status_code == 422, phone
        assert response.json()["code"] == "invalid_phone"
        assert "Số điện thoại" in response.json()["detail"]


async def test_sign_ins_are_audited_success_and_failure(client: AsyncTestClient, conn: asyncpg.Connection) -> None:
    phone = random_phone()
    code = await request_code(client, phone)
    await client.post("/api/auth/citizen/session", json={"phone": phone, "code": wrong_code(code)})
    ok = await client.post("/api/auth/citizen/session", json={"phone": phone, "code": code})
    client.cookies.clear()

    rows = await conn.fetch(
        "select action, actor_kind, actor_id, actor_role, user_agent from audit_log where actor_label = $1 order by id",
        e164(phone),
    )
    assert [r["action"] for r in rows] == ["citizen.sign_in_failed", "citizen.sign_in"]
    assert rows[0]["actor_kind"] == "anonymous"
    assert str(rows[1]["actor_id"]) == ok.json()["id"] and rows[1]["actor_role"] == "citizen"
    assert rows[1]["user_agent"]
