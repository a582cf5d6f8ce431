"""Filing for others in the browser: a volunteer on a phone helps a new person file (the code read from the SMS
simulator), the dossier lands in the person's account and the volunteer can no longer open it; a reception officer
files a walk-in's same-day dossier at the counter, receives and resolves it on the spot, and prints the receipt."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Page, expect

from backend.settings import Settings
from tests.support import (
    COMMUNE_DESK, DEMO, DESKTOP, PHONE, citizen_on_a_phone, clear_rate_limits, document_photo, e164,
    enter_authenticator_code, random_phone, sign_in_citizen, sms_code,
)

pytestmark = pytest.mark.usefixtures("seeded")

DOSSIER_URL = re.compile(r"#/ho-so/([0-9a-f-]{36})/nop$")
CODE_FORMAT = re.compile(r"^[0-9A-Za-z.]+-\d{6}-\d{4}$")


async def _staff_sign_in(page: Page, live_url: str, username: str, password: str) -> None:
    await page.goto(f"{live_url}/#/can-bo/dang-nhap")
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()
    await enter_authenticator_code(page, username)


async def _help(page: Page, name: str, phone: str, procedure_query: str, procedure_name: str) -> str:
    """From the helper's screen: the person, their code read out, the procedure; returns the draft's id."""
    await page.get_by_label("Họ và tên người được giúp").fill(name)
    await page.get_by_label("Số điện thoại di động của người đó").fill(phone)
    await page.get_by_role("button", name="Gửi mã cho người đó").click()
    await expect(page.get_by_role("heading", name="Đọc mã 6 số trong tin nhắn")).to_be_visible()
    await page.get_by_label("Mã 6 số trong tin nhắn").fill(await sms_code(e164(phone)))  # as the person reads it out
    await page.get_by_role("button", name="Xác nhận đồng ý").click()
    await expect(page.get_by_role("status").filter(has_text=f"Đang nộp thay cho {name}")).to_be_visible()
    await page.get_by_label("Tìm thủ tục hành chính").fill(procedure_query)
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await page.get_by_role("link", name=procedure_name, exact=True).click()
    await expect(page).to_have_url(DOSSIER_URL)
    return DOSSIER_URL.search(page.url).group(1)  # type: ignore[union-attr]


async def _photograph(page: Page, live_url: str, procedure: str, tmp_path: Path) -> None:
    async with httpx.AsyncClient(base_url=live_url) as http:
        documents = (await http.get(f"/api/catalog/procedures/{procedure}")).json()["documents"]
    required = [d for d in documents if d.get("required", True)]
    for index, document in enumerate(required):
        photo = tmp_path / f"page-{index}.jpg"
        photo.write_bytes(document_photo(text=f"TRANG {index}"))
        slot = page.locator(f'section.doc-slot[data-document="{document["code"]}"]')
        await slot.locator('input[type="file"]:not([capture])').set_input_files(str(photo))
        use_anyway = slot.get_by_role("button", name="Vẫn dùng ảnh này")
        page_item = slot.locator(".page-item")
        await expect(page_item.or_(use_anyway).first).to_be_visible()
        if await use_anyway.count():
            await use_anyway.click()
    await expect(page.locator('.page-item[data-page-status="ready"]')).to_have_count(len(required), timeout=30_000)


async def _submit_for_them(page: Page) -> str:
    await page.get_by_role("button", name="Nộp hồ sơ").click()
    await expect(page.get_by_role("heading", name="Đã nộp thay")).to_be_visible(timeout=20_000)
    code = (await page.locator(".dossier-code").text_content() or "").strip()
    assert CODE_FORMAT.match(code), code
    await expect(page.get_by_role("status").filter(has_text="Đang nộp thay")).to_have_count(0)
    return code


async def test_a_volunteer_helps_a_new_person_file_and_then_cannot_open_it(
    browser: Browser, live_url: str, settings: Settings, demo_commune: str, tmp_path: Path,
) -> None:
    await clear_rate_limits(settings)
    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    phone = random_phone()
    try:
        await _staff_sign_in(page, live_url, *DEMO["volunteer"])
        await expect(page.get_by_role("heading", name="Giúp một người nộp hồ sơ")).to_be_visible()
        dossier_id = await _help(page, "Nguyễn Văn An", phone, "khai sinh", "Đăng ký khai sinh")

        await page.get_by_label("Xã, phường nơi nộp hồ sơ").select_option(demo_commune)
        await expect(page.get_by_label("Họ và tên người nộp")).to_have_value("Nguyễn Văn An")
        await page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Nguyễn Minh Khang")
        await page.get_by_label(re.compile(r"^Ngày sinh của trẻ \(bắt buộc\)")).fill("01/11/2026")
        await page.get_by_label("Giới tính").select_option("Nam")
        await page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Khánh Hòa")
        await page.get_by_label("Họ tên mẹ").fill("Trần Thị Hoa")
        await _photograph(page, live_url, "1.001193", tmp_path)
        code = await _submit_for_them(page)

        # Today's list shows it by code and status; the dossier itself is closed to the volunteer now.
        await page.get_by_role("link", name="Giúp người khác").click()
        await expect(page.get_by_role("cell", name=code)).to_be_visible()
        closed = await context.request.get(f"{live_url}/api/dossiers/{dossier_id}")
        assert closed.status == 403 and (await closed.json())["code"] == "wrong_role"
        assert "Nguyễn Minh Khang" not in await closed.text()

        # The person signs in with their phone and finds it in their account.
        await clear_rate_limits(settings)
        async with httpx.AsyncClient(base_url=live_url) as http:
            person = await sign_in_citizen(http, phone)
        theirs = await citizen_on_a_phone(browser, live_url, person)
        mine = await theirs.new_page()
        await mine.goto(f"{live_url}/#/ho-so")
        await expect(mine.get_by_role("link", name=re.compile(re.escape(code)))).to_be_visible()
        await theirs.close()
    finally:
        await context.close()


async def test_the_counter_files_a_walk_in_receives_resolves_on_the_spot_and_prints_the_receipt(
    browser: Browser, live_url: str, settings: Settings, demo_commune: str, tmp_path: Path,
) -> None:
    await clear_rate_limits(settings)
    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    try:
        await _staff_sign_in(page, live_url, *COMMUNE_DESK)
        await expect(page.get_by_role("heading", name="Hồ sơ của cơ quan")).to_be_visible()
        await page.get_by_role("link", name="Tiếp nhận trực tiếp").click()
        await expect(page.get_by_role("heading", name="Tiếp nhận trực tiếp")).to_be_visible()
        await _help(page, "Lê Văn Tám", random_phone(), "chứng thực bản sao", "Chứng thực bản sao từ bản chính giấy tờ, văn bản")

        await page.get_by_label("Xã, phường nơi nộp hồ sơ").select_option(demo_commune)
        await page.get_by_label("Tên giấy tờ").fill("Bằng tốt nghiệp")
        await page.get_by_label("Số trang mỗi bản").fill("2")
        await page.get_by_label(re.compile(r"^Số bản")).fill("1")
        await _photograph(page, live_url, "2.000815", tmp_path)
        code = await _submit_for_them(page)

        await page.get_by_role("link", name="Mở hồ sơ để tiếp nhận").click()
        await expect(page.get_by_role("heading", name=code)).to_be_visible()
        for button in ("Tiếp nhận", "Giải quyết tại chỗ"):
            await page.get_by_role("button", name=button, exact=True).click()
            dialog = page.get_by_role("dialog")
            await dialog.get_by_role("button", name="Xác nhận").click()
            await expect(page.get_by_role("status").filter(has_text="Đã cập nhật hồ sơ.")).to_be_visible()
        # Resolved on the spot; certified copies are paid when the result is handed over.
        await expect(page.get_by_role("heading", name=code)).to_contain_text("Chờ nộp phí khi nhận kết quả")
        receipt = page.get_by_role("link", name="Phiếu tiếp nhận và hẹn trả kết quả (PDF)")
        # The link opens the PDF in the browser's viewer, where the desk prints it; fetched here as that tab would.
        answer = await context.request.get(f"{live_url}{await receipt.get_attribute('href')}")
        assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
        assert (await answer.body()).startswith(b"%PDF")
    finally:
        await context.close()
