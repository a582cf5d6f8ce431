"""A citizen signs in with the code that reached the SMS gateway simulator and sees their profile; staff sign in
with their password and their authenticator's code (enrolling it the first time) and land where their work is
(officers at their desk's queue, a courier on the courier's page)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, Page, expect

import asyncpg
import pyotp

from backend.accounts import queries as account_queries
from backend.accounts.service import hash_password
from backend.ids import new_id
from tests.support import DEMO, DESKTOP, PHONE, TEST_PASSWORD, enter_authenticator_code, random_phone, sms_code


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
        if role == "leader":  # a leader lands on their agency's overview (issue 17), a link away from the queue
            await expect(page.get_by_role("heading", name="Tình hình giải quyết hồ sơ", level=1)).to_be_visible()
            assert page.url.endswith("#/can-bo/lanh-dao")
            await page.get_by_role("link", name="← Hàng đợi hồ sơ").click()
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
        await enter_authenticator_code(page, DEMO["courier"][0])
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


async def test_a_new_officer_enrols_an_authenticator_at_the_first_sign_in(
    browser: Browser, live_url: str, seeded_live: None, db: asyncpg.Pool
) -> None:
    username = f"moi{new_id().hex[:8]}"
    agency = await db.fetchval("select agency_code from staff_users where username = 'tiepnhan'")
    await account_queries.upsert_staff(
        db, new_id(), username=username, full_name="Cán bộ Mới", role="reception_officer", agency_code=agency,
        team_code=None, password_hash=await hash_password(TEST_PASSWORD),
    )
    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/can-bo/dang-nhap")
        await _staff_sign_in(page, username, TEST_PASSWORD)

        await expect(page.get_by_role("heading", name="Cài đặt xác thực hai lớp")).to_be_visible()
        await expect(page.get_by_role("img", name="Mã QR để thêm tài khoản vào ứng dụng xác thực").locator("svg")).to_be_visible()
        await expect(page.locator(".recovery-codes li")).to_have_count(10)
        secret = await page.locator("p", has_text="Không quét được?").locator("code").inner_text()
        # The code is asked for only once the person says the recovery codes are kept.
        await expect(page.get_by_label("Mã xác thực", exact=True)).to_have_count(0)
        await page.get_by_label("Đã lưu mã khôi phục").check()
        await page.get_by_label("Mã xác thực", exact=True).fill(pyotp.TOTP(secret).now())
        await page.get_by_role("button", name="Xác nhận", exact=True).click()

        await expect(page.get_by_role("heading", name="Hồ sơ của cơ quan", level=1)).to_be_visible()
    finally:
        await context.close()
