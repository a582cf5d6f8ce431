"""The installable shell: it loads, its service worker takes control, and it renders offline."""

from __future__ import annotations

import httpx
from playwright.async_api import Browser, expect

from tests.support import PHONE, wait_until_true


async def test_shell_loads_service_worker_activates_and_works_offline(browser: Browser, live_url: str) -> None:
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    try:
        await page.goto(live_url)
        search = page.get_by_label("Tìm thủ tục hành chính")
        await expect(search).to_be_visible()
        assert await page.evaluate("document.documentElement.lang") == "vi"

        await wait_until_true(page, "async () => (await navigator.serviceWorker.ready).active.state === 'activated'")
        await page.wait_for_function("navigator.serviceWorker.controller !== null")

        await context.set_offline(True)
        await page.reload()
        await expect(page.get_by_label("Tìm thủ tục hành chính")).to_be_visible()
        await expect(page.get_by_text("Bạn đang ngoại tuyến")).to_be_visible()
    finally:
        await context.close()


async def test_manifest_makes_the_app_installable(live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url) as http:
        index = (await http.get("/")).text
        assert 'rel="manifest"' in index
        manifest_href = index.split('rel="manifest" href="', 1)[1].split('"', 1)[0]
        response = await http.get(f"/{manifest_href.lstrip('/')}")
        assert response.headers["content-type"].startswith("application/manifest+json")
        manifest = response.json()
    assert manifest["lang"] == "vi"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])


async def test_index_is_revalidated_and_holds_no_runtime_config(live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url) as http:
        response = await http.get("/")
    assert response.headers["cache-control"] == "no-cache"
    assert "vapid" not in response.text.lower() and "environment" not in response.text.lower()
