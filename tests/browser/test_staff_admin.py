"""Staff accounts managed from screens (issue 17's acceptance): the demo administrator creates a reception officer at
the province's service-centre desk and hands over the one-time link; the officer chooses a password, enrols an
authenticator and signs in with it, and finds the centre's dossier in the queue. The admin moves them to a commune's
desk and their queue changes to that desk's dossier; the admin disables them and their open session is refused on
its next request. Two browser contexts: the admin's and the officer's."""

from __future__ import annotations

import secrets

import pyotp
from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, Page, expect

from backend.settings import Settings
from tests.support import (
    BIRTH_FORM, BIRTH_REGISTRATION, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DEMO, DESKTOP, SignedIn,
    enter_authenticator_code, submitted_dossiers,
)

CENTRE = "000.00.02.H56"  # the demo province's public-service centre: receives the departments' dossiers
PASSWORD = "mot-mat-khau-dai-2026"


async def _in_queue(page: Page, code: str) -> bool:
    """Search the officer's queue for a dossier code, from the keyboard; whether it is listed. (The screen asks the
    API when the search changes, so consecutive calls search different codes.)"""
    search = page.get_by_label("Tìm theo mã hồ sơ, số điện thoại hoặc họ tên")
    await search.fill(code)
    async with page.expect_response(lambda r: "/api/office/queue" in r.url and code in r.url) as answer:
        await page.keyboard.press("Enter")
    assert (await answer.value).status == 200
    return code in [item["code"] for item in (await (await answer.value).json())["items"]]


async def _choose_agency(page: Page, filter_text: str, code: str) -> None:
    async with page.expect_response(lambda r: "/api/catalog/agencies" in r.url and "q=" in r.url):
        await page.get_by_label("Lọc danh sách cơ quan").fill(filter_text)
    await page.get_by_label("Cơ quan (với cán bộ tiếp nhận: bộ phận một cửa)").select_option(code)


async def test_admin_creates_moves_and_disables_a_reception_officer(
    browser: Browser, live_url: str, client: AsyncTestClient, settings: Settings, citizen: SignedIn, seeded_live: None,
) -> None:
    (centre_dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    (commune_dossier,) = await submitted_dossiers(client, settings, citizen, BIRTH_REGISTRATION, BIRTH_FORM, 1)
    commune_desk = commune_dossier["agency_code"]  # the citizen's commune's People's Committee receives its own
    assert commune_desk != CENTRE
    username = f"tn{secrets.token_hex(4)}"

    admin_context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    officer_context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    try:
        # The admin, from their work page, creates the account at the centre's desk.
        admin = await admin_context.new_page()
        await admin.goto(f"{live_url}/#/can-bo/dang-nhap")
        await admin.get_by_label("Tên đăng nhập").fill(DEMO["admin"][0])
        await admin.get_by_label("Mật khẩu").fill(DEMO["admin"][1])
        await admin.get_by_role("button", name="Đăng nhập", exact=True).click()
        await enter_authenticator_code(admin, DEMO["admin"][0])
        await admin.get_by_role("link", name="Quản lý tài khoản cán bộ").click()
        await expect(admin.get_by_role("heading", name="Tài khoản cán bộ", level=1)).to_be_visible()
        await admin.get_by_role("link", name="Thêm cán bộ").click()
        await admin.get_by_label("Tên đăng nhập").fill(username)
        await admin.get_by_label("Họ và tên").fill("Phan Thị Thu Trang")
        await expect(admin.get_by_label("Vai trò")).to_have_value("reception_officer")
        await _choose_agency(admin, "trung tam phuc vu", CENTRE)
        await admin.get_by_label("Số điện thoại").fill("0912 345 670")
        await admin.get_by_role("button", name="Tạo tài khoản").click()
        panel = admin.locator(".staff-admin-link")
        await expect(panel.get_by_role("heading", name=f"Liên kết đặt mật khẩu cho {username}")).to_be_visible()
        link = await panel.get_by_label("Liên kết").input_value()
        assert "#/can-bo/dat-mat-khau/" in link

        # The officer opens the link, chooses a password, signs in and enrols an authenticator.
        officer = await officer_context.new_page()
        await officer.goto(link)
        await expect(officer.get_by_text(f"Tài khoản: {username} (Phan Thị Thu Trang)")).to_be_visible()
        await officer.get_by_label("Mật khẩu mới").fill(PASSWORD)
        await officer.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        await officer.get_by_role("button", name="Đặt mật khẩu").click()
        await expect(officer.get_by_role("status")).to_contain_text("Đã đặt mật khẩu.")
        await officer.get_by_role("link", name="Đăng nhập cán bộ").click()
        await officer.get_by_label("Tên đăng nhập").fill(username)
        await officer.get_by_label("Mật khẩu").fill(PASSWORD)
        await officer.get_by_role("button", name="Đăng nhập", exact=True).click()
        await expect(officer.get_by_role("heading", name="Cài đặt xác thực hai lớp")).to_be_visible()
        secret = await officer.locator("p", has_text="Không quét được?").locator("code").inner_text()
        await officer.get_by_label("Đã lưu mã khôi phục").check()
        await officer.get_by_label("Mã xác thực", exact=True).fill(pyotp.TOTP(secret).now())
        await officer.get_by_role("button", name="Xác nhận", exact=True).click()
        await expect(officer.get_by_role("heading", name="Hồ sơ của cơ quan", level=1)).to_be_visible()
        assert await _in_queue(officer, centre_dossier["code"])
        assert not await _in_queue(officer, commune_dossier["code"])

        # The admin moves them to the commune's desk: their queue is that desk's on the next request.
        await admin.get_by_role("link", name="Xem tài khoản").click()
        await expect(admin.get_by_role("heading", name="Phan Thị Thu Trang", level=1)).to_be_visible()
        await _choose_agency(admin, commune_dossier["agency_name"], commune_desk)
        await admin.get_by_role("button", name="Lưu thay đổi").click()
        await expect(admin.get_by_role("status").filter(has_text="Đã lưu thay đổi.")).to_be_visible()
        assert not await _in_queue(officer, centre_dossier["code"])
        assert await _in_queue(officer, commune_dossier["code"])

        # The admin disables them: the officer's open session is refused on its next request.
        await admin.get_by_role("button", name="Khoá tài khoản").click()
        await expect(admin.get_by_role("status").filter(has_text="Đã khoá tài khoản.")).to_be_visible()
        search = officer.get_by_label("Tìm theo mã hồ sơ, số điện thoại hoặc họ tên")
        await search.fill(centre_dossier["code"])  # a new search: the screen asks the API again
        async with officer.expect_response(lambda r: "/api/office/queue" in r.url) as answer:
            await officer.keyboard.press("Enter")
        refused = await answer.value
        assert refused.status == 401 and (await refused.json())["code"] == "unauthenticated"
        await expect(officer.get_by_label("Tên đăng nhập")).to_be_visible()  # sent back to the staff sign-in

        # In the list, searched without diacritics, the account shows as disabled.
        await admin.get_by_role("link", name="← Danh sách cán bộ").click()
        await admin.get_by_label("Tìm theo họ tên hoặc tên đăng nhập").fill("phan thi thu trang")
        await admin.keyboard.press("Enter")
        row = admin.get_by_role("row").filter(has_text=username)
        await expect(row).to_contain_text("Đã khoá")
    finally:
        await admin_context.close()
        await officer_context.close()
