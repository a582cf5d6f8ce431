"""The public dashboard in Chromium on a phone, signed out: the hand-made data set of tests/stats/test_dashboard.py,
summarised; March 2019 shows agency A's satisfaction (six ratings) in the agency table and in the chart's table, and
for agency B (two ratings) the note that there are not enough ratings instead of averages."""

from __future__ import annotations

import asyncpg
from playwright.async_api import Browser, expect

from backend.stats.service import refresh_dashboard
from tests.support import PHONE, insert_dashboard_data_set


async def test_the_dashboard_shows_satisfaction_only_from_five_ratings_on(
    browser: Browser, live_url: str, db: asyncpg.Pool, seeded: None,
) -> None:
    async with db.acquire() as conn, conn.transaction():
        await insert_dashboard_data_set(conn)
    await refresh_dashboard(db, None)

    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/thong-ke")
        await page.get_by_label("Tháng", exact=True).select_option("3")
        await page.get_by_label("Năm", exact=True).fill("2019")
        await page.get_by_role("button", name="Xem").click()
        await expect(page.get_by_role("heading", name="Tháng 03/2019")).to_be_visible()

        table = page.get_by_role("table", name="Theo cơ quan")
        await expect(table.get_by_role("columnheader", name="Chỉ số hài lòng")).to_be_visible()
        a = table.get_by_role("row", name="Cơ quan thử A")
        await expect(a.get_by_role("cell").nth(-2)).to_have_text("63,0 %")
        await expect(a.get_by_role("cell").nth(-1)).to_have_text("3,67")
        b = table.get_by_role("row", name="Cơ quan thử B")
        await expect(b.get_by_role("cell").last).to_have_text("Chưa đủ đánh giá (cần ít nhất 5)")
        await expect(table.get_by_role("row", name="Toàn tỉnh").get_by_role("cell").nth(-2)).to_have_text("63,0 %")

        chart = page.get_by_role("figure").filter(has_text="Chỉ số hài lòng theo cơ quan")
        await expect(chart.get_by_role("img", name="Chỉ số hài lòng theo cơ quan")).to_be_visible()
        await chart.get_by_text("Bảng số liệu của biểu đồ").click()
        await expect(chart.get_by_role("row", name="Cơ quan thử B")).to_contain_text("Chưa đủ đánh giá (cần ít nhất 5)")
    finally:
        await context.close()
