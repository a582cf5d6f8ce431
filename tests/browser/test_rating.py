"""Rating the service in Chromium on a phone: a citizen whose dossier's result was handed over at the desk opens it,
follows "Đánh giá sự phục vụ", is told which criteria are still unanswered, scores the nine criteria in the server's
words, the overall 1–5 and a comment, is thanked, and from then on sees "Bạn đã đánh giá" on the dossier page and on
the rating screen; the server holds the rating (a second one is refused)."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, expect

from backend.settings import Settings
from tests.support import SignedIn, citizen_on_a_phone, returned_dossiers

# The points given to each criterion, in the order the server lists them (0, 1 and 2 all used).
POINTS = [2, 1, 2, 2, 2, 1, 2, 0, 2]


async def test_a_citizen_rates_a_returned_dossier_once_from_its_page(
    browser: Browser, live_url: str, client: AsyncTestClient, citizen: SignedIn, settings: Settings, demo_commune: str,
) -> None:
    [dossier] = await returned_dossiers(client, settings, citizen, demo_commune, 1)
    status = await client.get(f"/api/dossiers/{dossier['id']}/rating", headers=citizen.headers())
    assert status.status_code == 200, status.text
    criteria = status.json()["criteria"]
    assert len(criteria) == len(POINTS) and status.json()["may_rate"] is True

    context = await citizen_on_a_phone(browser, live_url, citizen)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/ho-so/{dossier['id']}")
        await expect(page.get_by_text("Bạn đã nhận kết quả.")).to_be_visible()
        await page.get_by_role("link", name="Đánh giá sự phục vụ").click()
        await expect(page.get_by_role("heading", name="Đánh giá sự phục vụ")).to_be_visible()
        await expect(page.get_by_text(dossier["code"])).to_be_visible()

        await page.get_by_role("button", name="Gửi đánh giá").click()
        await expect(page.get_by_role("alert")).to_have_text(
            "Hãy chọn một mức cho mỗi tiêu chí còn thiếu: 1, 2, 3, 4, 5, 6, 7, 8, 9."
        )

        for n, (criterion, points) in enumerate(zip(criteria, POINTS), start=1):
            group = page.get_by_role("group", name=f"{n}. {criterion['question']}")
            await group.get_by_role("radio", name=f"{criterion['choices'][points]} ({points} điểm)", exact=True).check()
        await page.get_by_role("button", name="Gửi đánh giá").click()
        await expect(page.get_by_role("alert")).to_have_text("Hãy chọn mức độ hài lòng chung (1 đến 5).")

        await page.get_by_role("group", name="Mức độ hài lòng chung").get_by_role("radio", name="4 trên 5").check()
        await page.get_by_label("Góp ý thêm (không bắt buộc)").fill("Cán bộ hướng dẫn tận tình.")
        await page.get_by_role("button", name="Gửi đánh giá").click()
        await expect(page.get_by_role("heading", name="Cảm ơn bạn đã đánh giá!")).to_be_visible()

        await page.get_by_role("link", name="Về hồ sơ", exact=True).click()
        await expect(page.get_by_text("Bạn đã đánh giá")).to_be_visible()
        await expect(page.get_by_role("link", name="Đánh giá sự phục vụ")).to_have_count(0)

        await page.goto(f"{live_url}/#/ho-so/{dossier['id']}/danh-gia")
        await expect(page.get_by_role("heading", name="Bạn đã đánh giá")).to_be_visible()
        await expect(page.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
    finally:
        await context.close()

    rated = await client.get(f"/api/dossiers/{dossier['id']}/rating", headers=citizen.headers())
    assert rated.json()["rated"] is True and rated.json()["may_rate"] is False
    again = await client.post(
        f"/api/dossiers/{dossier['id']}/rating", headers=citizen.headers(),
        json={"scores": {c["code"]: 2 for c in criteria}, "overall": 5},
    )
    assert again.status_code == 409 and again.json()["code"] == "already_rated", again.text
