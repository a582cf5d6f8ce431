"""Web push in Chromium. The service worker: a real push event (delivered through the DevTools protocol,
as DevTools' own "Push" button does) is shown as a notification, a newer status of the same dossier
replaces it, and a tap opens that dossier in the app's window. The app: after a submission it offers
notifications, saying why, and a "no" is never asked again.

Stood in for, because headless Chromium has no notification surface to click: the tap itself. The test
dispatches a `notificationclick` event for the shown notification to the worker's own listener; as a
script-made event may not call `waitUntil` and has not the window interaction a real click grants,
`waitUntil` is collected on the event and `WindowClient.focus` resolves without raising the window.
Everything else (the listener, `clients.matchAll`, `WindowClient.navigate`, the app's routing) is real.
"""

from __future__ import annotations

import asyncio
import json
from uuid import UUID

import httpx
from playwright.async_api import Browser, BrowserContext, CDPSession, expect

from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
from backend.notifications.clients.push import topic_for
from backend.ids import new_id
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, PHONE, detail, new_draft, photograph_required_documents, sign_in_citizen,
    submit, wait_until_true,
)

NOTIFICATIONS = """async (tag) => (await (await navigator.serviceWorker.ready).getNotifications(tag ? {tag} : {}))
    .map((n) => ({title: n.title, body: n.body, tag: n.tag, lang: n.lang, icon: n.icon, data: n.data}))"""

TAP = """async (tag) => {
    const [notification] = await self.registration.getNotifications({tag});
    const event = new NotificationEvent('notificationclick', {notification});
    const pending = [];
    Object.defineProperty(event, 'waitUntil', {value: (promise) => pending.push(promise)});
    const focus = WindowClient.prototype.focus;
    const focused = [];
    WindowClient.prototype.focus = function () { focused.push(this.url); return Promise.resolve(this); };
    try {
        self.dispatchEvent(event);
        await Promise.all(pending);
    } finally {
        WindowClient.prototype.focus = focus;
    }
    return {focused, left: (await self.registration.getNotifications({tag})).length};
}"""


async def registration_id(cdp: CDPSession, scope: str) -> str:
    """The service worker registration's id, which DevTools delivers pushes to."""
    found: dict[str, str] = {}
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"] if not r["isDeleted"]}),
    )
    await cdp.send("ServiceWorker.enable")
    deadline = asyncio.get_running_loop().time() + 10
    while scope not in found:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no service worker registration for {scope}: {found}")
        await asyncio.sleep(0.05)  # waiting for DevTools' event, not timing a behaviour
    return found[scope]


async def signed_in_context(browser: Browser, live_url: str, token: str, csrf: str) -> BrowserContext:
    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    await context.grant_permissions(["notifications"], origin=live_url)
    await context.add_cookies([
        {"name": SESSION_COOKIE, "value": token, "url": live_url},
        {"name": CSRF_COOKIE, "value": csrf, "url": live_url},
    ])
    return context


