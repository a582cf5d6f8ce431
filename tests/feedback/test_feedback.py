"""Feedback (phản ánh, kiến nghị): sent signed in or with a phone confirmed by code, answered by the agency, told to
the sender by SMS, published anonymised and found without diacritics; unpublished answers stay private."""

from __future__ import annotations

import re
import secrets

import asyncpg
from litestar.testing import AsyncTestClient

from backend import clock
from backend.ids import new_id
from backend.processing.service import work_calendar
from backend.settings import Settings
from tests.feedback.walk import justice, send
from tests.support import SignedIn, e164, eventually, random_phone, request_code, sign_in_demo


async def sms_to(db: asyncpg.Pool, phone: str, tracking_code: str) -> asyncpg.Record:
    """The answer's SMS, once the live worker (woken by the outbox's NOTIFY) made it and a gateway simulator took it."""
    async def handed_off() -> asyncpg.Record | None:
        return await db.fetchrow(
            "select * from messages where kind = 'feedback.answered' and channel = 'sms' and phone = $1 "
            "and body like '%' || $2 || '%' and status in ('sending', 'delivered')",
            phone, tracking_code,
        )
    return await eventually(handed_off, f"the answer to {tracking_code} reaching {phone}")


async def test_signed_in_feedback_is_answered_published_and_found_without_diacritics(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, db: asyncpg.Pool, live_url: str,
) -> None:
    question = "Thủ tục chứng thực bản sao ở xã phải chờ lâu, số của tôi là 0912 345 678, xin bố trí thêm quầy."
    sent = await send(client, {"agency_code": justice(settings), "body": question}, citizen.headers())
    assert sent.status_code == 201, sent.text
    feedback = sent.json()
    today = clock.today()
    assert re.fullmatch(rf"PA-{today:%y%m%d}-\d{{4}}", feedback["tracking_code"])
    assert feedback["state"] == "sent" and feedback["state_words"] == "Đã gửi, chờ cơ quan trả lời"
    assert feedback["due_on"] == (await work_calendar(db)).add_working_days(today, 10).isoformat()

    # Not public until answered and published.
    hidden = await client.get("/api/feedback/published", params={"q": "cho lau"})
    assert feedback["tracking_code"] not in hidden.text and "0912 345 678" not in hidden.text

    leader = await sign_in_demo(client, "leader")
    queue = (await client.get("/api/office/feedback", params={"only": "sent"}, headers=leader.headers())).json()["items"]
    mine = next(item for item in queue if item["tracking_code"] == feedback["tracking_code"])
    assert mine["overdue"] is False and mine["body"] == question and mine["due_on"] == feedback["due_on"]
    # The service centre's desk receives for the department: it sees the same queue; another commune's desk does not.
    desk = await sign_in_demo(client, "reception_officer")
    desk_queue = (await client.get("/api/office/feedback", headers=desk.headers())).json()["items"]
    assert any(item["id"] == mine["id"] for item in desk_queue)

    answer = "Từ ngày 01/12 Bộ phận một cửa bố trí thêm một quầy chứng thực vào buổi sáng. Cảm ơn ý kiến của bạn."
    answered = await client.post(f"/api/office/feedback/{mine['id']}/answer", json={"answer": answer, "publish": True}, headers=leader.headers())
    assert answered.status_code == 200, answered.text
    assert answered.json()["state"] == "answered" and answered.json()["published"] is True
    twice = await client.post(f"/api/office/feedback/{mine['id']}/answer", json={"answer": answer, "publish": False}, headers=leader.headers())
    assert twice.status_code == 409 and twice.json()["code"] == "already_answered"

    own = (await client.get("/api/feedback/mine", headers=citizen.headers())).json()["items"]
    assert own[0]["tracking_code"] == feedback["tracking_code"] and own[0]["answer"] == answer
    assert own[0]["state_words"] == "Đã trả lời"

    # Published without the phone number, found by words typed without diacritics.
    found = (await client.get("/api/feedback/published", params={"q": "chung thuc BAN SAO quay"})).json()["items"]
    item = next(i for i in found if i["answer"] == answer)
    assert "0912 345 678" not in item["question"] and "[số điện thoại]" in item["question"]
    assert set(item) == {"agency_name", "question", "answer", "answered_on"}
    assert item["answered_on"] == today.isoformat()
    missed = (await client.get("/api/feedback/published", params={"q": "chung thuc giay phep lai xe"})).json()["items"]
    assert all(i["answer"] != answer for i in missed)

    phone = await db.fetchval("select c.phone from citizens c join feedback f on f.citizen_id = c.id where f.id = $1", mine["id"])
    sms = await sms_to(db, phone, feedback["tracking_code"])
    assert sms["body"].startswith(f"MotCua: Phan anh {feedback['tracking_code']} da co tra loi.")


