"""Paying a fee from a phone, and at the desk, in Chromium against the live API and the run's simulators.

- A citizen files a Phiếu lý lịch tư pháp (a 200.000 đồng fee due at submission), goes from "Nộp phí, lệ phí" to
  VNPay's pay page (the VNPay simulator), presses "Thanh toán", is sent back to the payment page, which shows
  "Đã thanh toán", and downloads the e-receipt: a PDF with the receipt number and the amount in words. Another
  cancels on VNPay's page, is told so on return, and pays again.
- A citizen pays by VietQR: the transfer content is read from the page (and copied with its button), the bank
  (the bank simulator) posts its signed notice of the transfer, and the page turns to paid by itself — also when
  the phone was offline in between: back online, it shows the server's state.
- The reception officer takes the fee in cash on the dossier's page, and the day's cash lists it.
"""

from __future__ import annotations

import asyncio
import io
import re
import secrets

import httpx
import pytest
from playwright.async_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from backend.ids import new_id
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, citizen_on_a_phone, gateway_url, new_draft, officer_at_a_desk,
    pages_ready, photograph_required_documents, sign_in_citizen, SignedIn, submit,
)

pytestmark = pytest.mark.usefixtures("seeded_live")

FEE = re.compile(r"200\.000\s₫")  # Intl writes a no-break space before the sign
FEE_IN_WORDS = "Hai trăm nghìn đồng chẵn"
PAID = "Đã thanh toán"


async def _ready_draft(http: httpx.AsyncClient) -> tuple[SignedIn, str]:
    """A citizen and their Phiếu lý lịch tư pháp, filled in and photographed, ready to submit."""
    citizen = await sign_in_citizen(http)
    profile = await http.put("/api/me/profile", json={"full_name": "Nguyễn Thị Lan", "cccd": "056190000123"}, headers=citizen.headers())
    assert profile.status_code == 200, profile.text
    draft = await new_draft(http, citizen, CRIMINAL_RECORD, form=CRIMINAL_RECORD_FORM)
    await photograph_required_documents(http, citizen, draft, small=True)
    await pages_ready(http, citizen, draft["id"])
    return citizen, draft["id"]


async def _submitted(http: httpx.AsyncClient) -> tuple[SignedIn, dict]:
    citizen, dossier_id = await _ready_draft(http)
    submitted = await submit(http, citizen, dossier_id, str(new_id()))
    assert submitted.status_code == 200, submitted.text
    dossier = submitted.json()
    assert dossier["state"] == "awaiting_payment" and dossier["fee"]["total"] == 200_000, dossier
    return citizen, dossier


async def _see_the_amount_explained(page: Page) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text("Nộp phí, lệ phí")
    table = page.get_by_role("table", name="Số tiền phải nộp")
    await expect(table.get_by_role("row")).to_have_count(3)  # the header, the one fee line, the total
    await expect(table.get_by_role("row").nth(1)).to_contain_text(FEE)
    await expect(table.get_by_role("row", name=re.compile("Tổng cộng"))).to_contain_text(FEE)
    await expect(page.get_by_text("nộp tiền mặt tại bộ phận tiếp nhận")).to_be_visible()


def _status(page: Page, text: str) -> Locator:
    """The payment's state as the page says it (a live region: screen readers hear it change)."""
    return page.locator(".payment-standing[role=status]").filter(has_text=text)


