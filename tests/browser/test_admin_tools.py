"""The administrator's calendar, notification templates and audit screens, from their staff home: a make-up working
day moves the sample due date; a template shows its SMS segment count; the audit log of one dossier is filtered by its
code and downloaded as CSV for Excel."""

from __future__ import annotations

import csv
import io

from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, Page, expect

from backend.settings import Settings
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DEMO, DESKTOP, SignedIn, enter_authenticator_code, office, sign_in_staff,
    submitted_dossiers,
)

# A year no other test adjusts, so the make-up day changes nobody else's due dates.
YEAR = 2034


async def admin_at_home(browser: Browser, live_url: str) -> Page:
    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN", accept_downloads=True)
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    await page.goto(f"{live_url}/#/can-bo/dang-nhap")
    await page.get_by_label("Tên đăng nhập").fill(DEMO["admin"][0])
    await page.get_by_label("Mật khẩu").fill(DEMO["admin"][1])
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()
    await enter_authenticator_code(page, DEMO["admin"][0])
    await expect(page.get_by_role("heading", name="Quản trị viên")).to_be_visible()
    return page


async def test_a_make_up_working_day_moves_the_sample_due_date(browser: Browser, live_url: str, seeded: None) -> None:
    page = await admin_at_home(browser, live_url)
    await page.get_by_role("link", name="Lịch làm việc (ngày nghỉ bù, ngày làm bù)").click()
    await expect(page.get_by_role("heading", name="Lịch làm việc năm", exact=False)).to_be_visible()
    holidays = page.locator("table", has=page.locator("caption", has_text="Ngày lễ và ngày điều chỉnh năm"))
    await expect(holidays.locator("tbody tr").first).to_be_visible()

    sample = page.get_by_role("region", name="Ảnh hưởng đến ngày hẹn trả")
    await sample.get_by_label("Ngày tiếp nhận").fill(f"19/10/{YEAR}")  # a Thursday
    await sample.get_by_label("Số ngày làm việc").fill("2")
    result = sample.locator(".admin-tools-sample__result")
    await expect(result).to_have_text(
        f"Tiếp nhận Thứ Năm, 19/10/{YEAR}, 2 ngày làm việc → hẹn trả Thứ Hai, 23/10/{YEAR}"
    )
    await expect(sample).to_contain_text(f"Không tính các ngày: Thứ Bảy, 21/10/{YEAR}; Chủ nhật, 22/10/{YEAR}.")

    form = page.get_by_role("group", name="Thêm ngày nghỉ hoặc ngày làm bù")
    await form.get_by_label("Ngày (dd/mm/yyyy)").fill(f"21/10/{YEAR}")
    await form.get_by_label("Loại ngày").select_option("working_day")
    await form.get_by_label("Ghi chú (ví dụ: số văn bản)").fill("Làm bù theo Quyết định 1/QĐ-UBND")
    await form.get_by_role("button", name="Lưu điều chỉnh").click()
    await expect(page.get_by_role("status").filter(has_text=f"Đã lưu: 21/10/{YEAR} là ngày làm bù.")).to_be_visible()
    await expect(page.get_by_role("heading", name=f"Lịch làm việc năm {YEAR}")).to_be_visible()
    row = holidays.locator(f"tr[data-day='{YEAR}-10-21']")
    await expect(row).to_contain_text("Ngày làm bù")
    await expect(row).to_contain_text("Làm bù theo Quyết định 1/QĐ-UBND")
    # The year's public holidays are listed with their weekday in Vietnamese.
    await expect(holidays.locator(f"tr[data-day='{YEAR}-09-02'] th")).to_have_text(f"Thứ Bảy, 02/09/{YEAR}")
    await expect(result).to_have_text(
        f"Tiếp nhận Thứ Năm, 19/10/{YEAR}, 2 ngày làm việc → hẹn trả Thứ Bảy, 21/10/{YEAR}"
    )

    # Keyboard only: the remove button is reached and pressed without a mouse; the due date moves back.
    remove = row.get_by_role("button", name=f"Xóa điều chỉnh ngày 21/10/{YEAR}")
    await remove.focus()
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("status").filter(has_text=f"Đã xóa điều chỉnh ngày 21/10/{YEAR}.")).to_be_visible()
    await expect(row).to_have_count(0)
    await expect(result).to_contain_text(f"hẹn trả Thứ Hai, 23/10/{YEAR}")
    await page.get_by_role("link", name="← Trang công việc").click()
    await expect(page.get_by_role("heading", name="Quản trị viên")).to_be_visible()
    await page.context.close()