async def test_a_pushed_status_is_shown_replaced_by_the_next_and_a_tap_opens_the_dossier(
    browser: Browser, live_url: str, seeded_live: None
) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen = await sign_in_citizen(http)
        dossier = await new_draft(http, citizen, CRIMINAL_RECORD, form=CRIMINAL_RECORD_FORM)
    tag = topic_for(dossier["id"])
    dossier_url = f"{live_url}/#/ho-so/{dossier['id']}"

    context = await signed_in_context(browser, live_url, citizen.token, citizen.csrf)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/")
        await wait_until_true(page, "async () => (await navigator.serviceWorker.ready).active.state === 'activated'")
        await page.wait_for_function("navigator.serviceWorker.controller !== null")
        cdp = await context.new_cdp_session(page)
        registration = await registration_id(cdp, f"{live_url}/")

        async def push(payload: dict[str, str]) -> None:
            await cdp.send(
                "ServiceWorker.deliverPushMessage",
                {"origin": live_url, "registrationId": registration, "data": json.dumps(payload, ensure_ascii=False)},
            )

        received = {
            "title": "Hồ sơ đã được tiếp nhận", "body": "Hẹn trả kết quả ngày 14/12/2026.",
            "url": f"/#/ho-so/{dossier['id']}", "tag": tag, "lang": "vi",
        }
        await push(received)
        await wait_until_true(page, f"async () => ({NOTIFICATIONS})(null).then((all) => all.length === 1)")
        [shown] = await page.evaluate(NOTIFICATIONS, None)
        assert shown == {
            "title": received["title"], "body": received["body"], "tag": tag, "lang": "vi",
            "icon": f"{live_url}/icons/icon-192.png", "data": {"url": dossier_url},
        }

        # The next status of the same dossier replaces it; another dossier's stands beside it.
        await push({**received, "title": "Đã có kết quả", "body": "Mời bạn nhận kết quả tại nhà."})
        other = topic_for(UUID(int=1))
        await push({**received, "tag": other, "url": "/#/ho-so"})
        await wait_until_true(page, f"async () => ({NOTIFICATIONS})(null).then((all) => all.length === 2)")
        [replaced] = await page.evaluate(NOTIFICATIONS, tag)
        assert (replaced["title"], replaced["body"]) == ("Đã có kết quả", "Mời bạn nhận kết quả tại nhà.")

        # A tap: the notification closes and the app's open window goes to the dossier.
        [worker] = context.service_workers
        tapped = await worker.evaluate(TAP, tag)
        assert tapped == {"focused": [f"{live_url}/#/"], "left": 0}
        await page.wait_for_url(dossier_url)
        await expect(page.get_by_text(dossier["procedure_name"]).first).to_be_visible()
        assert len(context.pages) == 1
    finally:
        await context.close()


async def test_after_a_submission_the_app_offers_notifications_once_and_remembers_a_no(
    browser: Browser, live_url: str, seeded_live: None
) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen = await sign_in_citizen(http)
        await http.put("/api/me/profile", json={"full_name": "Nguyễn Thị Lan", "cccd": "056190000123"}, headers=citizen.headers())
        dossier = await new_draft(http, citizen, CRIMINAL_RECORD, form=CRIMINAL_RECORD_FORM)
        await photograph_required_documents(http, citizen, dossier, small=True)
        deadline = asyncio.get_running_loop().time() + 20
        while not all(p["status"] == "ready" for slot in (await detail(http, citizen, dossier["id"]))["documents"] for p in slot["pages"]):
            assert asyncio.get_running_loop().time() < deadline, "the live worker did not normalise the pages"
            await asyncio.sleep(0.1)  # polling the background job, not timing a behaviour
        submitted = await submit(http, citizen, dossier["id"], str(new_id()))
        assert submitted.status_code == 200, submitted.text

    context = await browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True)
    await context.add_cookies([
        {"name": SESSION_COOKIE, "value": citizen.token, "url": live_url},
        {"name": CSRF_COOKIE, "value": citizen.csrf, "url": live_url},
    ])
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/ho-so/{dossier['id']}/nop")
        await wait_until_true(page, "async () => (await navigator.serviceWorker.ready).active.state === 'activated'")
        assert await page.evaluate("Notification.permission") == "default"
        await expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
        offer = page.get_by_role("region", name="Nhận thông báo về hồ sơ?")
        await expect(offer).to_contain_text("Bật thông báo để biết ngay khi hồ sơ được tiếp nhận")
        await offer.get_by_role("button", name="Để sau").click()
        await expect(offer.get_by_role("status")).to_have_text(
            "Ứng dụng sẽ không hỏi lại. Bạn vẫn xem được tình trạng hồ sơ trong mục Hồ sơ của tôi."
        )
        # The browser was never asked: its permission is still undecided.
        assert await page.evaluate("Notification.permission") == "default"

        await page.reload()
        await expect(page.get_by_role("heading", name="Đã nộp hồ sơ")).to_be_visible()
        # The offer would load lazily: once nothing is loading any more, it is absent.
        await page.wait_for_load_state("networkidle")
        await expect(page.get_by_text("Đang tải…")).to_have_count(0)
        await expect(page.get_by_role("region", name="Nhận thông báo về hồ sơ?")).to_have_count(0)
    finally:
        await context.close()
