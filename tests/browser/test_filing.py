"""Filing from a phone: sign in, fill the form, photograph every required paper, submit, see the code —
and again with the network cut at "Nộp hồ sơ", and with the network cut before filing even starts: the
queued submission sends itself when the network returns and arrives exactly once."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import asyncpg
import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from backend.settings import Settings
from tests.support import PHONE, clear_rate_limits, document_photo, e164, random_phone, sms_code, wait_until_true

pytestmark = pytest.mark.usefixtures("seeded")

BIRTH_REGISTRATION = "1.001193"
CODE_FORMAT = re.compile(r"^[0-9A-Za-z.]+-\d{6}-\d{4}$")
DOSSIER_URL = re.compile(r"#/ho-so/([0-9a-f-]{36})/nop$")


async def _sign_in(page: Page, live_url: str) -> None:
    phone = random_phone()
    await page.get_by_role("link", name="Đăng nhập", exact=True).click()
    await page.get_by_label("Số điện thoại di động").fill(phone)
    await page.get_by_role("button", name="Gửi mã").click()
    code_input = page.get_by_label("Mã xác thực (6 chữ số)")
    await expect(code_input).to_be_visible()
    code = await sms_code(e164(phone))  # as the SMS reached the gateway simulator
    await code_input.fill(code)
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()


async def _fill_profile(page: Page, province: str, commune: str) -> None:
    await expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
    await page.get_by_role("button", name="Sửa thông tin").click()
    await page.get_by_label("Họ và tên").fill("Nguyễn Thị Lan")
    await page.get_by_label("Tỉnh, thành phố").select_option(province)
    await page.get_by_label("Xã, phường").select_option(commune)
    await page.get_by_label("Số nhà, đường, thôn, xóm").fill("12 Trần Phú")
    await page.get_by_role("button", name="Lưu").click()
    await expect(page.get_by_text("Đã lưu thông tin.")).to_be_visible()


async def _open_filing(page: Page, live_url: str) -> str:
    await page.goto(f"{live_url}/#/")
    await page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
    await page.locator(".result__name", has_text=re.compile("^Đăng ký khai sinh$")).first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký khai sinh")
    await page.get_by_role("link", name="Nộp hồ sơ").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Nộp hồ sơ")
    await expect(page).to_have_url(DOSSIER_URL)
    return DOSSIER_URL.search(page.url).group(1)  # type: ignore[union-attr]


async def _fill_form(page: Page) -> None:
    # Prefilled from the profile by the server.
    await expect(page.get_by_label("Họ và tên người nộp")).to_have_value("Nguyễn Thị Lan")
    child = page.get_by_label("Họ, chữ đệm và tên của trẻ")
    await child.fill("Nguyễn Minh An")
    await child.blur()
    await page.get_by_label(re.compile(r"^Ngày sinh của trẻ \(bắt buộc\)")).fill("01/11/2026")
    await page.get_by_label("Giới tính").select_option("Nam")
    await page.get_by_label("Nơi sinh").fill("Bệnh viện Đa khoa tỉnh Khánh Hòa")
    mother = page.get_by_label("Họ tên mẹ")
    await mother.fill("")
    await mother.blur()
    await expect(page.get_by_text("“Họ tên mẹ” là thông tin bắt buộc")).to_be_visible()  # the server's words, client-side
    await mother.fill("Nguyễn Thị Lan")
    await expect(page.get_by_text("“Họ tên mẹ” là thông tin bắt buộc")).to_be_hidden()
    copies = page.get_by_label("Số bản sao trích lục yêu cầu")
    await copies.fill("11")
    await expect(page.get_by_text("“Số bản sao trích lục yêu cầu” phải nhỏ hơn hoặc bằng 10")).to_be_visible()
    await copies.fill("2")


async def _required_documents(live_url: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=live_url) as http:  # the test's own client, online whatever the page is
        documents = (await http.get(f"/api/catalog/procedures/{BIRTH_REGISTRATION}")).json()["documents"]
    return [d for d in documents if d.get("required", True)]


async def _attach_photos(page: Page, tmp_path: Path, live_url: str) -> int:
    required = await _required_documents(live_url)
    await _add_photos(page, tmp_path, required)
    # The live worker normalises every page; the screen polls until each is ready.
    await expect(page.locator('.page-item[data-page-status="ready"]')).to_have_count(len(required), timeout=30_000)
    return len(required)


async def _add_photos(page: Page, tmp_path: Path, required: list[dict]) -> None:
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
        await expect(page_item).to_have_count(1)


async def _poll(conn: asyncpg.Connection, query: str, *args: object, until: object = None, attempts: int = 100) -> object:
    """A bounded poll of the database for server state the UI does not show."""
    value = None
    for _ in range(attempts):
        value = await conn.fetchval(query, *args)
        if value is not None and (until is None or until(value)):  # type: ignore[operator]
            return value
        await asyncio.sleep(0.1)
    return value


async def _new_phone_context(browser: Browser) -> BrowserContext:
    return await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)


@pytest.fixture
async def place(settings: Settings, demo_commune: str) -> tuple[str, str]:
    await clear_rate_limits(settings)
    return settings.demo_province_code, demo_commune


async def test_citizen_files_a_dossier_with_photos_and_sees_its_code(
    browser: Browser, live_url: str, settings: Settings, place: tuple[str, str], tmp_path: Path
) -> None:
    context = await _new_phone_context(browser)
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await _sign_in(page, live_url)
        await _fill_profile(page, *place)
        dossier_id = await _open_filing(page, live_url)
        await _fill_form(page)
        await _attach_photos(page, tmp_path, live_url)
        await expect(page.locator(".fee-total")).to_have_text("Miễn phí")
        await page.screenshot(path=str(tmp_path / "filing.png"), full_page=True)
        Path("/tmp/filing-screen.png").write_bytes((tmp_path / "filing.png").read_bytes())

        await page.get_by_role("button", name="Nộp hồ sơ").click()
        code_box = page.locator(".dossier-code")
        await expect(code_box).to_have_text(CODE_FORMAT)
        code = (await code_box.text_content() or "").strip()
        await page.screenshot(path="/tmp/filing-done.png")

        conn = await asyncpg.connect(settings.database_url)
        try:
            assert await conn.fetchval("select code from dossiers where id = $1", dossier_id) == code
        finally:
            await conn.close()

        await expect(page.get_by_role("banner").get_by_role("link", name="Hồ sơ của tôi")).to_be_visible()
        await page.get_by_role("link", name="Xem hồ sơ của tôi").click()
        await page.get_by_role("link", name=re.compile(re.escape(code))).click()
        await expect(page.get_by_text("mã trạng thái quốc gia 1").first).to_be_visible()
        await expect(page.get_by_role("button", name="Rút hồ sơ")).to_be_visible()

        # The next dossier offers the identity paper just given for reuse instead of a new photo.
        second_id = await _open_filing(page, live_url)
        assert second_id != dossier_id
        identity = page.locator('section.doc-slot[data-document="giay_to_tuy_than"]')
        await identity.get_by_role("button", name=re.compile("^Dùng lại")).click()
        await expect(identity.get_by_text("Đang dùng lại giấy tờ đã nộp trước đây")).to_be_visible()
        await expect(identity.get_by_text("Đã đủ")).to_be_visible()
    finally:
        await context.close()


async def test_submission_queued_offline_arrives_exactly_once(
    browser: Browser, live_url: str, settings: Settings, place: tuple[str, str], tmp_path: Path
) -> None:
    context = await _new_phone_context(browser)
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await page.wait_for_function("navigator.serviceWorker.controller !== null")
        await _sign_in(page, live_url)
        await _fill_profile(page, *place)
        dossier_id = await _open_filing(page, live_url)
        await _fill_form(page)
        await _attach_photos(page, tmp_path, live_url)
        await expect(page.get_by_text("Đã lưu lên máy chủ")).to_be_visible()

        await context.set_offline(True)
        await page.get_by_role("button", name="Nộp hồ sơ").click()
        await expect(page.get_by_text("Đã lưu — hồ sơ sẽ tự gửi khi có mạng")).to_be_visible()
        await expect(page.get_by_role("button", name="Gửi lại")).to_be_visible()

        # A closed tab loses nothing: reload while still offline.
        await page.reload()
        await expect(page.get_by_label("Họ, chữ đệm và tên của trẻ")).to_have_value("Nguyễn Minh An")
        await expect(page.get_by_label("Họ tên mẹ")).to_have_value("Nguyễn Thị Lan")
        await expect(page.get_by_text("Đã lưu — hồ sơ sẽ tự gửi khi có mạng")).to_be_visible()
        await expect(page.locator(".page-item")).to_have_count(3)

        await context.set_offline(False)
        code_box = page.locator(".dossier-code")
        await expect(code_box).to_have_text(CODE_FORMAT, timeout=20_000)
        code = (await code_box.text_content() or "").strip()

        conn = await asyncpg.connect(settings.database_url)
        try:
            assert await conn.fetchval("select code from dossiers where id = $1", dossier_id) == code
            submits = await _poll(
                conn, "select count(*) from dossier_events where dossier_id = $1 and action = 'submit'", dossier_id,
                until=lambda n: n >= 1,
            )
            assert submits == 1
            # Every trigger that fires later (visible, online, "Gửi lại") finds an empty outbox.
            await page.evaluate("dispatchEvent(new Event('online'))")
            await expect(page.locator(".dossier-code")).to_have_text(code)
            assert await page.evaluate(
                """async () => {
                    const db = await new Promise((ok, ko) => { const r = indexedDB.open('motcua-filing'); r.onsuccess = () => ok(r.result); r.onerror = ko; });
                    return await new Promise((ok) => { const q = db.transaction('outbox').objectStore('outbox').count(); q.onsuccess = () => ok(q.result); });
                }"""
            ) == 0
            assert await conn.fetchval(
                "select count(*) from dossier_events where dossier_id = $1 and action = 'submit'", dossier_id
            ) == 1
            assert await conn.fetchval("select count(*) from dossiers where id = $1", dossier_id) == 1
        finally:
            await conn.close()
    finally:
        await context.close()


CACHED = """async (urls) => {
    const cache = await caches.open('catalog');
    return (await Promise.all(urls.map((url) => cache.match(url)))).every(Boolean);
}"""


async def test_filed_with_the_network_cut_from_the_start_it_sends_itself_once_when_the_network_returns(
    browser: Browser, live_url: str, settings: Settings, place: tuple[str, str], tmp_path: Path
) -> None:
    province, commune = place
    context = await _new_phone_context(browser)
    page = await context.new_page()
    try:
        await page.goto(live_url)
        await page.wait_for_function("navigator.serviceWorker.controller !== null")
        await _sign_in(page, live_url)  # a newcomer: no name, no commune in the profile
        await expect(page.get_by_role("heading", name="Tài khoản của tôi")).to_be_visible()
        # One online visit cached the app, the procedure and the lists to choose from.
        await wait_until_true(
            page, CACHED,
            [f"/api/catalog/procedures/{BIRTH_REGISTRATION}", "/api/catalog/provinces?limit=100",
             f"/api/catalog/provinces/{province}/communes?limit=500"],
            timeout_s=60,
        )

        await context.set_offline(True)
        dossier_id = await _open_filing(page, live_url)

        # Pressed too early: what is missing, in one voice, each item a link to its field.
        await page.get_by_role("button", name="Nộp hồ sơ").click()
        missing = page.locator("#missing-items")
        await expect(missing).to_be_focused()
        await expect(missing.get_by_role("link").first).to_have_text("Chưa có xã/phường nơi nộp hồ sơ")
        await expect(missing.get_by_role("link", name="Chưa có họ tên người nộp")).to_be_visible()
        await expect(missing.get_by_role("link", name="Chưa có ảnh “Giấy chứng sinh”")).to_be_visible()
        assert all(text.startswith("Chưa có") for text in await missing.get_by_role("link").all_text_contents())
        await missing.get_by_role("link", name="Chưa có xã/phường nơi nộp hồ sơ").click()
        await expect(page.get_by_label("Xã, phường nơi nộp hồ sơ")).to_be_focused()

        await page.get_by_label("Xã, phường nơi nộp hồ sơ").select_option(commune)
        await page.get_by_label("Họ và tên người nộp").fill("Lê Thị Hoa")
        await page.get_by_label("Ngày sinh của người nộp").fill("17051990")
        await expect(page.get_by_label("Ngày sinh của người nộp")).to_have_value("17/05/1990")
        await page.get_by_label("Họ, chữ đệm và tên của trẻ").fill("Lê Minh Khang")
        await page.get_by_label(re.compile(r"^Ngày sinh của trẻ")).fill("01/11/2026")
        await page.get_by_label("Giới tính").select_option("Nam")
        await page.get_by_label("Nơi sinh").fill("Trạm y tế phường")
        await page.get_by_label("Họ tên mẹ").fill("Lê Thị Hoa")
        copies = page.get_by_label("Số bản sao trích lục yêu cầu")
        await copies.fill("hai")
        await expect(page.get_by_text("“Số bản sao trích lục yêu cầu” phải là số nguyên viết bằng chữ số, ví dụ: 2")).to_be_visible()
        await copies.fill("2")
        required = await _required_documents(live_url)
        await _add_photos(page, tmp_path, required)
        # On the phone only: waiting, not "Đã đủ"; and the list is gone after the last fix, without a reload.
        await expect(page.locator('.page-item[data-page-status="waiting"]')).to_have_count(len(required))
        await expect(page.locator(".doc-state", has_text="Ảnh đang chờ tải lên")).to_have_count(len(required))
        await expect(page.locator(".doc-state", has_text="Đã đủ")).to_have_count(0)
        await expect(missing).to_be_hidden()

        await page.get_by_role("button", name="Nộp hồ sơ").click()
        await expect(page.get_by_text("Đã lưu — hồ sơ sẽ tự gửi khi có mạng")).to_be_visible()

        await context.set_offline(False)  # and nothing else is touched
        code_box = page.locator(".dossier-code")
        await expect(code_box).to_have_text(CODE_FORMAT, timeout=30_000)
        code = (await code_box.text_content() or "").strip()

        conn = await asyncpg.connect(settings.database_url)
        try:
            submits = await _poll(
                conn, "select count(*) from dossier_events where dossier_id = $1 and action = 'submit'", dossier_id,
                until=lambda n: n >= 1,
            )
            assert submits == 1
            row = await conn.fetchrow(
                "select d.code, d.agency_code, a.admin_unit_code, c.full_name from dossiers d "
                "join agencies a on a.code = d.agency_code join citizens c on c.id = d.citizen_id where d.id = $1",
                dossier_id,
            )
            assert (row["code"], row["admin_unit_code"], row["full_name"]) == (code, commune, "Lê Thị Hoa")
            assert await conn.fetchval(
                "select count(*) from pages where dossier_id = $1 and status = 'ready'", dossier_id
            ) == len(required)
        finally:
            await conn.close()

        await page.get_by_role("link", name="Xem hồ sơ của tôi").click()
        await expect(page.get_by_role("link", name=re.compile(re.escape(code)))).to_be_visible()
    finally:
        await context.close()
