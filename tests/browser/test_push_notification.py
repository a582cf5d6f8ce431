"""Web push in Chromium. The service worker: a real push event (delivered through the DevTools protocol,
as DevTools' own "Push" button does) is shown as a notification, a newer status of the same dossier
replaces it, and a tap opens that dossier in the app's window. The app: after a submission it offers
notifications, saying why, and a "no" is never asked again; a "yes" subscribes this browser, and the next
status change of the dossier reaches its push service (the live worker sends it). The dossier page lists
the messages sent about it and whether they arrived.

Stood in for, because headless Chromium has no notification surface to click: the tap itself. The test
dispatches a `notificationclick` event for the shown notification to the worker's own listener; as a
script-made event may not call `waitUntil` and has not the window interaction a real click grants,
`waitUntil` is collected on the event and `WindowClient.focus` resolves without raising the window.
Everything else (the listener, `clients.matchAll`, `WindowClient.navigate`, the app's routing) is real.

Stood in for, because headless Chromium has no push service: `PushManager.prototype.subscribe`, which
returns a subscription made by the test — an endpoint at a local push service (sandbox/push_service.py,
bound to the server's VAPID key as a browser's is) and a P-256 key pair and auth secret of the test's own.
The person's "Allow" at the browser's prompt is given as Playwright grants a permission.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
from datetime import datetime
from uuid import UUID

import asyncpg
import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from playwright.async_api import Browser, BrowserContext, CDPSession, expect

from backend.accounts.sessions import CSRF_COOKIE, SESSION_COOKIE
from backend.clock import VIETNAM
from backend.notifications.clients.push import topic_for
from backend.ids import new_id
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, PHONE, act, citizen_on_a_phone, detail, eventually, free_port, new_draft,
    office, pages_ready, paid_at_the_desk, photograph_required_documents, sign_in_citizen, sign_in_demo, SignedIn,
    start_sandbox, submit, wait_until_true,
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


# Stands in for the browser's push service only: hands back the test's subscription, noting the key asked for.
STAND_IN_SUBSCRIBE = """(subscription) => {
    PushManager.prototype.subscribe = async function (options) {
        const key = String.fromCharCode(...new Uint8Array(options.applicationServerKey));
        window.subscribedWith = btoa(key).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        const json = {endpoint: subscription.endpoint, expirationTime: null, keys: subscription.keys};
        return {endpoint: subscription.endpoint, expirationTime: null, options, toJSON: () => json, unsubscribe: async () => true};
    };
}"""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class BrowserKeys:
    """What a browser keeps for a push subscription: a P-256 key pair and a 16-byte auth secret (RFC 8291)."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)
        self.public_point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )

    def decrypt(self, body: bytes) -> bytes:
        """RFC 8291 §3.4 over RFC 8188's one record: salt, record size, the sender's key, then the ciphertext."""
        salt, key_length = body[:16], body[20]
        sender_point, ciphertext = body[21 : 21 + key_length], body[21 + key_length :]
        sender = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), sender_point)
        shared = self.key.exchange(ec.ECDH(), sender)
        info = b"WebPush: info\x00" + self.public_point + sender_point
        ikm = HKDF(hashes.SHA256(), 32, self.auth_secret, info).derive(shared)
        cek = HKDF(hashes.SHA256(), 16, salt, b"Content-Encoding: aes128gcm\x00").derive(ikm)
        nonce = HKDF(hashes.SHA256(), 12, salt, b"Content-Encoding: nonce\x00").derive(ikm)
        return AESGCM(cek).decrypt(nonce, ciphertext, None).rstrip(b"\x00")[:-1]  # drop the padding delimiter


async def submitted_in_live_app(http: httpx.AsyncClient) -> tuple[SignedIn, dict]:
    """A citizen and their dossier, submitted through the live app (its worker normalised the pages)."""
    citizen = await sign_in_citizen(http)
    await http.put("/api/me/profile", json={"full_name": "Nguyễn Thị Lan", "cccd": "056190000123"}, headers=citizen.headers())
    dossier = await new_draft(http, citizen, CRIMINAL_RECORD, form=CRIMINAL_RECORD_FORM)
    await photograph_required_documents(http, citizen, dossier, small=True)
    await pages_ready(http, citizen, dossier["id"])
    submitted = await submit(http, citizen, dossier["id"], str(new_id()))
    assert submitted.status_code == 200, submitted.text
    return citizen, await paid_at_the_desk(http, citizen, submitted.json())


