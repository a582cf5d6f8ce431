"""A citizen signs in with the code that reached the SMS gateway simulator and sees their profile; staff sign in
and land where their work is in one step (officers at their desk's queue, a courier on the courier's page)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

from tests.support import DEMO, DESKTOP, PHONE, enter_authenticator_code, random_phone, sms_code


async def test_citizen_signs_in_with_a_code_edits_the_profile_and_signs_out(browser: Browser, live_url: str) -> None:
    digits = random_phone().removeprefix("0")
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await page.get_by_role("link", name="Đăng nhập", exact=True).click()

        await page.get_by_label("Số điện thoại di động").fill(f"0{digits[:3]} {digits[3:6]} {digits[6:]}")
        await page.get_by_role("button", name="Gửi mã").click()
        code_input = page.get_by_label("Mã xác thực (6 chữ số)")
        await expect(code_input).to_be_visible()
        assert await code_input.get_attribute("autocomplete") == "one-time-code"
        assert await code_input.get_attribute("inputmode") == "numeric"

        # A wrong code first: the server's Vietnamese detail is shown as is.
        code = await sms_code(f"+84{digits}")
        await code_input.fill(f"{(int(code) + 1) % 1_000_000:06d}")
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        await expect(page.get_by_role("alert")).to_contain_text("Mã chưa đúng. Bạn còn 4 lần thử.")

        await code_input.fill(code)
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()

        await expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
        await expect(page.get_by_text(f"0{digits[:3]} {digits[3:6]} {digits[6:]}")).to_be_visible()  # as people write it
        cookies = {c["name"]: c for c in await context.cookies()}
        assert cookies["motcua_session"]["httpOnly"] and not cookies["motcua_csrf"]["httpOnly"]
        assert cookies["motcua_session"]["sameSite"] == "Lax"
        # Secure even over http://127.0.0.1: Chromium treats loopback as a secure context.
        assert cookies["motcua_session"]["secure"] and cookies["motcua_csrf"]["secure"]

        # Edit the profile (a cookie-authenticated write: the PWA sends the CSRF header).
        await page.get_by_role("button", name="Sửa thông tin").click()
        await page.get_by_label("Họ và tên").fill("Trần Thị Mai")
        await page.get_by_role("button", name="Lưu").click()
        await expect(page.get_by_text("Đã lưu thông tin.")).to_be_visible()
        await expect(page.get_by_text("Trần Thị Mai")).to_be_visible()

        await page.get_by_role("button", name="Đăng xuất").click()
        await expect(page.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
        await page.goto(f"{live_url}/#/tai-khoan")
        await expect(page.get_by_text("Bạn chưa đăng nhập.")).to_be_visible()
    finally:
        await context.close()


# Each officer's desk, by name: the service centre receives, the department's staff process and approve.
DESKS = {
    "reception_officer": "Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa",
    "specialist": "Sở Tư pháp tỉnh Khánh Hòa",
    "leader": "Sở Tư pháp tỉnh Khánh Hòa",
}
ROLE_NAMES = {"reception_officer": "Cán bộ tiếp nhận (một cửa)", "specialist": "Chuyên viên", "leader": "Lãnh đạo"}


async def _staff_sign_in(page: Page, username: str, password: str) -> None:
    await page.get_by_label("Tên đăng nhập").fill(username)
    await page.get_by_label("Mật khẩu").fill(password)
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()


@pytest.mark.parametrize("role", list(DESKS))
async def test_each_officer_signs_in_with_the_code_and_lands_on_the_queue(
    browser: Browser, live_url: str, seeded_live: None, role: str
) -> None:
    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/can-bo/dang-nhap")
        await _staff_sign_in(page, DEMO[role][0], "sai-mat-khau")
        await expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")

        await _staff_sign_in(page, *DEMO[role])
        await expect(page.get_by_role("textbox", name="Mã xác thực", exact=True)).to_have_attribute("autocomplete", "one-time-code")
        await enter_authenticator_code(page, DEMO[role][0])
        await expect(page.get_by_role("heading", name="Hồ sơ của cơ quan", level=1)).to_be_visible()
        await expect(page.locator(".office-desk")).to_have_text(DESKS[role])
        assert page.url.endswith("#/can-bo")
        # The header offers what an officer can do, and nothing a citizen's.
        banner = page.get_by_role("banner")
        await expect(banner.get_by_role("link", name="Hàng đợi")).to_have_attribute("href", "#/can-bo")
        await expect(banner.get_by_role("button", name="Đăng xuất")).to_be_visible()
        await expect(banner.get_by_role("link", name=re.compile("Hồ sơ"))).to_have_count(0)

        await banner.get_by_role("link", name="Tài khoản").click()
        await expect(page.get_by_text(ROLE_NAMES[role], exact=True)).to_be_visible()
        await expect(page.get_by_text(DESKS[role], exact=True)).to_be_visible()
        await banner.get_by_role("button", name="Đăng xuất").click()
        await expect(banner.get_by_role("link", name="Đăng nhập", exact=True)).to_be_visible()
        await expect(page.get_by_label("Tìm thủ tục hành chính")).to_be_visible()
    finally:
        await context.close()


async def test_a_courier_lands_on_an_honest_page_not_a_refusal(browser: Browser, live_url: str, seeded_live: None) -> None:
    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/can-bo/dang-nhap")
        await _staff_sign_in(page, *DEMO["courier"])
        await expect(page.get_by_role("heading", name="Bưu tá", level=1)).to_be_visible()
        await expect(page.get_by_text("Hoàng Văn Em · Bưu điện Khánh Hòa")).to_be_visible()
        await expect(page.get_by_role("link", name="Mở danh sách bưu gửi hôm nay")).to_have_attribute("href", "#/buu-ta")
        await expect(page.get_by_text("Không có quyền")).to_have_count(0)
        banner = page.get_by_role("banner")
        await expect(banner.get_by_role("link", name="Công việc")).to_be_visible()
        await expect(banner.get_by_role("link", name=re.compile("Hồ sơ"))).to_have_count(0)
        # The queue is not theirs: the console points them back rather than refusing.
        await page.goto(f"{live_url}/#/can-bo")
        await expect(page.get_by_text("Hàng đợi hồ sơ dành cho cán bộ tiếp nhận, chuyên viên và lãnh đạo.")).to_be_visible()
        await page.get_by_role("link", name="Về trang công việc của bạn").click()
        await page.get_by_role("link", name="Tra cứu thủ tục hành chính").click()
        await expect(page.get_by_label("Tìm thủ tục hành chính")).to_be_visible()
    finally:
        await context.close()
