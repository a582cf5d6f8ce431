"""Photos with feedback: uploaded one by one before the send (signed in, or with the phone's live code), checked as
page photos are, at most three per feedback and only the sender's own; the agency's officers fetch them, an officer of
another agency cannot, and the public Q&A never shows them. Photos no feedback took within a day are deleted."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import asyncpg
import httpx
from litestar.testing import AsyncTestClient

from backend.agency_codes import department_code, province_tag
from backend.settings import Settings
from tests.feedback.walk import justice, send
from tests.support import (
    HTML_BYTES, PDF_BYTES, SignedIn, document_photo, e164, new_staff, random_phone, request_code, sign_in_citizen,
    sign_in_demo, small_bomb,
)


async def upload(client: AsyncTestClient, data: bytes, headers: dict | None = None) -> httpx.Response:
    return await client.post(
        "/api/feedback/photos", content=data, headers={**(headers or {}), "Content-Type": "image/jpeg"},
    )


async def uploaded(client: AsyncTestClient, who: SignedIn, data: bytes | None = None) -> str:
    answer = await upload(client, data or document_photo(), who.headers())
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def test_photos_reach_the_agencys_officers_only_and_never_the_public(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, db: asyncpg.Pool,
) -> None:
    photo = document_photo(text="CỔNG XÃ NGẬP NƯỚC")
    answer = await upload(client, photo, citizen.headers())
    assert answer.status_code == 201, answer.text
    assert answer.json() == {"id": answer.json()["id"], "media_type": "image/jpeg", "bytes": len(photo)}
    second = await uploaded(client, citizen, document_photo(800, 600))

    body = "Lối vào Bộ phận một cửa ngập nước khi mưa, người già khó vào nộp hồ sơ (ảnh kèm theo)."
    sent = await send(client, {"agency_code": justice(settings), "body": body, "photo_ids": [answer.json()["id"], second]}, citizen.headers())
    assert sent.status_code == 201, sent.text
    assert sent.json()["photo_count"] == 2

    leader = await sign_in_demo(client, "leader")
    queue = (await client.get("/api/office/feedback", params={"only": "sent"}, headers=leader.headers())).json()["items"]
    item = next(i for i in queue if i["tracking_code"] == sent.json()["tracking_code"])
    assert item["photo_urls"] == [f"/api/office/feedback/photos/{answer.json()['id']}", f"/api/office/feedback/photos/{second}"]
    fetched = await client.get(item["photo_urls"][0], headers=leader.headers())
    assert fetched.status_code == 200 and fetched.content == photo
    assert fetched.headers["content-type"] == "image/jpeg"
    assert fetched.headers["x-content-type-options"] == "nosniff" and "sandbox" in fetched.headers["content-security-policy"]

    # A leader of another department: the same answer as for a photo that does not exist.
    other_agency = await db.fetchval(
        "select code from agencies where code like '000.00.%.' || $1 and code not in ($2, $3) order by code limit 1",
        province_tag(settings.demo_province_code), justice(settings), department_code(settings.demo_province_code, "02"),
    )
    stranger, _ = await new_staff(client, db, "leader", other_agency)
    refused = await client.get(item["photo_urls"][0], headers=stranger.headers())
    assert refused.status_code == 404 and refused.json()["code"] == "feedback_photo_not_found"
    assert refused.json()["detail"] == "Không có ảnh này trong phản ánh của cơ quan bạn."
    # Nor the sender's own session: the queue's photos are the agency's to read.
    assert (await client.get(item["photo_urls"][0], headers=citizen.headers())).status_code == 403

    answered = await client.post(
        f"/api/office/feedback/{item['id']}/answer",
        json={"answer": "Xã đã cho nâng nền lối vào, hoàn thành trong tháng này. Cảm ơn bạn.", "publish": True},
        headers=leader.headers(),
    )
    assert answered.status_code == 200 and answered.json()["photo_urls"] == item["photo_urls"]
    public = (await client.get("/api/feedback/published", params={"q": "loi vao ngap nuoc"})).json()["items"]
    assert [set(i) for i in public if "ngập nước" in i["question"]] == [{"agency_name", "question", "answer", "answered_on"}]
    assert "photos" not in (await client.get("/api/feedback/published")).text


async def test_hostile_files_are_refused_with_what_to_do(client: AsyncTestClient, citizen: SignedIn) -> None:
    for data in (PDF_BYTES, HTML_BYTES):
        refused = await upload(client, data, citizen.headers())
        assert refused.status_code == 422 and refused.json()["code"] == "image_unsupported", refused.text
        assert refused.json()["title"] == "Tệp không phải ảnh"
        assert refused.json()["detail"].startswith("Tệp không phải ảnh. Hãy chụp lại giấy tờ hoặc chọn ảnh JPG, PNG")
    bomb = await upload(client, small_bomb(), citizen.headers())
    assert bomb.status_code == 422 and bomb.json()["code"] == "image_too_many_pixels"
    empty = await upload(client, b"", {**citizen.headers(), "Accept-Language": "en"})
    assert empty.status_code == 422 and empty.json()["detail"] == "The file sent is empty. Photograph the paper again or choose the photo again."
    huge = await upload(client, b"\xff\xd8" + bytes(16 * 1024 * 1024), citizen.headers())
    assert huge.status_code == 413, huge.text


async def test_at_most_three_photos_and_only_the_senders_own(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, db: asyncpg.Pool,
) -> None:
    photos = [await uploaded(client, citizen) for _ in range(4)]
    body = {"agency_code": justice(settings), "body": "Biển chỉ dẫn phòng một cửa bị che khuất, khó tìm."}
    four = await send(client, {**body, "photo_ids": photos}, citizen.headers())
    assert four.status_code == 422 and four.json()["code"] == "too_many_photos"
    assert four.json()["detail"] == "Mỗi phản ánh kèm tối đa 3 ảnh. Hãy bỏ bớt ảnh rồi gửi lại."
    assert four.json()["errors"][0]["field"] == "photo_ids"

    someone_else = await sign_in_citizen(client)
    theirs = await send(client, {**body, "photo_ids": [photos[0]]}, someone_else.headers())
    assert theirs.status_code == 422 and theirs.json()["code"] == "feedback_photo_unavailable"
    assert "không do bạn tải lên" in theirs.json()["detail"]
    twice = await send(client, {**body, "photo_ids": [photos[0], photos[0]]}, citizen.headers())
    assert twice.status_code == 422 and twice.json()["code"] == "feedback_photo_unavailable"
    # Refused sends leave nothing: no feedback, and the photos still wait for their sender.
    assert await db.fetchval("select count(*) from feedback where body = $1", body["body"]) == 0

    three = await send(client, {**body, "photo_ids": photos[:3]}, citizen.headers())
    assert three.status_code == 201 and three.json()["photo_count"] == 3
    taken = await db.fetch("select id, position from feedback_photos where feedback_id is not null and id = any($1::uuid[])", photos)
    assert sorted((r["position"], str(r["id"])) for r in taken) == [(0, photos[0]), (1, photos[1]), (2, photos[2])]
    again = await send(client, {**body, "photo_ids": [photos[0]]}, citizen.headers())
    assert again.status_code == 422 and again.json()["code"] == "feedback_photo_unavailable"


async def test_signed_out_photos_need_the_phones_code_which_the_send_then_uses(
    client: AsyncTestClient, settings: Settings, db: asyncpg.Pool, seeded: None,
) -> None:
    phone = random_phone()
    no_code = await upload(client, document_photo())
    assert no_code.status_code == 422 and no_code.json()["code"] == "phone_not_confirmed"
    code = await request_code(client, phone)
    wrong = await upload(client, document_photo(), {"X-Phone": phone, "X-Phone-Code": f"{(int(code) + 1) % 1_000_000:06d}"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "code_wrong"
    confirmed = {"X-Phone": phone, "X-Phone-Code": code}
    photos = [(await upload(client, document_photo(), confirmed)).json()["id"] for _ in range(2)]
    assert await db.fetchval("select count(*) from feedback_photos where phone = $1 and feedback_id is null", e164(phone)) == 2

    body = {"agency_code": justice(settings), "body": "Nhà văn hoá thôn chưa có điểm hỗ trợ nộp hồ sơ trực tuyến."}
    sent = await send(client, {**body, "phone": phone, "code": code, "photo_ids": photos})
    assert sent.status_code == 201, sent.text
    assert sent.json()["photo_count"] == 2
    # The send used the code up: no more uploads with it.
    spent = await upload(client, document_photo(), confirmed)
    assert spent.status_code == 400 and spent.json()["code"] == "code_not_found"


async def test_photos_no_feedback_took_are_deleted_a_day_later(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, db: asyncpg.Pool,
) -> None:
    forgotten = await uploaded(client, citizen)
    key = await db.fetchval("select storage_key from feedback_photos where id = $1", UUID(forgotten))
    stored = Path(settings.storage_dir) / key
    assert stored.exists()
    await db.execute("update feedback_photos set created_at = now() - interval '25 hours' where id = $1", UUID(forgotten))
    kept = await uploaded(client, citizen)  # a later upload sweeps
    assert await db.fetchval("select count(*) from feedback_photos where id = $1", UUID(forgotten)) == 0
    assert not stored.exists()
    assert await db.fetchval("select count(*) from feedback_photos where id = $1", UUID(kept)) == 1


async def test_uploads_are_counted_per_sender(client: AsyncTestClient, citizen: SignedIn) -> None:
    photo = document_photo(400, 400)
    for _ in range(12):
        assert (await upload(client, photo, citizen.headers())).status_code == 201
    refused = await upload(client, photo, citizen.headers())
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_requests"
    assert refused.json()["detail"].startswith("Đã gửi quá nhiều ảnh phản ánh. Hãy thử lại sau")
    assert int(refused.headers["Retry-After"]) > 0
