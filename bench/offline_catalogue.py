"""The offline catalogue on a phone at provincial scale: what the service worker keeps, and how fast search is offline.

    .venv/bin/python bench/offline_catalogue.py [--procedures 2000] [--rounds 3]

Starts the app as the browser tests' live_url does (a scratch database on DATABASE_URL's server, migrated, demo data
loaded, then a province's N procedures imported through the bulk import; granian serving the API and pwa/dist, so
run `npm --prefix pwa run build` first; REDIS_URL must be set). A headless chromium with a phone's viewport opens the
app once, online, and waits for the app to warm the service worker's "catalog" cache. It prints:

- the bytes of the catalogue the cache holds, by kind (index pages, procedure pages, other catalogue reads): as
  stored (decoded) and as served over the wire (each cached address fetched again with `Accept-Encoding: br, gzip`,
  counting the bytes that crossed), and how long the warming took;
- with the network cut, the time from typing a query to the offline results on screen, p50/p99 over QUERIES × rounds,
  with and without the search box's 250 ms pause before it searches.

Everything it started is stopped and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import httpx
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wire import started_app  # noqa: E402
from tests.support import PHONE, wait_until_true  # noqa: E402

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DEBOUNCE_MS = 250  # pwa/src/features/search/useProcedureSearch.ts
BUDGET_KB = 300
# Typed as people type them: without marks, with marks, abbreviations, a typo, a code, several words.
QUERIES = [
    "khai sinh", "ly lich tu phap", "chứng thực bản sao", "GPLX", "so do", "ho chieu", "tam tru", "giay phep xay dung",
    "bao hiem y te", "tro cap xa hoi", "dang ky doanh nghiep", "ket hon", "giay phep lai xe hang B", "huo tri",
    "thẻ tạm trú cho người nước ngoài", "3.101417",
]

# The catalogue the service worker holds: every request in the "catalog" cache, with its decoded size.
CACHED = """async () => {
    const cache = await caches.open('catalog');
    const out = [];
    for (const request of await cache.keys()) {
        const response = await cache.match(request);
        out.push([new URL(request.url).pathname + new URL(request.url).search, (await response.arrayBuffer()).byteLength]);
    }
    return out;
}"""

# Type `query` into the search box and wait for the offline results: milliseconds from the keystroke.
OFFLINE_SEARCH = """async (query) => {
    const input = document.querySelector('#search-q');
    const status = document.querySelector('p.status');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setValue.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
            if (status.textContent.includes('bản lưu trên máy') || status.classList.contains('status--error')) {
                observer.disconnect();
                resolve(performance.now());
            }
        });
        observer.observe(status, { childList: true, characterData: true, subtree: true, attributes: true });
    });
    const started = performance.now();
    setValue.call(input, query);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const ended = await done;
    return [ended - started, status.textContent, document.querySelectorAll('.result__name').length];
}"""


def kind(path: str) -> str:
    if path.startswith("/api/catalog/procedures?"):
        return "index pages"
    if path.startswith("/api/catalog/procedures/"):
        return "procedure pages"
    return "other reads (units, fields, tariff…)"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def wire_bytes(http: httpx.AsyncClient, path: str) -> tuple[int, str]:
    async with http.stream("GET", path, headers={"Accept-Encoding": "br, gzip"}) as response:
        response.raise_for_status()
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return len(raw), response.headers.get("content-encoding", "identity")


async def measure(url: str, rounds: int) -> None:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    async with async_playwright() as playwright, httpx.AsyncClient(base_url=url, timeout=30) as http:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        context = await browser.new_context(viewport=PHONE, locale="vi-VN")
        page = await context.new_page()
        try:
            codes = []
            after = ""
            while True:
                listed = (await http.get(f"/api/catalog/procedures?limit=100{after}")).json()
                codes += [p["code"] for p in listed["items"]]
                if not listed["next"]:
                    break
                after = f"&after={listed['next']}"
            started = time.monotonic()
            await page.goto(url)
            # Warm: every index page cached, then no new entry for 3 s (the app fetches one page at a time).
            await wait_until_true(
                page,
                """async (pages) => {
                    const keys = await (await caches.open('catalog')).keys();
                    return keys.filter((k) => new URL(k.url).pathname === '/api/catalog/procedures').length >= pages;
                }""",
                -(-len(codes) // 100), timeout_s=900,
            )
            count, still = -1, 0
            while still < 3:
                now = await page.evaluate("async () => (await (await caches.open('catalog')).keys()).length")
                still, count = (still + 1, now) if now == count else (0, now)
                await asyncio.sleep(1)  # polling for a state, not timing a behaviour
            warmed = time.monotonic() - started - 3
            cached = await page.evaluate(CACHED)
            totals: dict[str, list[int]] = {}
            codings: set[str] = set()
            for path, stored in cached:
                if not path.startswith("/api/"):
                    continue
                sent, coding = await wire_bytes(http, path)
                codings.add(coding)
                entry = totals.setdefault(kind(path), [0, 0, 0])
                entry[0] += 1
                entry[1] += stored
                entry[2] += sent
            print(f"\n{len(codes)} procedures published; the app warmed the cache in {warmed:.1f} s")
            print(f"  {'kind':40} {'entries':>8} {'stored':>12} {'on the wire':>12}  ({', '.join(sorted(codings))})")
            for label, (count, stored, sent) in sorted(totals.items()):
                print(f"  {label:40} {count:8} {stored / 1024:9.1f} KB {sent / 1024:9.1f} KB")
            all_stored = sum(t[1] for t in totals.values())
            all_sent = sum(t[2] for t in totals.values())
            print(f"  {'all':40} {sum(t[0] for t in totals.values()):8} {all_stored / 1024:9.1f} KB {all_sent / 1024:9.1f} KB")
            verdict = "within" if all_sent <= BUDGET_KB * 1024 else "OVER"
            print(f"offline catalogue on the wire: {all_sent / 1024:.1f} KB, target {BUDGET_KB} KB: {verdict}")

            await context.set_offline(True)
            await page.reload()
            await page.wait_for_selector("#search-q")
            timings: list[float] = []
            for _ in range(rounds):
                for query in QUERIES:
                    elapsed, status, shown = await page.evaluate(OFFLINE_SEARCH, query)
                    if "bản lưu trên máy" not in status:
                        raise SystemExit(f"offline search for {query!r} failed: {status}")
                    timings.append(elapsed)
            searching = [t - DEBOUNCE_MS for t in timings]
            print(
                f"offline search, {len(timings)} searches ({len(QUERIES)} queries × {rounds}): keystroke to results "
                f"p50 {percentile(timings, 0.5):.0f} ms, p99 {percentile(timings, 0.99):.0f} ms; without the "
                f"{DEBOUNCE_MS} ms pause p50 {percentile(searching, 0.5):.0f} ms, p99 {percentile(searching, 0.99):.0f} ms "
                f"(mean {statistics.mean(searching):.0f} ms)"
            )
        finally:
            await context.close()
            await browser.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--procedures", type=int, default=2000, help="a province's procedures to import (0: seeded only)")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is searched offline")
    args = parser.parse_args()
    async with started_app(args.procedures) as url:
        await measure(url, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