async def receive_at_the_desk(http: httpx.AsyncClient, dossier_id: str) -> None:
    """The province's one-stop desk receives the dossier: a status change the citizen is told of."""
    desk = await sign_in_demo(http, "reception_officer")
    received = await act(http, desk, dossier_id, "receive", (await office(http, desk, dossier_id))["lock_version"])
    assert received.status_code == 200, received.text


async def messages_of(http: httpx.AsyncClient, citizen: SignedIn, dossier_id: str) -> list[dict] | None:
    return (await detail(http, citizen, dossier_id))["messages"] or None


def vietnam_time(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


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
        citizen, dossier = await submitted_in_live_app(http)

    context = await citizen_on_a_phone(browser, live_url, citizen)
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


async def test_a_yes_subscribes_this_browser_and_the_next_status_reaches_its_push_service(
    browser: Browser, live_url: str, seeded_live: None, db: asyncpg.Pool
) -> None:
    keys = BrowserKeys()
    async with start_sandbox("push", free_port()) as push_service, httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await submitted_in_live_app(http)
        citizen_id = (await http.get("/api/me", headers=citizen.headers())).json()["id"]
        # The submission's own message is made before the browser subscribes: the push service gets only later news.
        await eventually(lambda: messages_of(http, citizen, dossier["id"]), "nothing was made of the submission")

        # What a browser's push service hands out: an endpoint bound to the key the app subscribes with.
        server_key = (await http.get("/api/push/key")).json()["public_key"]
        bound = await http.post(f"{push_service}/_sandbox/subscribe", json={"application_server_key": server_key})
        endpoint = bound.json()["endpoint"]
        subscription = {"endpoint": endpoint, "keys": {"p256dh": b64url(keys.public_point), "auth": b64url(keys.auth_secret)}}

        context = await citizen_on_a_phone(browser, live_url, citizen)
        await context.add_init_script(f"({STAND_IN_SUBSCRIBE})({json.dumps(subscription)})")
        page = await context.new_page()
        try:
            await page.goto(f"{live_url}/#/ho-so/{dossier['id']}/nop")
            offer = page.get_by_role("region", name="Nhận thông báo về hồ sơ?")
            await expect(offer).to_contain_text("Bật thông báo để biết ngay khi hồ sơ được tiếp nhận")
            await context.grant_permissions(["notifications"], origin=live_url)  # the person's "Allow" at the prompt
            await offer.get_by_role("button", name="Bật thông báo").click()
            await expect(offer.get_by_role("status")).to_have_text("Đã bật thông báo. Bạn sẽ nhận tin khi hồ sơ có thay đổi.")
            assert await page.evaluate("window.subscribedWith") == server_key
        finally:
            await context.close()

        stored = await db.fetchrow("select citizen_id, p256dh, auth from push_subscriptions where endpoint = $1", endpoint)
        assert stored is not None, "the server did not keep the subscription"
        assert (str(stored["citizen_id"]), stored["p256dh"], stored["auth"]) == (
            citizen_id, subscription["keys"]["p256dh"], subscription["keys"]["auth"]
        )

        await receive_at_the_desk(http, dossier["id"])
        token = endpoint.rsplit("/", 1)[1]

        async def arrived() -> list[dict] | None:
            return (await http.get(f"{push_service}/_sandbox/received", params={"token": token})).json() or None

        [pushed] = await eventually(arrived, "the status change never reached the push service")
        assert pushed["headers"]["topic"] == topic_for(dossier["id"])
        assert pushed["headers"]["urgency"] == "normal" and int(pushed["headers"]["ttl"]) > 0
        payload = json.loads(keys.decrypt(base64.b64decode(pushed["body"])))
        assert payload["url"] == f"/#/ho-so/{dossier['id']}" and payload["tag"] == topic_for(dossier["id"])
        assert payload["lang"] == "vi" and dossier["code"] in f"{payload['title']} {payload['body']}"


async def test_the_dossier_page_lists_the_messages_sent_and_whether_they_arrived(
    browser: Browser, live_url: str, seeded_live: None
) -> None:
    async with httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen, dossier = await submitted_in_live_app(http)
        await receive_at_the_desk(http, dossier["id"])

        async def settled() -> list[dict] | None:
            """The four SMS (sent, fee due, fee paid at the desk, received) delivered by the gateway simulator's
            receipts."""
            messages = await messages_of(http, citizen, dossier["id"]) or []
            return messages if len(messages) == 4 and all(m["status"] == "delivered" for m in messages) else None

        messages = await eventually(settled, "the SMS did not arrive (no delivery receipt reached the app)")

    context = await citizen_on_a_phone(browser, live_url, citizen)
    page = await context.new_page()
    try:
        await page.goto(f"{live_url}/#/ho-so/{dossier['id']}")
        listed = page.get_by_role("region", name="Tin nhắn đã gửi").get_by_role("listitem")
        await expect(listed).to_have_count(4)
        for item, message in zip(await listed.all(), messages, strict=True):
            await expect(item).to_contain_text("Tin nhắn SMS")
            await expect(item).to_contain_text(message["text"])
            await expect(item.locator("time")).to_have_text(vietnam_time(message["sent_at"]))
            # The status in words (a screen reader hears "Trạng thái: …"), its tone beside them.
            await expect(item).to_contain_text("Trạng thái: Đã đến máy")
            await expect(item.locator(".message__status")).to_have_class("message__status message__status--delivered")
        assert dossier["code"] in messages[0]["text"]
    finally:
        await context.close()


async def test_the_account_page_switches_sms_and_push_and_says_how_to_unblock_the_browser(
    browser: Browser, live_url: str, seeded_live: None, db: asyncpg.Pool
) -> None:
    keys = BrowserKeys()
    async with start_sandbox("push", free_port()) as push_service, httpx.AsyncClient(base_url=live_url, timeout=30) as http:
        citizen = await sign_in_citizen(http)
        server_key = (await http.get("/api/push/key")).json()["public_key"]
        bound = await http.post(f"{push_service}/_sandbox/subscribe", json={"application_server_key": server_key})
        subscription = {
            "endpoint": bound.json()["endpoint"], "keys": {"p256dh": b64url(keys.public_point), "auth": b64url(keys.auth_secret)},
        }

        async def preferences() -> dict:
            return (await http.get("/api/me/notification-preferences", headers=citizen.headers())).json()

        context = await citizen_on_a_phone(browser, live_url, citizen)
        await context.add_init_script(f"({STAND_IN_SUBSCRIBE})({json.dumps(subscription)})")
        page = await context.new_page()
        try:
            await page.goto(f"{live_url}/#/tai-khoan")
            settings = page.get_by_role("region", name="Thông báo")
            sms = settings.get_by_role("switch", name="Tin nhắn SMS về hồ sơ")
            push = settings.get_by_role("switch", name="Thông báo trên thiết bị này")
            saved = settings.get_by_role("status")
            await expect(sms).to_be_checked()
            await expect(sms).to_have_accessible_description(re.compile("^Kể cả khi tắt, các thông báo pháp luật yêu cầu vẫn được gửi qua SMS"))
            await expect(push).not_to_be_checked()  # this browser has no subscription yet

            await sms.click()
            await expect(saved).to_have_text("Đã lưu lựa chọn của bạn.")
            await expect(sms).not_to_be_checked()
            assert await preferences() == {"sms": False, "push": True, "sms_required_notices": True}

            await context.grant_permissions(["notifications"], origin=live_url)  # the person's "Allow" at the prompt
            await push.click()
            await expect(push).to_be_checked()
            await expect(saved).to_have_text("Đã lưu lựa chọn của bạn.")
            stored = await db.fetchrow("select p256dh, auth from push_subscriptions where endpoint = $1", subscription["endpoint"])
            assert stored is not None and dict(stored) == subscription["keys"]

            await push.click()
            await expect(push).not_to_be_checked()
            await expect(saved).to_have_text("Đã lưu lựa chọn của bạn.")
            assert await preferences() == {"sms": False, "push": False, "sms_required_notices": True}

            await page.reload()
            await expect(sms).not_to_be_checked()
        finally:
            await context.close()

    # A browser that blocks the site: the switch cannot be used, and says where to allow notifications.
    context = await citizen_on_a_phone(browser, live_url, citizen)
    page = await context.new_page()
    try:
        cdp = await context.new_cdp_session(page)
        this_context = (await cdp.send("Target.getTargetInfo"))["targetInfo"]["browserContextId"]
        await cdp.send("Browser.setPermission", {
            "permission": {"name": "notifications"}, "setting": "denied", "origin": live_url, "browserContextId": this_context,
        })
        await page.goto(f"{live_url}/#/tai-khoan")
        push = page.get_by_role("region", name="Thông báo").get_by_role("switch", name="Thông báo trên thiết bị này")
        await expect(push).to_be_disabled()
        await expect(push).to_have_accessible_description(re.compile(
            "^Trình duyệt đang chặn thông báo của trang này. Để cho phép: chạm biểu tượng ổ khóa .* Thông báo → Cho phép"
        ))
    finally:
        await context.close()
