"""The back office in Chromium: the reception officer receives a dossier and asks for a supplement, the
citizen adds a page and resubmits, the officer receives it, the specialist issues the result, the leader
approves, and the citizen downloads the signed result.

Officers drive the console UI (desktop). The citizen files through the API (the filing screens have
their own browser tests), then, signed in on a phone, follows the supplement request from "Hồ sơ của tôi",
adds a page and presses "Nộp bổ sung", and at the end downloads the signed result from the dossier page.
"""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

import httpx
from playwright.async_api import Browser, Page, expect
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from backend.ids import new_id
from backend.results import signing
from backend.settings import Settings
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DESKTOP, citizen_on_a_phone, document_photo, new_draft,
    officer_at_a_desk, pages_ready, paid_at_the_desk, photograph_required_documents, sign_in_citizen, SignedIn,
    submit,
)

async def _citizen(browser: Browser, live_url: str, citizen: SignedIn) -> Page:
    """The citizen on a phone, at the home screen."""
    page = await (await citizen_on_a_phone(browser, live_url, citizen)).new_page()
    await page.goto(f"{live_url}/#/")
    return page


def _signature_status(pdf: bytes, settings: Settings):
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    context = ValidationContext(trust_roots=signing.trust_roots(settings), allow_fetching=False)
    return validate_pdf_signature(signature, signer_validation_context=context)


async def _open(page: Page, code: str) -> None:
    """Find the dossier from the queue by its code, from the keyboard."""
    await page.get_by_label("Tìm theo mã hồ sơ, số điện thoại hoặc họ tên").fill(code)
    await page.keyboard.press("Enter")
    link = page.get_by_role("link", name=code)
    await link.focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", name=code)).to_be_visible()


async def _act(page: Page, button: str, **fields: str) -> None:
    await page.get_by_role("button", name=button, exact=True).click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    for label, value in fields.items():
        control = dialog.get_by_label(label)
        if await control.evaluate("el => el.tagName") == "SELECT":
            await control.select_option(label=value)
        else:
            await control.fill(value)
    await dialog.get_by_role("button", name="Xác nhận").click()
    await expect(page.get_by_role("status").filter(has_text="Đã cập nhật hồ sơ.")).to_be_visible()