async def test_a_citizen_pays_through_vnpay_and_downloads_the_e_receipt(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier_id = await _ready_draft(http)
        context = await citizen_on_a_phone(browser, live_url, citizen)
        page = await context.new_page()
        try:
            # Filing ends on the code and, since the dossier now waits for its fee, the call to pay it.
            await page.goto(f"{live_url}/#/ho-so/{dossier_id}/nop")
            await page.get_by_role("button", name="Nộp hồ sơ").click()
            await expect(page.locator(".dossier-code")).to_have_text(re.compile(r"-\d{6}-\d{4}$"))
            await expect(page.get_by_text(re.compile(r"Hồ sơ sẽ được tiếp nhận sau khi bạn nộp phí, lệ phí: 200\.000\s₫"))).to_be_visible()
            await page.get_by_role("link", name="Nộp phí, lệ phí").click()
            await expect(page).to_have_url(re.compile(rf"#/ho-so/{dossier_id}/thanh-toan$"))
            await _see_the_amount_explained(page)
            await expect(_status(page, "Chờ thanh toán")).to_be_visible()

            await page.get_by_label(re.compile("^VNPay")).check()
            await page.get_by_role("button", name="Thanh toán qua VNPay").click()
            await expect(page).to_have_url(re.compile(re.escape(gateway_url("vnpay"))))
            await page.get_by_role("button", name="Thanh toán", exact=True).click()

            # Back through the return URL to the payment page, which shows what the server knows.
            await expect(page).to_have_url(f"{live_url}/#/ho-so/{dossier_id}/thanh-toan", timeout=15_000)
            await expect(_status(page, PAID)).to_be_visible(timeout=20_000)
            receipt_number = (await page.locator(".payment-paid__number").text_content() or "").strip()
            assert re.fullmatch(r"\d{7}/\d{4}", receipt_number), receipt_number
            await expect(page.locator(".payment-paid")).to_contain_text("VNPay")

            async with page.expect_download() as download_info:
                await page.get_by_role("link", name="Tải biên lai điện tử (PDF)").click()
            download = await download_info.value
            pdf = (await download.path()).read_bytes()  # type: ignore[union-attr]
            assert pdf.startswith(b"%PDF-")
            text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf)).pages)
            assert receipt_number in text
            assert FEE_IN_WORDS in " ".join(text.split())

            # The dossier page lists the fee as paid, with the same receipt, and no longer asks for it.
            await page.get_by_role("link", name="Về hồ sơ").click()
            fees = page.get_by_role("region", name="Phí, lệ phí")
            await expect(fees).to_contain_text(PAID)
            await expect(fees).to_contain_text(receipt_number)
            await expect(page.get_by_role("link", name="Nộp phí, lệ phí")).to_have_count(0)
        finally:
            await context.close()


