"""After one online visit, search and procedure pages keep working with the network cut."""

from __future__ import annotations

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.support import PHONE, wait_until_true

pytestmark = pytest.mark.usefixtures("seeded")


async def test_search_and_procedure_pages_work_offline_after_one_visit(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url) as http:
        codes = [p["code"] for p in (await http.get("/api/catalog/procedures?limit=100")).json()["items"]]
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(live_url)
        search = page.get_by_label("Tìm thủ tục hành chính")
        await search.fill("khai sinh")
        await expect(page.locator(".result__name").first).to_have_text("Đăng ký khai sinh")

        # The app warms the service worker's catalogue cache: the index and every procedure page.
        await wait_until_true(
            page,
            """async (codes) => {
                const cache = await caches.open('catalog');
                const pages = codes.map((code) => cache.match('/api/catalog/procedures/' + encodeURIComponent(code)));
                return (await Promise.all(pages)).every(Boolean);
            }""",
            codes,
        )
        await context.set_offline(True)
        await page.reload()

        search = page.get_by_label("Tìm thủ tục hành chính")
        await search.fill("ly lich tu phap")  # never searched online
        first = page.locator(".result__name").first
        await expect(first).to_contain_text("lý lịch tư pháp")
        await expect(page.locator("p.status")).to_contain_text("bản lưu trên máy")
        await first.click()

        await expect(page.get_by_role("heading", level=1)).to_contain_text("lý lịch tư pháp")
        await expect(page.get_by_role("heading", name="Giấy tờ cần chuẩn bị")).to_be_visible()
        await expect(page.locator(".fee-total")).to_contain_text("₫")
        await expect(page.locator(".documents li").first).to_be_visible()
    finally:
        await context.close()
