"""Filing from a phone: drafts, photographed pages, submission once per key, withdrawal, the wallet."""

from __future__ import annotations

import io
import re

import asyncpg
from litestar.testing import AsyncTestClient
from PIL import Image

from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, SignedIn, detail, document_photo, new_draft, ready_to_submit,
    run_worker_until_idle, sign_in_citizen, submit, upload,
)

MARRIAGE_REGISTRATION = "1.000894"


async def test_a_draft_is_prefilled_and_pinned_to_the_current_version(
    client: AsyncTestClient, citizen: SignedIn, db: asyncpg.Pool, demo_commune: str
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    current = await db.fetchval("select current_version_id from procedures where code = $1", BIRTH_REGISTRATION)
    commune_agency = await db.fetchval(
        "select code from agencies where admin_unit_code = $1 and level = 'commune'", demo_commune
    )
    assert dossier["procedure_version_id"] == str(current)
    assert dossier["agency_code"] == commune_agency
    assert dossier["state"] == "draft" and dossier["code"] is None
    assert dossier["applicant"]["full_name"] == "Nguyễn Thị Lan"
    assert dossier["applicant"]["cccd"] == "056190000123"
    assert [d["code"] for d in dossier["documents"] if d["required"]] == [
        "to_khai_khai_sinh", "giay_chung_sinh", "giay_to_tuy_than",
    ]
    assert {e["field"] for e in dossier["form_errors"]} == {
        "child_full_name", "child_birth_date", "child_sex", "birth_place", "mother_full_name",
    }
    assert dossier["fee"]["total"] == 0


async def test_what_was_typed_is_saved_and_checked_by_the_same_rules(client: AsyncTestClient, citizen: SignedIn) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    typed = {**BIRTH_FORM, "child_sex": "Khác", "copies_requested": 11}
    saved = await client.put(
        f"/api/dossiers/{dossier['id']}", json={"procedure_code": BIRTH_REGISTRATION, "form": typed},
        headers=citizen.headers(),
    )
    assert saved.status_code == 200
    again = await detail(client, citizen, dossier["id"])
    assert again["form"] == typed
    assert again["form_errors"] == [
        {"field": "child_sex", "message": "“Giới tính” phải chọn một trong các lựa chọn có sẵn"},
        {"field": "copies_requested", "message": "“Số bản sao trích lục yêu cầu” phải nhỏ hơn hoặc bằng 10"},
    ]


async def test_stored_pages_carry_no_exif_and_no_gps(client: AsyncTestClient, citizen: SignedIn, settings: Settings) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    original = document_photo(3000, 4000, exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload does carry GPS
    uploaded = await upload(client, citizen, dossier["id"], "giay_chung_sinh", original)
    assert uploaded.json()["status"] == "processing", uploaded.text
    await run_worker_until_idle(settings)

    page = (await detail(client, citizen, dossier["id"]))["documents"][1]["pages"][0]
    assert page["status"] == "ready"
    stored = (await client.get(page["image_url"], headers=citizen.headers())).content
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and not image.getexif().get_ifd(0x8825)
    assert "exif" not in image.info and "xmp" not in image.info
    assert max(image.size) <= 2000 and image.size[0] < image.size[1]
    assert len(stored) < len(original)


async def test_bad_uploads_are_refused_and_nothing_already_saved_is_lost(client: AsyncTestClient, citizen: SignedIn) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION, form=BIRTH_FORM)
    good = await upload(client, citizen, dossier["id"], "giay_chung_sinh", document_photo(800, 1000))
    assert good.status_code == 200

    pdf = await upload(client, citizen, dossier["id"], "giay_chung_sinh", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF")
    assert pdf.status_code == 422
    assert pdf.headers["content-type"].startswith("application/problem+json")
    assert "không phải ảnh" in pdf.json()["detail"]

    empty = await upload(client, citizen, dossier["id"], "giay_chung_sinh", b"")
    assert empty.status_code == 422 and empty.json()["detail"]

    too_big = await upload(client, citizen, dossier["id"], "giay_chung_sinh", b"\xff" * (16 * 1024 * 1024))
    assert too_big.status_code == 413
    assert "15 MB" in too_big.json()["detail"]

    unknown_document = await upload(client, citizen, dossier["id"], "no_such_paper", document_photo(400, 600))
    assert unknown_document.json()["code"] == "document_not_found"

    after = await detail(client, citizen, dossier["id"])
    assert after["form"] == BIRTH_FORM
    assert [p["id"] for p in after["documents"][1]["pages"]] == [good.json()["id"]]


async def test_a_retried_upload_lands_on_the_same_page(client: AsyncTestClient, citizen: SignedIn) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    page_id, photo = str(new_id()), document_photo(600, 800)
    first = await upload(client, citizen, dossier["id"], "giay_chung_sinh", photo, page_id=page_id)
    retry = await upload(client, citizen, dossier["id"], "giay_chung_sinh", photo, page_id=page_id)
    assert first.json()["id"] == retry.json()["id"] == page_id
    assert len((await detail(client, citizen, dossier["id"]))["documents"][1]["pages"]) == 1


async def test_an_incomplete_dossier_is_not_submitted(client: AsyncTestClient, citizen: SignedIn) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION, form=BIRTH_FORM)
    response = await submit(client, citizen, dossier["id"], str(new_id()))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "dossier_incomplete"
    assert "chưa có ảnh “Giấy chứng sinh”" in body["detail"]
    assert (await detail(client, citizen, dossier["id"]))["state"] == "draft"


async def test_submitting_assigns_a_code_once_per_idempotency_key(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings
) -> None:
    dossier = await ready_to_submit(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM)
    key = str(new_id())
    first = await submit(client, citizen, dossier["id"], key)
    assert first.status_code == 200, first.text
    submitted = first.json()
    assert submitted["state"] == "submitted" and submitted["national_status"] == 1
    assert re.fullmatch(re.escape(dossier["agency_code"]) + r"-\d{6}-\d{4}", submitted["code"])
    assert [e["action"] for e in submitted["timeline"]] == ["submit"]

    retry = await submit(client, citizen, dossier["id"], key)
    assert retry.status_code == 200 and retry.json() == submitted

    other_body = await submit(client, citizen, dossier["id"], key, body='{"note": "khác"}'.encode())
    assert other_body.status_code == 409 and other_body.json()["code"] == "idempotency_key_reused"

    no_key = await client.post(f"/api/dossiers/{dossier['id']}/submit", headers=citizen.headers())
    assert no_key.status_code == 422 and no_key.json()["errors"][0]["field"] == "Idempotency-Key"

    new_key = await submit(client, citizen, dossier["id"], str(new_id()))
    assert new_key.status_code == 409 and new_key.json()["allowed_actions"] == ["withdraw"]


async def test_withdrawal_before_reception_is_on_the_timeline(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings
) -> None:
    dossier = await ready_to_submit(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM)
    await submit(client, citizen, dossier["id"], str(new_id()))
    response = await client.post(
        f"/api/dossiers/{dossier['id']}/withdraw", json={"reason": "Nộp nhầm thủ tục"}, headers=citizen.headers()
    )
    withdrawn = response.json()
    assert withdrawn["state"] == "withdrawn" and withdrawn["national_status"] == 7
    assert [(e["action"], e["words"]) for e in withdrawn["timeline"]] == [
        ("submit", "Đã gửi, chờ cán bộ một cửa kiểm tra"),
        ("withdraw", "Bạn đã rút hồ sơ"),
    ]
    assert withdrawn["timeline"][1]["note"] == "Nộp nhầm thủ tục"


async def test_my_dossiers_lists_only_mine(client: AsyncTestClient, citizen: SignedIn) -> None:
    mine = await new_draft(client, citizen, BIRTH_REGISTRATION)
    stranger = await sign_in_citizen(client)
    listed = (await client.get("/api/dossiers", headers=citizen.headers())).json()["items"]
    assert mine["id"] in [d["id"] for d in listed]
    assert (await client.get("/api/dossiers", headers=stranger.headers())).json()["items"] == []

    for response in (
        await client.get(f"/api/dossiers/{mine['id']}", headers=stranger.headers()),
        await client.put(
            f"/api/dossiers/{mine['id']}", json={"procedure_code": BIRTH_REGISTRATION, "form": {}},
            headers=stranger.headers(),
        ),
        await upload(client, stranger, mine["id"], "giay_chung_sinh", document_photo(400, 600)),
        await submit(client, stranger, mine["id"], str(new_id())),
    ):
        assert response.status_code == 404
        assert "Nguyễn" not in response.text and mine["id"] not in response.text.replace(response.json().get("instance", ""), "")


async def test_a_document_given_once_is_offered_again_from_the_wallet(
    client: AsyncTestClient, citizen: SignedIn, settings: Settings
) -> None:
    first = await ready_to_submit(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM)
    submitted = (await submit(client, citizen, first["id"], str(new_id()))).json()
    wallet = (await client.get("/api/wallet", headers=citizen.headers())).json()["items"]
    assert [(w["document_type"], w["source_dossier_code"], w["pages"]) for w in wallet] == [
        ("can_cuoc", submitted["code"], 1)
    ]

    marriage = await new_draft(client, citizen, MARRIAGE_REGISTRATION)
    reused = await client.put(
        f"/api/dossiers/{marriage['id']}/documents/giay_to_tuy_than/reuse",
        json={"wallet_document_id": wallet[0]["id"]},
        headers=citizen.headers(),
    )
    assert reused.status_code in (200, 204), reused.text
    slot = next(d for d in (await detail(client, citizen, marriage["id"]))["documents"] if d["code"] == "giay_to_tuy_than")
    assert slot["complete"] and slot["reused_wallet_document_id"] == wallet[0]["id"]

    wrong_type = await client.put(
        f"/api/dossiers/{marriage['id']}/documents/to_khai_ket_hon/reuse",
        json={"wallet_document_id": wallet[0]["id"]},
        headers=citizen.headers(),
    )
    assert wrong_type.status_code == 422 and wrong_type.json()["code"] == "wallet_document_mismatch"