async def test_the_templates_show_each_sms_segment_count(
    browser: Browser, live_url: str, client: AsyncTestClient, admin: SignedIn,
) -> None:
    previews = (await client.get("/api/admin/notification-templates", headers=admin.headers())).json()
    received = next(p for p in previews if p["sample"].get("to_state") == "received" and p["language"] == "vi")
    page = await admin_at_home(browser, live_url)
    await page.get_by_role("link", name="Mẫu thông báo (thông báo đẩy, SMS)").click()
    table = page.locator("table", has=page.locator("caption", has_text="Thông báo theo sự kiện"))
    await expect(table.locator("caption")).to_have_text(f"Thông báo theo sự kiện ({len(previews)} mẫu)")
    row = table.locator("tbody tr", has_text=received["sms"])
    await expect(row).to_have_count(1)
    segments = row.locator("td.admin-tools-segments")
    await expect(segments).to_contain_text(f"{received['sms_segments']} phần")
    await expect(segments).to_contain_text(f"GSM-7: {received['sms_units']}/160 ký tự")
    await expect(segments).to_contain_text(f"Nếu giữ dấu (UCS-2): {received['sms_unicode_segments']} phần")
    await expect(row).to_contain_text("Hồ sơ đã được tiếp nhận")  # the push title
    await expect(row).to_contain_text("Bắt buộc theo quy định")
    # English only.
    await page.get_by_label("Ngôn ngữ", exact=True).select_option("en")
    await expect(table.locator("tbody tr[data-language='vi']")).to_have_count(0)
    await expect(table.locator("tbody tr[data-language='en']")).to_have_count(len(previews) // 2)
    await page.context.close()


async def test_the_audit_of_one_dossier_is_filtered_by_its_code_and_downloaded_as_csv(
    browser: Browser, live_url: str, client: AsyncTestClient, settings: Settings, citizen: SignedIn,
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    await office(client, reception, dossier["id"])  # audited: dossier.read
    code = dossier["code"]

    page = await admin_at_home(browser, live_url)
    await page.get_by_role("link", name="Nhật ký truy cập và thao tác").click()
    filters = page.get_by_role("search", name="Lọc nhật ký")
    await filters.get_by_label("Hồ sơ (mã hoặc id)").fill(code)
    await filters.get_by_label("Hồ sơ (mã hoặc id)").press("Enter")
    table = page.locator("table", has=page.locator("caption", has_text="Nhật ký, mới nhất trước"))
    read = table.locator("tbody tr[data-action='dossier.read']")
    await expect(read).to_have_count(1)
    await expect(read).to_contain_text("Xem hồ sơ")
    await expect(read).to_contain_text(f"Hồ sơ: {code}")
    await expect(read).to_contain_text("Cán bộ tiếp nhận (một cửa)")  # the role, in words
    rows = await table.locator("tbody tr").count()
    assert rows >= 1 and await table.locator("tbody tr", has_text=code).count() == rows

    async with page.expect_download() as waiting:
        await filters.get_by_role("link", name="Tải CSV (theo bộ lọc)").click()
    download = await waiting.value
    assert download.suggested_filename.startswith("nhat-ky-") and download.suggested_filename.endswith(".csv")
    content = open(await download.path(), "rb").read()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert lines[0][:5] == ["Thời điểm", "Người thực hiện", "Tài khoản", "Vai trò", "Hành động"]
    assert len(lines) == rows + 1
    assert all(line[6] == dossier["id"] and line[7] == code for line in lines[1:])
    assert [line[2] for line in lines[1:] if line[4] == "dossier.read"] == [DEMO["reception_officer"][0]]
    await page.context.close()
