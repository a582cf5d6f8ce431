"""Results by post, in Chromium against the live API, its worker and the SMS simulators (issue 14).

- The courier offline: two shipments out for delivery; with the network cut the courier marks both delivered with
  the recipients' codes, the screen counts 2 steps waiting, survives a reload, and once the network returns says
  "Đã đồng bộ"; the server holds exactly one deliver event per shipment, applied in the phone's order.
- The whole journey: a citizen files with home delivery and sees the postage before submitting; the result is
  made ready at the commune desk, which hands it to the post with "Bàn giao ngay" and downloads the manifest; the
  courier confirms the batch, goes out and delivers with the recipient's code; the recipient, signed out, follows
  the tracking code to "Đã giao thành công".
"""

from __future__ import annotations

import io
import re

import asyncpg
import pytest
from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, Page, expect
from pypdf import PdfReader

from backend import clock
from backend.ids import new_id
from backend.settings import Settings
from tests.support import (
    CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, PHONE, SignedIn, citizen_on_a_phone, detail, officer_at_a_desk,
    random_phone, ready_to_submit, recipient_code, resolved_at_the_desk, sign_in_demo, sign_in_staff,
    submitted_dossiers,
)

pytestmark = pytest.mark.usefixtures("seeded")

POSTAGE = re.compile(r"^Cước chuyển phát: 25\.000\s₫ \(gửi trong tỉnh\)$")  # Intl writes a no-break space before ₫
SYNCED = "Đã đồng bộ"


def _spaced(code: str) -> str:
    """As the screens print a tracking code: RA 123 456 785 VN."""
    return f"{code[:2]} {code[2:5]} {code[5:8]} {code[8:11]} {code[11:]}"


async def _tracking_code(client: AsyncTestClient, citizen: SignedIn, dossier_id: str) -> str:
    answer = await client.get(f"/api/dossiers/{dossier_id}/shipments", headers=citizen.headers())
    assert answer.status_code == 200, answer.text
    (shipment,) = answer.json()
    return shipment["tracking_code"]


async def _ready_by_post(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, desk: SignedIn, commune: str, phone: str
) -> str:
    """A certified copy going home by post to `phone`, result_ready at the commune desk; its tracking code."""
    post = {"method": "post", "recipient_name": "Nguyễn Văn An", "phone": phone, "street": "12 Trần Phú",
            "province_code": settings.demo_province_code, "commune_code": commune}
    (dossier,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1, delivery=post)
    assert (await resolved_at_the_desk(client, citizen, desk, dossier["id"]))["state"] == "result_ready"
    return await _tracking_code(client, citizen, dossier["id"])


async def _courier_takes_every_batch(client: AsyncTestClient, desk: SignedIn, courier: SignedIn) -> None:
    """The desk hands over now and the courier confirms what is offered (the live worker's cron may have put the
    shipments in the slot's batch first: then there is nothing to hand over now, and that batch is the one)."""
    made = await client.post("/api/office/handovers", headers=desk.headers(**{"Idempotency-Key": str(new_id())}))
    assert made.status_code == 200 or made.json()["code"] == "nothing_to_hand_over", made.text
    offered = await client.get("/api/courier/handovers", headers=courier.headers())
    assert offered.status_code == 200 and offered.json(), offered.text
    for batch in offered.json():
        confirmed = await client.post(f"/api/courier/handovers/{batch['id']}/confirm", headers=courier.headers())
        assert confirmed.status_code == 200, confirmed.text


async def _out_for_delivery(client: AsyncTestClient, courier: SignedIn, codes: list[str]) -> None:
    events = [{"idempotency_key": str(new_id()), "tracking_code": code, "action": "out_for_delivery",
               "device_time": clock.now().isoformat()} for code in codes]
    answer = await client.post("/api/courier/events", json={"events": events}, headers=courier.headers())
    assert answer.status_code == 200, answer.text
    assert [r["outcome"] for r in answer.json()["results"]] == ["applied"] * len(codes), answer.text


def _sync_status(page: Page):  # noqa: ANN202 (a Locator)
    return page.locator("#courier-sync")