async def test_receive_supplement_resubmit_approve_and_download(
    browser: Browser, live_url: str, settings: Settings, seeded_live: None, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen = await sign_in_citizen(http)
        await http.put("/api/me/profile", json={"full_name": "Nguyễn Thị Lan", "cccd": "056190000123"}, headers=citizen.headers())
        draft = await new_draft(http, citizen, CRIMINAL_RECORD, form=CRIMINAL_RECORD_FORM)
        await photograph_required_documents(http, citizen, draft, small=True)
        await pages_ready(http, citizen, draft["id"])
        submitted = await submit(http, citizen, draft["id"], str(new_id()))
        assert submitted.status_code == 200, submitted.text
        code = submitted.json()["code"]
        await paid_at_the_desk(http, citizen, submitted.json())  # the fee first (payments have tests of their own)

        # The reception officer at the province's service centre finds it and asks for a supplement.
        reception = await officer_at_a_desk(browser, live_url, "reception_officer")
        await _open(reception, code)
        # The page viewer keeps its buttons on screen on a small desk screen, however tall the photo.
        await reception.set_viewport_size({"width": 1280, "height": 720})
        await reception.get_by_role("button", name="Trang 1 — Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").click()
        zoom = reception.get_by_role("dialog")
        for name in ("Thu nhỏ", "Phóng to", "Đóng"):
            await expect(zoom.get_by_role("button", name=name)).to_be_in_viewport(ratio=1)
        await zoom.get_by_role("button", name="Phóng to").click()
        await expect(zoom.get_by_role("button", name="Đóng")).to_be_in_viewport(ratio=1)
        await zoom.get_by_role("button", name="Đóng").click()
        await reception.set_viewport_size(DESKTOP)
        await _act(
            reception, "Yêu cầu bổ sung",
            **{"Giấy tờ cần bổ sung (mỗi dòng một loại)": "Ảnh CCCD mặt sau", "Lời nhắn cho người nộp": "Ảnh mặt sau bị thiếu."},
        )
        await expect(reception.get_by_text("Cần bổ sung: Ảnh CCCD mặt sau.")).to_be_visible()

        # The citizen sees the request under "Hồ sơ của tôi", adds a page and resubmits the same dossier.
        page = await _citizen(browser, live_url, citizen)
        await page.get_by_role("banner").get_by_role("link", name="Hồ sơ của tôi").click()
        await page.get_by_role("link", name=re.compile(re.escape(code))).click()
        request = page.get_by_role("region", name="Cơ quan giải quyết yêu cầu bổ sung")
        await expect(request.get_by_role("listitem")).to_have_text(["Ảnh CCCD mặt sau"])
        await expect(request).to_contain_text("Ảnh mặt sau bị thiếu.")
        await request.get_by_role("link", name="Bổ sung hồ sơ").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Bổ sung hồ sơ")
        await expect(page.get_by_text(code)).to_be_visible()  # the code stays the same
        await expect(page.get_by_role("region", name="Cơ quan giải quyết yêu cầu bổ sung")).to_contain_text("Ảnh CCCD mặt sau")
        identity = page.locator('section.doc-slot[data-document="giay_to_tuy_than"]')
        await expect(identity.locator('.page-item[data-page-status="ready"]').first).to_be_visible()
        before = await identity.locator(".page-item").count()
        photo = tmp_path / "mat-sau.jpg"
        photo.write_bytes(document_photo(text="MẶT SAU"))
        await identity.locator('input[type="file"]:not([capture])').set_input_files(str(photo))
        use_anyway = identity.get_by_role("button", name="Vẫn dùng ảnh này")
        added_page = identity.locator(".page-item").nth(before)
        await expect(added_page.or_(use_anyway).first).to_be_visible()
        if await use_anyway.count():
            await use_anyway.click()
        # The live worker normalises the new page; the screen polls until it is ready.
        await expect(identity.locator('.page-item[data-page-status="ready"]')).to_have_count(before + 1, timeout=30_000)
        await page.get_by_role("button", name="Nộp bổ sung").click()
        await expect(page.get_by_role("heading", name="Đã nộp bổ sung hồ sơ")).to_be_visible()
        await page.get_by_role("link", name="Xem hồ sơ").click()
        await expect(page.get_by_role("link", name="Về danh sách hồ sơ")).to_be_visible()
        await expect(page.get_by_role("link", name="Bổ sung hồ sơ")).to_have_count(0)

        # Received: the appointment date and the receipt; then handed to the department's specialist.
        await reception.reload()
        await _act(reception, "Tiếp nhận")
        await expect(reception.get_by_role("link", name="Phiếu tiếp nhận và hẹn trả kết quả (PDF)")).to_be_visible()
        await _act(reception, "Chuyển xử lý", **{"Chuyên viên xử lý": "Lê Văn Cường"})

        specialist = await officer_at_a_desk(browser, live_url, "specialist")
        await _open(specialist, code)
        await _act(specialist, "Ban hành kết quả")
        await _act(specialist, "Trình ký")

        leader = await officer_at_a_desk(browser, live_url, "leader")
        await _open(leader, code)
        await _act(leader, "Phê duyệt")
        await expect(leader.get_by_role("heading", name=code)).to_contain_text("Có kết quả")
        await expect(leader.get_by_role("link", name="Kết quả đã ký số (PDF)")).to_be_visible()

        # The citizen downloads the signed result (and sees the appointment slip) from the dossier page.
        await page.reload()
        await expect(page.get_by_role("link", name="Tải phiếu hẹn")).to_be_visible()
        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Tải kết quả (PDF có chữ ký số)").click()
        download = await download_info.value
        assert download.suggested_filename == f"{code}-ket-qua.pdf"
        body = Path(await download.path()).read_bytes()
        assert body.startswith(b"%PDF") and b"/ByteRange" in body
        status = await asyncio.to_thread(_signature_status, body, settings)
        assert status.intact and status.valid and status.trusted and status.bottom_line
        for opened in (reception, specialist, leader, page):
            await opened.context.close()
