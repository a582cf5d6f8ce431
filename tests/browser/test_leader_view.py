"""A leader's view of their agency (issue 17): a leader of a fresh agency signs in and lands on its overview, sees the
figures of a known data set and the months' table, clicks "Quá hạn" and the office queue lists exactly the overdue
dossiers under a removable chip; the console's header leads back to the overview."""

from __future__ import annotations

import re

import asyncpg
from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, expect

from backend import clock
from backend.processing import service as processing
from backend.stats.service import due_this_week
from tests.support import (
    DESKTOP, PHONE, TEST_PASSWORD, enter_authenticator_code, insert_agency_health_data_set, month_first_day, new_staff,
)


async def test_a_leader_sees_the_figures_and_opens_the_overdue_dossiers(
    browser: Browser, live_url: str, client: AsyncTestClient, db: asyncpg.Pool, seeded_live: None,
) -> None:
    today = clock.today()
    _, due_to = due_this_week(today, await processing.work_calendar(db))
    async with db.acquire() as conn:
        data = await insert_agency_health_data_set(conn, today, due_to)
    _, staff_id = await new_staff(client, db, "leader", data.agency, "Lãnh đạo Thử")  # enrols the authenticator
    username = await db.fetchval("select username from staff_users where id = $1", staff_id)
    codes = dict(await db.fetch("select id::text, code from dossiers where id = any($1::uuid[])", list(data.ids.values())))
    overdue = {codes[data.ids[name]] for name in ("late", "long_late")}

    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/can-bo/dang-nhap")
        await page.get_by_label("Tên đăng nhập").fill(username)
        await page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
        await page.get_by_role("button", name="Đăng nhập", exact=True).click()
        await enter_authenticator_code(page, username)

        await expect(page.get_by_role("heading", name="Tình hình giải quyết hồ sơ", level=1)).to_be_visible()
        assert page.url.endswith("#/can-bo/lanh-dao")
        await expect(page.locator(".leader-agency")).to_have_text(re.compile(r"Sở Thử nghiệm"))
        cards = page.locator(".leader-cards")
        for figure, count in (("in_progress", "5"), ("due_this_week", "2"), ("overdue", "2")):
            await expect(cards.locator(f"[data-figure={figure}] .leader-card__count")).to_have_text(count)
        two_back = f"{month_first_day(today, 2):%m/%Y}"
        table = page.get_by_role("table", name="Hồ sơ có kết quả trước hạn, đúng hạn, trễ hạn theo tháng")
        row = table.get_by_role("row", name=f"Tháng {two_back}")
        await expect(row.get_by_role("cell")).to_have_text(["2", "1 (50,0 %)", "0 (0,0 %)", "1 (50,0 %)"])
        await expect(row.get_by_role("link", name=f"Tháng {two_back}, Trễ hạn: 1 hồ sơ")).to_be_visible()
        await expect(page.get_by_role("img", name="Hồ sơ có kết quả trước hạn, đúng hạn, trễ hạn theo tháng")).to_be_visible()

        await cards.get_by_role("link", name=re.compile("Quá hạn")).click()
        await expect(page.get_by_role("heading", name="Hồ sơ của cơ quan", level=1)).to_be_visible()
        yesterday = today.fromordinal(today.toordinal() - 1)
        chip = page.locator(".office-filtered")
        await expect(chip).to_contain_text(f"Đang giải quyết · Hạn trả đến {yesterday:%d/%m/%Y}")
        listed = page.locator(".office-table tbody tr td:first-child")
        await expect(listed).to_have_count(len(overdue))
        assert set(await listed.all_inner_texts()) == overdue

        # The chip's × removes the filter: the whole queue again, no chip.
        await chip.get_by_role("link", name=re.compile("Bỏ lọc")).click()
        await expect(page.locator(".office-filtered")).to_have_count(0)
        assert page.url.endswith("#/can-bo")
        # The console's header leads back to the overview.
        await page.get_by_role("navigation", name="Việc khác của cơ quan").get_by_role("link", name="Tình hình cơ quan").click()
        await expect(page.get_by_role("heading", name="Tình hình giải quyết hồ sơ", level=1)).to_be_visible()

        # Readable on a phone too: the cards wrap, nothing wider than the screen.
        await page.set_viewport_size(PHONE)
        await expect(cards.locator("[data-figure=overdue]")).to_be_visible()
        assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        await context.close()