async def test_cancelled_at_vnpay_the_page_says_so_and_paying_again_works(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await _submitted(http)
    context = await citizen_on_a_phone(browser, live_url, citizen)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/ho-so/{dossier['id']}/thanh-toan")
        await page.get_by_label(re.compile("^VNPay")).check()
        await page.get_by_role("button", name="Thanh toán qua VNPay").click()
        await page.get_by_role("button", name="Hủy", exact=True).click()

        await expect(page).to_have_url(f"{live_url}/#/ho-so/{dossier['id']}/thanh-toan", timeout=15_000)
        await expect(_status(page, "Bạn đã hủy thanh toán")).to_be_visible(timeout=20_000)
        await expect(page.get_by_text("Chưa có khoản tiền nào được thu")).to_be_visible()
        await page.get_by_role("button", name="Thanh toán lại qua VNPay").click()
        await page.get_by_role("button", name="Thanh toán", exact=True).click()
        await expect(_status(page, PAID)).to_be_visible(timeout=20_000)
    finally:
        await context.close()


async def test_a_citizen_pays_by_vietqr_and_the_page_turns_to_paid_by_itself(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await _submitted(http)
        context = await citizen_on_a_phone(browser, live_url, citizen)
        await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
        page = await context.new_page()
        try:
            await page.goto(f"{live_url}/#/ho-so/{dossier['id']}")
            await page.wait_for_function("navigator.serviceWorker.controller !== null")
            await page.get_by_role("link", name="Nộp phí, lệ phí").click()
            await _see_the_amount_explained(page)

            # VietQR is offered first: the QR and, beside it, what to type, each with its copy button.
            await expect(page.get_by_label("Chuyển khoản ngân hàng (VietQR)")).to_be_checked()
            await expect(page.get_by_role("img", name=re.compile("^Mã QR chuyển khoản"))).to_be_visible()
            account = page.locator('.vietqr__row[data-field="account_number"] .vietqr__value')
            content = page.locator('.vietqr__row[data-field="transfer_content"] .vietqr__value')
            await expect(account).to_have_text("1234567890")
            await expect(page.locator('.vietqr__row[data-field="amount"] .vietqr__value')).to_have_text(FEE)
            transfer_content = (await content.text_content() or "").strip()
            assert transfer_content.replace(" ", "") == dossier["code"].replace(".", "").replace("-", "")
            await page.get_by_role("button", name="Chép nội dung chuyển khoản").click()
            await expect(page.get_by_role("status").filter(has_text="Đã chép nội dung chuyển khoản.")).to_be_visible()
            assert await page.evaluate("navigator.clipboard.readText()") == transfer_content
            await expect(page.get_by_text("Đang chờ ngân hàng báo tiền về")).to_be_visible()

            # The phone goes offline; meanwhile the money arrives and the bank tells the agency.
            await context.set_offline(True)
            await page.reload()
            await expect(page.get_by_text("Trang sẽ tự tải lại khi có mạng")).to_be_visible()
            sent = await http.post(
                f"{gateway_url('bank')}/_sandbox/transfer",
                json={"account": "1234567890", "amount": 200_000, "description": f"NGUYEN THI LAN CHUYEN TIEN {transfer_content}"},
            )
            assert sent.status_code == 202, sent.text
            await _wait_paid(http, citizen, dossier["id"])

            # Back online, the page loads the server's state by itself: paid.
            await context.set_offline(False)
            await expect(_status(page, PAID)).to_be_visible(timeout=15_000)
            await expect(page.locator(".payment-paid")).to_contain_text("Chuyển khoản ngân hàng (VietQR)")
        finally:
            await context.close()


async def test_the_vietqr_page_turns_to_paid_while_it_is_watched(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await _submitted(http)
        context = await citizen_on_a_phone(browser, live_url, citizen)
        page = await context.new_page()
        try:
            await page.goto(f"{live_url}/#/ho-so/{dossier['id']}/thanh-toan")
            content = page.locator('.vietqr__row[data-field="transfer_content"] .vietqr__value')
            await expect(content).to_have_text(re.compile(r"\S"))
            sent = await http.post(
                f"{gateway_url('bank')}/_sandbox/transfer",
                json={"account": "1234567890", "amount": 200_000, "description": (await content.text_content() or "").strip()},
            )
            assert sent.status_code == 202, sent.text
            # No reload, no click: the waiting state polls the server and turns to paid.
            await expect(_status(page, PAID)).to_be_visible(timeout=20_000)
            await expect(page.get_by_role("link", name="Tải biên lai điện tử (PDF)")).to_be_visible()
            await expect(page.get_by_text("Đang chờ ngân hàng báo tiền về")).to_have_count(0)
        finally:
            await context.close()


async def _wait_paid(http: httpx.AsyncClient, citizen: SignedIn, dossier_id: str) -> None:
    """Until the server has the payment paid (the bank's notice travels through the simulator's webhook)."""
    for _ in range(200):
        payments = (await http.get(f"/api/dossiers/{dossier_id}/payments", headers=citizen.headers())).json()
        if payments and payments[0]["state"] == "paid":
            return
        await asyncio.sleep(0.1)  # polling the webhook's effect, not timing a behaviour
    raise AssertionError(f"the transfer did not pay the dossier: {payments}")


async def test_the_desk_takes_the_fee_in_cash_and_the_days_cash_lists_it(browser: Browser, live_url: str) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await _submitted(http)
    code = dossier["code"]
    paper_receipt = f"BL-{secrets.randbelow(10**6):06d}"
    page = await officer_at_a_desk(browser, live_url, "reception_officer")
    try:
        await page.get_by_role("button", name=re.compile(r"^Chờ nộp phí \d+$")).click()
        await page.get_by_role("link", name=code).click()
        await expect(page.get_by_role("heading", name=code)).to_contain_text("Chờ nộp phí")
        fee = page.get_by_role("region", name="Phí, lệ phí")
        await expect(fee).to_contain_text(FEE)
        await fee.get_by_role("button", name="Thu tiền mặt").click()
        dialog = page.get_by_role("dialog", name="Thu tiền mặt")
        amount = dialog.get_by_label("Số tiền (theo mức phí của hồ sơ)")
        await expect(amount).to_have_value(FEE)
        await expect(amount).not_to_be_editable()
        await dialog.get_by_label("Số biên lai giấy đã giao").fill(paper_receipt)
        await dialog.get_by_role("button", name="Xác nhận").click()
        await expect(page.get_by_role("status").filter(has_text=re.compile(r"Đã thu 200\.000\s₫ tiền mặt\. Biên lai điện tử số \d{7}/\d{4}"))).to_be_visible()
        # Paid, the dossier is back in the desk's hands to receive, and asks for no cash any more.
        await expect(page.get_by_role("heading", name=code)).to_contain_text("Chờ tiếp nhận")
        await expect(page.get_by_role("region", name="Phí, lệ phí")).to_have_count(0)

        await page.get_by_role("link", name="← Hàng đợi").click()
        await page.get_by_role("link", name="Tiền mặt trong ngày").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Tiền mặt trong ngày")
        row = page.get_by_role("row").filter(has_text=code)
        await expect(row).to_contain_text(paper_receipt)
        await expect(row).to_contain_text(FEE)
        await expect(page.get_by_text(re.compile(r"^Tổng tiền mặt trong ngày: [\d.]+\s₫$"))).to_be_visible()
    finally:
        await page.context.close()

    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        payments = (await http.get(f"/api/dossiers/{dossier['id']}/payments", headers=citizen.headers())).json()
    assert [(p["state"], p["channel"], p["amount"]) for p in payments] == [("paid", "cash", 200_000)]
