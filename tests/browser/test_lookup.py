"""Tra cứu hồ sơ on a phone, signed out: from the home screen, the code as typed off the receipt (lower case,
spaces around) and the last 4 digits of the applicant's phone show a received dossier's status, its filing day
and due day; a switch to English shows the status in English; a wrong ending gets the not-found words."""

from __future__ import annotations

from datetime import date, datetime

from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, expect

from backend.clock import VIETNAM
from backend.dossiers.lifecycle import CITIZEN_WORDS, State
from backend.settings import Settings
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, PHONE, SignedIn, act, detail, office, sign_in_demo, submitted_dossiers,
)

NOT_FOUND = "Không có hồ sơ nào khớp mã và 4 số cuối điện thoại này."


async def test_anyone_with_the_receipt_sees_where_a_dossier_stands(
    browser: Browser, live_url: str, client: AsyncTestClient, citizen: SignedIn, settings: Settings
) -> None:
    [submitted] = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    desk = await sign_in_demo(client, "reception_officer")
    version = (await office(client, desk, submitted["id"]))["lock_version"]
    received = await act(client, desk, submitted["id"], "receive", version)
    assert received.status_code == 200, received.text
    dossier = await detail(client, citizen, submitted["id"])
    me = await client.get("/api/me", headers=citizen.headers())
    assert me.status_code == 200, me.text
    last4 = me.json()["phone"][-4:]
    wrong_ending = f"{(int(last4) + 1) % 10_000:04d}"
    words = CITIZEN_WORDS[State(dossier["state"])]
    filed_on = datetime.fromisoformat(dossier["submitted_at"]).astimezone(VIETNAM).strftime("%d/%m/%Y")
    due_on = date.fromisoformat(dossier["due_date"]).strftime("%d/%m/%Y")

    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/")
        await page.get_by_role("link", name="Tra cứu hồ sơ đã nộp bằng mã trên phiếu hẹn").click()
        await expect(page.get_by_role("heading", name="Tra cứu hồ sơ")).to_be_visible()

        await page.get_by_label("Mã hồ sơ").fill(f"  {dossier['code'].lower()} ")
        await page.get_by_label("4 số cuối điện thoại người nộp").fill(last4)
        await page.get_by_role("button", name="Tra cứu").click()
        result = page.get_by_role("region", name="Kết quả tra cứu")
        await expect(result).to_contain_text(words.vi)
        await expect(result).to_contain_text(dossier["code"])
        await expect(result).to_contain_text(dossier["procedure_name"])
        await expect(result).to_contain_text(filed_on)
        await expect(result).to_contain_text(due_on)

        await page.get_by_role("banner").get_by_role("button", name="English").click()
        await expect(page.get_by_role("region", name="Result")).to_contain_text(words.en)

        await page.get_by_role("banner").get_by_role("button", name="Tiếng Việt").click()
        await page.get_by_label("4 số cuối điện thoại người nộp").fill(wrong_ending)
        await page.get_by_role("button", name="Tra cứu").click()
        await expect(page.get_by_role("alert")).to_contain_text(NOT_FOUND)
        await expect(page.get_by_role("region", name="Kết quả tra cứu")).to_have_count(0)

        await page.get_by_role("link", name="Về trang chủ").click()
        await expect(page.get_by_label("Tìm thủ tục hành chính")).to_be_visible()
    finally:
        await context.close()
