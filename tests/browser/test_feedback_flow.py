"""Feedback (phản ánh, kiến nghị) in Chromium, end to end: someone signed out on a phone writes to Sở Tư pháp from
the home screen (what they typed survives a reload), attaches a photo, confirms their phone with the code the SMS
gateway received, and gets a tracking code; the department's leader sees the photo and answers it from the console's
feedback queue and publishes it; the
answer is then found by the tracking code and the phone's last 4 digits, and in Hỏi đáp by words typed without
diacritics."""

from __future__ import annotations

import secrets

import asyncpg
from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, expect

from backend.agency_codes import department_code
from backend.settings import Settings
from tests.support import PHONE, document_photo, e164, officer_at_a_desk, random_phone, sms_code


async def test_feedback_sent_signed_out_is_answered_published_and_found(
    browser: Browser, live_url: str, client: AsyncTestClient, settings: Settings, seeded: None, db: asyncpg.Pool,
) -> None:
    justice = department_code(settings.demo_province_code, "06")
    word = "".join(secrets.choice("bcdghklmnpqrstvx") for _ in range(8))  # only this test's feedback has it
    question = f"Quầy chứng thực đông người, xin bố trí thêm giờ làm buổi chiều ({word})."
    answer = "Từ tháng sau quầy chứng thực mở thêm buổi chiều thứ Bảy. Cảm ơn ý kiến của bạn."
    phone = random_phone()

    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/")
        await page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
        await expect(page.get_by_role("heading", name="Gửi phản ánh, kiến nghị")).to_be_visible()
        await page.get_by_label("Cơ quan nhận phản ánh").select_option(justice)
        await page.get_by_label("Nội dung").fill(question)
        await page.reload()
        await expect(page.get_by_label("Nội dung")).to_have_value(question)
        await expect(page.get_by_label("Cơ quan nhận phản ánh")).to_have_value(justice)
        original = document_photo(2400, 3200, text="QUẦY CHỨNG THỰC")
        await page.get_by_label("Thêm ảnh", exact=True).set_input_files(
            files=[{"name": "quay.jpg", "mimeType": "image/jpeg", "buffer": original}],
        )
        await expect(page.get_by_text("Ảnh 1 — sẽ tải lên khi gửi phản ánh")).to_be_visible()

        await page.get_by_role("button", name="Gửi phản ánh").click()
        await expect(page.get_by_text("Hãy nhập số điện thoại và bấm “Gửi mã”.")).to_be_visible()
        await page.get_by_role("textbox", name="Số điện thoại của bạn").fill(phone)
        await page.get_by_role("button", name="Gửi mã").click()
        await expect(page.get_by_text("Đã gửi mã xác thực tới")).to_be_visible()
        await page.get_by_label("Mã xác thực (6 chữ số)").fill(await sms_code(e164(phone)))
        await page.get_by_role("button", name="Gửi phản ánh").click()
        sent = page.get_by_role("region", name="Đã gửi phản ánh")
        await expect(sent).to_contain_text("Đã gửi, chờ cơ quan trả lời")
        tracking_code = (await sent.locator(".tracking-code").text_content() or "").strip()
        assert tracking_code.startswith("PA-"), tracking_code
        # Compressed on the phone (the filing photos' worker) before it went up.
        stored = await db.fetchrow(
            "select p.media_type, p.bytes from feedback_photos p join feedback f on f.id = p.feedback_id where f.tracking_code = $1",
            tracking_code,
        )
        assert stored["media_type"] == "image/webp" and stored["bytes"] < len(original), stored
        await page.reload()
        await expect(page.get_by_label("Nội dung")).to_have_value("")  # the draft went with the feedback

        desk = await officer_at_a_desk(browser, live_url, "leader")
        await desk.get_by_role("link", name="Phản ánh, kiến nghị").click()
        item = desk.get_by_role("listitem").filter(has_text=tracking_code)
        await expect(item).to_contain_text(question)
        photo = item.get_by_role("img", name=f"Ảnh 1 của phản ánh {tracking_code}")
        await expect(photo).to_be_visible()
        # Loaded through the leader's session: a refused fetch would leave a broken image with no width.
        await desk.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=await photo.element_handle())
        opens = await item.get_by_role("link", name=f"Ảnh 1 của phản ánh {tracking_code}").get_attribute("href")
        assert (opens or "").startswith("/api/office/feedback/photos/"), opens
        await item.get_by_label("Trả lời").fill(answer)
        await item.get_by_role("checkbox", name="Công khai trên trang Hỏi đáp", exact=False).check()
        await item.get_by_role("button", name="Gửi trả lời").click()
        await expect(desk.get_by_role("status")).to_have_text(f"Đã trả lời phản ánh {tracking_code}; người gửi đã được báo.")
        await expect(item).to_contain_text("Đã công khai")
        await desk.context.close()

        await page.goto(f"{live_url}/#/phan-anh/tra-cuu")
        await page.get_by_label("Mã theo dõi").fill(tracking_code.lower())
        await page.get_by_label("4 số cuối điện thoại người gửi").fill(phone[-4:])
        await page.get_by_role("button", name="Tra cứu").click()
        found = page.get_by_role("region", name="Phản ánh của bạn")
        await expect(found).to_contain_text("Đã trả lời")
        await expect(found).to_contain_text(answer)

        await page.goto(f"{live_url}/#/")
        await page.get_by_role("link", name="Hỏi đáp").click()
        await page.get_by_label("Tìm trong hỏi đáp").fill(f"quay chung thuc {word.upper()}")
        await page.get_by_role("button", name="Tìm", exact=True).click()
        await expect(page.get_by_role("listitem").filter(has_text=word)).to_contain_text(answer)
        await expect(page.get_by_role("listitem")).to_have_count(1)
    finally:
        await context.close()
