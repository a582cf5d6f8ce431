"""From Chromium's side: the first load travels compressed, and the service worker precaches plain bytes."""

from __future__ import annotations

import re

from playwright.async_api import Browser

from backend.settings import ROOT
from tests.support import PHONE, wait_until_true

DIST = ROOT / "pwa" / "dist"
BUDGET_BYTES = 20 * 1024


async def test_entry_script_arrives_as_brotli_and_is_precached_decoded(browser: Browser, live_url: str) -> None:
    entry = re.search(r'<script type="module"[^>]*src="(/assets/[^"]+\.js)"', (DIST / "index.html").read_text("utf-8"))[1]
    raw_size = (DIST / entry.lstrip("/")).stat().st_size
    brotli_size = (DIST / f"{entry.lstrip('/')}.br").stat().st_size
    context = await browser.new_context(viewport=PHONE, locale="vi-VN")
    page = await context.new_page()
    try:
        response = await page.goto(live_url)
        assert response is not None and response.headers["content-encoding"] == "br"
        timing = await page.evaluate(
            "(path) => performance.getEntriesByName(location.origin + path).map(e => [e.encodedBodySize, e.decodedBodySize])",
            entry,
        )
        assert timing == [[brotli_size, raw_size]]
        assert brotli_size <= BUDGET_BYTES < raw_size

        # The service worker's precache fetched the same file compressed and stored what it decodes to.
        await wait_until_true(
            page,
            """async ([path, size]) => {
                for (const name of await caches.keys()) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        if (new URL(request.url).pathname === path) {
                            return (await (await cache.match(request)).arrayBuffer()).byteLength === size;
                        }
                    }
                }
                return false;
            }""",
            [entry, raw_size],
        )
    finally:
        await context.close()