async def _deliver_on_the_phone(page: Page, code: str, recipient_code_: str) -> None:
    """From the round, open the shipment, mark it delivered with the recipient's code, and go back to the round."""
    await page.get_by_role("link", name=re.compile(re.escape(_spaced(code)))).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(_spaced(code))
    await page.get_by_role("button", name="Giao thành công").click()
    await page.get_by_label("Mã nhận hàng (6 chữ số)").fill(recipient_code_)
    await page.get_by_role("button", name="Ghi nhận").click()
    await expect(page.get_by_role("status").filter(has_text="Đã ghi: Giao thành công")).to_be_visible()
    await page.get_by_role("link", name="← Về danh sách bưu gửi").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Bưu gửi hôm nay")


async def test_a_courier_delivers_two_shipments_offline_and_each_arrives_once_in_order(
    browser: Browser, live_url: str, client: AsyncTestClient, settings: Settings, citizen: SignedIn,
    demo_commune: str, db: asyncpg.Pool,
) -> None:
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    courier = await sign_in_demo(client, "courier")
    phones = [random_phone(), random_phone()]
    codes = [await _ready_by_post(client, settings, citizen, desk, demo_commune, phone) for phone in phones]
    await _courier_takes_every_batch(client, desk, courier)
    await _out_for_delivery(client, courier, codes)
    recipients_codes = [await recipient_code(phone) for phone in phones]

    context = await citizen_on_a_phone(browser, live_url, courier)  # any session: here the courier's
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/buu-ta")
        await page.wait_for_function("navigator.serviceWorker.controller !== null")
        for code in codes:  # listed from the server, and so kept on the phone for an offline start
            await expect(page.get_by_role("link", name=re.compile(re.escape(_spaced(code))))).to_contain_text("Đang đi giao")

        await context.set_offline(True)
        for code, given in zip(codes, recipients_codes):
            await _deliver_on_the_phone(page, code, given)
        await expect(_sync_status(page)).to_contain_text("Chờ đồng bộ: 2 thao tác")

        # A closed tab loses nothing: reloaded offline, the round and both steps are still on the phone.
        await page.reload()
        await expect(_sync_status(page)).to_contain_text("Chờ đồng bộ: 2 thao tác")
        await expect(page.get_by_text(re.compile("^Đang ngoại tuyến: danh sách lưu lúc"))).to_be_visible()

        await context.set_offline(False)
        await expect(_sync_status(page)).to_have_text(SYNCED, timeout=20_000)
    finally:
        await context.close()

    delivered = await db.fetch(
        """
        select s.tracking_code, e.device_time, s.state from shipment_events e join shipments s on s.id = e.shipment_id
        where s.tracking_code = any($1::text[]) and e.action = 'deliver' order by e.device_time
        """,
        codes,
    )
    assert [row["tracking_code"] for row in delivered] == codes  # one each, in the order the courier marked them
    assert {row["state"] for row in delivered} == {"delivered"}
    dossier_states = await db.fetch(
        "select d.state from dossiers d join shipments s on s.dossier_id = d.id where s.tracking_code = any($1::text[])",
        codes,
    )
    assert [row["state"] for row in dossier_states] == ["delivered", "delivered"]


