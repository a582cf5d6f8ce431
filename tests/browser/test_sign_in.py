"""A citizen signs in with the code from the development SMS sender and sees their profile."""

from __future__ import annotations

import secrets

import httpx
from playwright.async_api import Browser, expect

from tests.support import DEMO, PHONE, sms_code


async def test_citizen_signs_in_with_a_code_edits_the_profile_and_signs_out(browser: Browser, live_url: str) -> None:
    digits = f"91{secrets.randbelow(10_000_000):07d}"
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
        async with httpx.AsyncClient(base_url=live_url) as http:
            code = await sms_code(http, f"+84{digits}")
        await code_input.fill(f"{(int(code) + 1) % 1_000_000:06d}")
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        await expect(page.get_by_role("alert")).to_contain_text("Mã chưa đúng. Bạn còn 4 lần thử.")

        await code_input.fill(code)
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()

        await expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
        await expect(page.get_by_text(f"+84{digits}")).to_be_visible()
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


async def test_staff_member_signs_in_and_sees_their_role(browser: Browser, live_url: str, seeded_live: None) -> None:
    context = await browser.new_context(locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/can-bo/dang-nhap")
        await page.get_by_label("Tên đăng nhập").fill("lanhdao")
        await page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        await expect(page.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")

        await page.get_by_label("Mật khẩu").fill(DEMO["leader"][1])
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        await expect(page.get_by_text("Lãnh đạo", exact=True)).to_be_visible()
        await page.get_by_role("link", name="Về trang chủ").click()
        await expect(page.get_by_label("Tìm thủ tục hành chính")).to_be_visible()
    finally:
        await context.close()
