"""The header on a 360-px phone keeps to one row in Vietnamese and in English, whoever is signed in; the
home screen offers, below the search box, the most filed procedures and the fields (lĩnh vực)."""

from __future__ import annotations

import re

import httpx
from playwright.async_api import Browser, BrowserContext, expect

from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
from tests.support import DEMO, SignedIn, sign_in_citizen, sign_in_staff

SMALL_PHONE = {"width": 360, "height": 740}
# One row: the 44-px tap targets and the header's padding; a second row would add another 44 px.
ONE_ROW_MAX_PX = 64


async def _phone(browser: Browser, live_url: str, session: SignedIn | None) -> BrowserContext:
    context = await browser.new_context(viewport=SMALL_PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    if session:
        await context.add_cookies([
            {"name": SESSION_COOKIE, "value": session.token, "url": live_url},
            {"name": CSRF_COOKIE, "value": session.csrf, "url": live_url},
        ])
    return context


async def test_the_header_keeps_to_one_row_at_360_px_in_both_languages(
    browser: Browser, live_url: str, seeded_live: None
) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        people = {
            "nobody": (None, ["Đăng nhập"], ["Sign in"]),
            "citizen": (await sign_in_citizen(http), ["Hồ sơ của tôi", "Tài khoản"], ["Dossiers", "Account"]),
            "officer": (await sign_in_staff(http, *DEMO["reception_officer"]), ["Hàng đợi", "Tài khoản"], ["Queue", "Account"]),
            "volunteer": (await sign_in_staff(http, *DEMO["volunteer"]), ["Công việc", "Tài khoản"], ["My work", "Account"]),
        }
    for who, (session, vietnamese, english) in people.items():
        context = await _phone(browser, live_url, session)
        page = await context.new_page()
        try:
            await page.goto(f"{live_url}/#/")
            banner = page.get_by_role("banner")
            for names, switch_to in ((vietnamese, "English"), (english, "Tiếng Việt")):
                for name in names:  # the header learns who is signed in from the server, once
                    await expect(banner.get_by_role("link", name=name, exact=True)).to_be_visible()
                height = (await banner.bounding_box() or {})["height"]
                assert height <= ONE_ROW_MAX_PX, f"{who}, {names}: the header is {height}px tall"
                await banner.get_by_role("button", name=switch_to).click()
            await expect(banner.get_by_role("button", name="English")).to_be_visible()
        finally:
            await context.close()


async def test_home_offers_the_most_filed_procedures_and_the_fields(browser: Browser, live_url: str, seeded_live: None) -> None:
    context = await _phone(browser, live_url, None)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/")
        popular = page.get_by_role("region", name=re.compile("^Thủ tục (được nộp nhiều|thường gặp)$"))
        await expect(popular.get_by_role("link")).to_have_count(6)
        fields = page.get_by_role("region", name="Tìm theo lĩnh vực")
        await expect(fields.get_by_role("link", name="Hộ tịch", exact=True)).to_be_visible()

        # Typing a query replaces them with the results; clearing it brings them back.
        await page.get_by_label("Tìm thủ tục hành chính").fill("khai sinh")
        await expect(popular).to_have_count(0)
        await page.get_by_label("Tìm thủ tục hành chính").fill("")
        await expect(popular.get_by_role("link")).to_have_count(6)

        await fields.get_by_role("link", name="Hộ tịch", exact=True).click()
        await expect(page.get_by_role("heading", name="Lĩnh vực Hộ tịch", level=1)).to_be_visible()
        results = page.locator(".result__meta")
        await expect(results.first).to_be_visible()
        assert {text.split(" · ")[0] for text in await results.all_text_contents()} == {"Hộ tịch"}
        await page.get_by_role("link", name=re.compile("^Đăng ký khai sinh")).click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Đăng ký khai sinh")
    finally:
        await context.close()
