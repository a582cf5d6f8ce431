"""The catalogue managed from screens: the demo administrator opens the building-permit procedure from their staff
home, starts a draft, adds a required document and a form field, previews it as citizens will see it and publishes.
A citizen then starts a dossier that asks for the new paper and field (API steps), while the dossier started
before keeps its pinned version 1."""

from __future__ import annotations

from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, expect

from tests.support import DEMO, DESKTOP, SignedIn, enter_authenticator_code, new_draft

PROCEDURE = "XD.GPXD"  # no other test files it, so its new version changes nobody else's filing
NEW_PAPER = "Giấy chứng nhận thẩm duyệt phòng cháy"
NEW_FIELD = "Số tầng hầm"


async def test_admin_edits_previews_and_publishes_a_version_dossiers_pin(
    browser: Browser, live_url: str, client: AsyncTestClient, citizen: SignedIn, seeded: None,
) -> None:
    before = await new_draft(client, citizen, PROCEDURE)
    version_1 = (await client.get(f"/api/catalog/procedures/{PROCEDURE}")).json()
    assert before["procedure_version_id"] == version_1["version_id"]

    context = await browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    await page.goto(f"{live_url}/#/can-bo/dang-nhap")
    await page.get_by_label("Tên đăng nhập").fill(DEMO["admin"][0])
    await page.get_by_label("Mật khẩu").fill(DEMO["admin"][1])
    await page.get_by_role("button", name="Đăng nhập", exact=True).click()
    await enter_authenticator_code(page, DEMO["admin"][0])
    await page.get_by_role("link", name="Quản lý thủ tục hành chính").click()

    await page.get_by_label("Tìm theo tên hoặc mã thủ tục").fill(PROCEDURE)
    await page.keyboard.press("Enter")
    await page.get_by_role("link", name=PROCEDURE, exact=True).click()
    pinned = page.locator("table", has=page.locator("caption", has_text="Hồ sơ theo từng phiên bản"))
    await expect(pinned.locator("tr[data-version='1'] td").first).not_to_have_text("0")

    await page.get_by_role("button", name="Tạo bản nháp mới").click()
    await expect(page.get_by_role("heading", name="Sửa bản nháp (phiên bản 2)")).to_be_visible()
    papers = page.get_by_role("group", name="Thành phần hồ sơ")
    count = await papers.locator("tbody tr").count()
    await papers.get_by_role("button", name="Thêm giấy tờ").click()
    await papers.get_by_label(f"Tên giấy tờ {count + 1}", exact=True).fill(NEW_PAPER)
    await expect(papers.get_by_label(f"Bắt buộc {count + 1}")).to_be_checked()
    form = page.get_by_role("group", name="Tờ khai (các trường thông tin)")
    fields = await form.locator("tbody tr").count()
    await form.get_by_role("button", name="Thêm trường").click()
    await form.get_by_label(f"Mã trường {fields + 1}").fill("so_tang_ham")
    await form.get_by_label(f"Nhãn {fields + 1}", exact=True).fill(NEW_FIELD)
    await form.get_by_label(f"Kiểu {fields + 1}").select_option("integer")
    await form.get_by_label(f"Bắt buộc {fields + 1}").check()
    await form.get_by_label(f"Lớn nhất {fields + 1}").fill("50")

    await page.get_by_role("button", name="Xem trước").click()
    preview = page.get_by_role("region", name="Xem trước: người dân sẽ thấy như sau")
    await expect(preview.locator("ul.documents")).to_contain_text(NEW_PAPER)
    await expect(preview.get_by_label(f"{NEW_FIELD} (bắt buộc)")).to_be_visible()
    await expect(preview.get_by_role("link", name="Nộp hồ sơ")).to_have_count(0)
    # Still a draft: citizens see version 1.
    assert (await client.get(f"/api/catalog/procedures/{PROCEDURE}")).json()["version"] == 1

    await page.get_by_role("button", name="Công bố").click()
    await expect(page.get_by_role("status").filter(has_text="Đã công bố phiên bản 2.")).to_be_visible()
    await expect(pinned.locator("tr[data-version='2'] th")).to_contain_text("đang áp dụng")

    after = await new_draft(client, citizen, PROCEDURE)
    version_2 = (await client.get(f"/api/catalog/procedures/{PROCEDURE}")).json()
    assert version_2["version"] == 2 and after["procedure_version_id"] == version_2["version_id"]
    paper = next(d for d in after["documents"] if d["name"] == NEW_PAPER)
    assert paper["required"] is True
    field = next(f for f in after["form_definition"] if f["name"] == "so_tang_ham")
    assert (field["label"], field["type"], field["required"], field["max"]) == (NEW_FIELD, "integer", True, 50)
    assert "so_tang_ham" in {e["field"] for e in after["form_errors"]}

    kept = (await client.get(f"/api/dossiers/{before['id']}", headers=citizen.headers())).json()
    assert kept["procedure_version_id"] == version_1["version_id"]
    assert NEW_PAPER not in {d["name"] for d in kept["documents"]}
    await context.close()