async def test_a_phone_confirmed_by_code_sends_feedback_and_gets_the_answer_by_sms_unpublished(
    client: AsyncTestClient, settings: Settings, db: asyncpg.Pool, seeded: None, live_url: str,
) -> None:
    phone = random_phone()
    question = "Tôi muốn hỏi lệ phí cấp phiếu lý lịch tư pháp cho người đang ở nước ngoài."
    no_code = await send(client, {"agency_code": justice(settings), "body": question, "phone": phone})
    assert no_code.status_code == 422 and no_code.json()["code"] == "phone_not_confirmed"

    code = await request_code(client, phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    refused = await send(client, {"agency_code": justice(settings), "body": question, "phone": phone, "code": wrong})
    assert refused.status_code == 400 and refused.json()["code"] == "code_wrong"

    key = str(new_id())
    body = {"agency_code": justice(settings), "body": question, "phone": phone, "code": code}
    sent = await send(client, body, key=key)
    assert sent.status_code == 201, sent.text
    retried = await send(client, body, key=key)
    assert retried.status_code == 201 and retried.json()["tracking_code"] == sent.json()["tracking_code"]
    tracking = sent.json()["tracking_code"]
    assert await db.fetchval("select count(*) from feedback where tracking_code = $1", tracking) == 1

    lookup = {"tracking_code": tracking.lower(), "phone_last4": phone[-4:]}
    status = await client.post("/api/feedback/lookup", json=lookup)
    assert status.status_code == 200 and status.json()["state"] == "sent" and status.json()["answer"] is None
    guessed = await client.post("/api/feedback/lookup", json={**lookup, "phone_last4": f"{(int(phone[-4:]) + 1) % 10000:04d}"})
    assert guessed.status_code == 404 and guessed.json()["code"] == "feedback_not_found"

    leader = await sign_in_demo(client, "leader")
    feedback_id = await db.fetchval("select id from feedback where tracking_code = $1", tracking)
    answer = f"Lệ phí là 200.000 đồng, nộp trực tuyến hoặc qua người thân tại quầy. Mã {secrets.token_hex(3)}."
    answered = await client.post(f"/api/office/feedback/{feedback_id}/answer", json={"answer": answer, "publish": False}, headers=leader.headers())
    assert answered.status_code == 200 and answered.json()["published"] is False

    # Unpublished: the public never sees it, whatever it searches for.
    for q in ("", "le phi ly lich tu phap"):
        public = await client.get("/api/feedback/published", params={"q": q})
        assert public.status_code == 200 and answer not in public.text and question not in public.text
    # The sender reads it by code, and got it by SMS on the confirmed phone.
    assert (await client.post("/api/feedback/lookup", json=lookup)).json()["answer"] == answer
    sms = await sms_to(db, e164(phone), tracking)
    assert "Tra loi: Le phi la 200.000 dong" in sms["body"] and sms["citizen_id"] is None


async def test_overdue_feedback_is_flagged_in_the_queue(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, db: asyncpg.Pool,
) -> None:
    sent = await send(client, {"agency_code": justice(settings), "body": "Cổng dịch vụ công không tải được biểu mẫu."}, citizen.headers())
    assert sent.status_code == 201, sent.text
    # Arranged, not waited for: the due date two weeks ago.
    await db.execute("update feedback set due_on = current_date - 14 where tracking_code = $1", sent.json()["tracking_code"])
    leader = await sign_in_demo(client, "leader")
    queue = (await client.get("/api/office/feedback", params={"only": "sent"}, headers=leader.headers())).json()["items"]
    assert queue[0]["tracking_code"] == sent.json()["tracking_code"] and queue[0]["overdue"] is True
    other_agency = await send(client, {"agency_code": "khong-co", "body": "Một phản ánh gửi nhầm nơi."}, citizen.headers())
    assert other_agency.status_code == 404 and other_agency.json()["code"] == "agency_not_found"
