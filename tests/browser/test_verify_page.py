"""The public verification page a result's QR code opens: facts, then a verdict on the copy one holds."""

from __future__ import annotations

from playwright.async_api import Browser, expect

from tests.support import PHONE, Issued, flip_a_content_byte

PDF = "application/pdf"


async def test_anyone_can_check_a_copy_of_an_e_result(browser: Browser, live_url: str, issued: Issued) -> None:
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/xac-minh/{issued.result.verification_code}")
        await expect(page.get_by_role("heading", name="Xác minh văn bản điện tử")).to_be_visible()
        await expect(page.get_by_text("Trích lục khai sinh")).to_be_visible()
        await expect(page.get_by_text(issued.dossier_code)).to_be_visible()
        await expect(page.get_by_text("Nguyễn Thị Lan")).to_have_count(0)

        picker = page.get_by_label("Chọn tệp PDF để kiểm tra")
        await picker.set_input_files(files=[{"name": "ket-qua.pdf", "mimeType": PDF, "buffer": issued.pdf}])
        await expect(page.get_by_text("Văn bản xác thực, chưa bị chỉnh sửa").first).to_be_visible()

        altered = flip_a_content_byte(issued.pdf)
        await picker.set_input_files(files=[{"name": "ban-sua.pdf", "mimeType": PDF, "buffer": altered}])
        await expect(page.get_by_text("Văn bản đã bị chỉnh sửa").first).to_be_visible()

        await picker.set_input_files(files=[{"name": "anh.pdf", "mimeType": PDF, "buffer": b"not a pdf"}])
        await expect(page.get_by_role("alert")).to_contain_text("không phải tệp PDF")
    finally:
        await context.close()