async def test_filed_with_home_delivery_handed_to_the_post_delivered_and_tracked_by_the_recipient(
    browser: Browser, live_url: str, client: AsyncTestClient, settings: Settings, citizen: SignedIn,
) -> None:
    me = await client.get("/api/me", headers=citizen.headers())
    assert me.status_code == 200, me.text
    phone = "0" + me.json()["phone"].removeprefix("+84")
    draft = await ready_to_submit(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM)

    # The citizen chooses the post on the filing screen: the postage shows there and again on the review.
    context = await citizen_on_a_phone(browser, live_url, citizen)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/ho-so/{draft['id']}/nop")
        await page.get_by_label("Nhận tại nhà qua bưu chính công ích").check()
        await expect(page.locator("#delivery-postage .postage__amount")).to_have_text(POSTAGE)
        await expect(page.locator("#review-postage .postage__amount")).to_have_text(POSTAGE)
        await expect(page.get_by_text("Đã lưu lên máy chủ")).to_be_visible()
        await page.get_by_role("button", name="Nộp hồ sơ").click()
        await expect(page.locator(".dossier-code")).to_have_text(re.compile(r"-\d{6}-\d{4}$"))
    finally:
        await context.close()
    filed = await detail(client, citizen, draft["id"])
    assert filed["delivery"]["method"] == "post" and filed["postage"]["amount"] == 25_000, filed

    # The commune desk signs in, the result is made ready (the processing steps through the API), and the desk
    # hands it to the post at once. (Ready just before the hand-over: the live worker's batch cron has no time to
    # take it first.)
    desk_page = await officer_at_a_desk(browser, live_url, "reception_officer", COMMUNE_DESK)
    try:
        desk = await sign_in_staff(client, *COMMUNE_DESK)
        assert (await resolved_at_the_desk(client, citizen, desk, draft["id"]))["state"] == "result_ready"
        code = await _tracking_code(client, citizen, draft["id"])
        await desk_page.goto(f"{live_url}/#/can-bo/ban-giao")
        await expect(desk_page.get_by_role("heading", level=1)).to_have_text("Bàn giao bưu điện")
        waiting = desk_page.locator("#handover-waiting").get_by_role("row").filter(has_text=_spaced(code))
        await expect(waiting).to_be_visible()
        await desk_page.get_by_role("button", name="Bàn giao ngay").click()
        await expect(desk_page.get_by_role("status").filter(has_text=re.compile(r"^Đã lập đợt bàn giao"))).to_be_visible()
        await expect(waiting).to_have_count(0)  # the lists reloaded: the new batch is the newest, listed first
        async with desk_page.expect_download() as download_info:
            await desk_page.locator("#handover-batches").get_by_role("link", name="Tải biên bản (PDF)").first.click()
        pdf = (await (await download_info.value).path()).read_bytes()  # type: ignore[union-attr]
        manifest = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert code in manifest.replace(" ", ""), manifest
    finally:
        await desk_page.context.close()

    # The courier confirms the batch in the app, goes out, and delivers with the code the recipient got by SMS.
    courier = await sign_in_demo(client, "courier")
    context = await citizen_on_a_phone(browser, live_url, courier)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/buu-ta")
        handovers = page.get_by_role("region", name="Đợt bàn giao chờ xác nhận")
        await handovers.get_by_role("button", name="Xác nhận đã nhận").first.click()
        await expect(handovers.get_by_role("status")).to_have_text("Đã xác nhận đợt bàn giao.")
        await page.get_by_role("link", name=re.compile(re.escape(_spaced(code)))).click()
        await page.get_by_role("button", name="Đi giao").click()
        await expect(_sync_status(page)).to_have_text(SYNCED, timeout=20_000)
        given = await recipient_code(phone)
        await page.get_by_role("button", name="Giao thành công").click()
        await page.get_by_label("Mã nhận hàng (6 chữ số)").fill(given)
        await page.get_by_role("button", name="Ghi nhận").click()
        await expect(_sync_status(page)).to_have_text(SYNCED, timeout=20_000)
        await expect(page.locator("#courier-state")).to_have_text("Đã giao")
    finally:
        await context.close()
    assert (await detail(client, citizen, draft["id"]))["state"] == "delivered"

    # The recipient, signed out, follows the link in the SMS: the code is there, the phone's last 4 digits are typed.
    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/tra-cuu/van-don/{code}")
        await page.get_by_label("4 số cuối điện thoại người nhận").fill(phone[-4:])
        await page.get_by_role("button", name="Xem hành trình").click()
        result = page.get_by_role("region", name="Tình trạng bưu gửi")
        await expect(result.locator("#shipment-state")).to_have_text("Đã giao thành công")
        await expect(result.locator(".shipment-timeline li").last).to_contain_text("Đã giao thành công")
    finally:
        await context.close()
