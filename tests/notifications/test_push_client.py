"""The web push client against the local push service: a test "browser" subscribes with its own keys,
the client sends, and the browser decrypts what arrived (RFC 8291) and checks the VAPID token (RFC 8292)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import ec

from backend.notifications.clients import SendFailed
from backend.notifications.clients.push import MAX_PAYLOAD_BYTES, topic_for
from backend.notifications.clients.push.vapid import (
    Vapid, VapidNotConfigured, application_server_key, ensure_vapid_keys, vapid_for,
)
from backend.notifications.clients.push.webpush import WebPushProvider, retry_after_s
from backend.settings import Settings
from tests.support import PushSubscriber, free_port, start_sandbox, unb64url, verify_vapid

SUBJECT = "mailto:hotro@motcua.example"
PAYLOAD = {
    "title": "Hồ sơ 000.00.56.H01-261130-0001",
    "body": "Đã tiếp nhận, hẹn trả ngày 14/12/2026.",
    "url": "/#/ho-so/0190f3c2",
    "tag": "hs",
    "lang": "vi",
}


@pytest.fixture(scope="module")
def vapid(tmp_path_factory: pytest.TempPathFactory) -> Vapid:
    private, public = ensure_vapid_keys(tmp_path_factory.mktemp("keys") / "vapid")
    return Vapid(private.read_bytes(), public.read_bytes(), SUBJECT)


@pytest.fixture(scope="module")
async def service() -> AsyncIterator[str]:
    async with start_sandbox("push", free_port()) as url:
        yield url


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5) as client:
        yield client


@pytest.fixture
def provider(http: httpx.AsyncClient, vapid: Vapid) -> WebPushProvider:
    return WebPushProvider(http, vapid)


async def test_the_browser_decrypts_the_payload_and_the_service_saw_ttl_topic_urgency_and_a_valid_token(
    provider: WebPushProvider, http: httpx.AsyncClient, service: str, vapid: Vapid
) -> None:
    browser = await PushSubscriber().subscribe(http, service, vapid.application_server_key)
    payload = json.dumps(PAYLOAD, ensure_ascii=False).encode()
    topic = topic_for(uuid4())
    sent_at = time.time()

    handoff = await provider.send(browser.push(payload, ttl_s=3600, urgency="high", topic=topic))

    assert handoff.delivered and handoff.reference and handoff.reference.startswith(f"{service}/m/")
    token = browser.endpoint.rsplit("/", 1)[1]
    [arrived] = (await http.get(f"{service}/_sandbox/received", params={"token": token})).json()
    assert json.loads(browser.decrypt(base64.b64decode(arrived["body"]))) == PAYLOAD
    headers = arrived["headers"]
    assert (headers["ttl"], headers["urgency"], headers["topic"], headers["content-encoding"]) == (
        "3600", "high", topic, "aes128gcm"
    )
    claims = verify_vapid(headers["authorization"], vapid.public_pem)
    assert claims["aud"] == service  # scheme://host:port, the port kept
    assert sent_at < claims["exp"] <= sent_at + 24 * 3600
    assert claims["sub"] == SUBJECT


async def test_another_browser_cannot_read_it(
    provider: WebPushProvider, http: httpx.AsyncClient, service: str, vapid: Vapid
) -> None:
    browser = await PushSubscriber().subscribe(http, service, vapid.application_server_key)
    await provider.send(browser.push(b'{"title": "x"}'))
    [arrived] = (await http.get(f"{service}/_sandbox/received", params={"token": browser.endpoint.rsplit("/", 1)[1]})).json()
    stranger = PushSubscriber(key=ec.generate_private_key(ec.SECP256R1()), auth_secret=browser.auth_secret)
    stranger.endpoint = browser.endpoint
    with pytest.raises(InvalidTag):
        stranger.decrypt(base64.b64decode(arrived["body"]))


async def test_a_gone_subscription_is_a_permanent_failure(provider: WebPushProvider, service: str) -> None:
    browser = PushSubscriber(endpoint=f"{service}/push/gone-{uuid4().hex}")
    with pytest.raises(SendFailed) as failure:
        await provider.send(browser.push(b"{}"))
    assert failure.value.permanent and "410" in str(failure.value)


async def test_a_busy_service_is_retried_when_it_says(provider: WebPushProvider, service: str) -> None:
    browser = PushSubscriber(endpoint=f"{service}/push/busy-{uuid4().hex}")
    with pytest.raises(SendFailed) as failure:
        await provider.send(browser.push(b"{}"))
    assert not failure.value.permanent and failure.value.retry_after_s == 1


async def test_a_service_down_or_unreachable_is_a_temporary_failure(provider: WebPushProvider, service: str) -> None:
    for endpoint in (f"{service}/push/down-{uuid4().hex}", f"http://127.0.0.1:{free_port()}/push/x"):
        with pytest.raises(SendFailed) as failure:
            await provider.send(PushSubscriber(endpoint=endpoint).push(b"{}"))
        assert not failure.value.permanent and failure.value.retry_after_s is None, endpoint


async def test_a_subscription_made_with_another_server_key_is_refused(
    provider: WebPushProvider, http: httpx.AsyncClient, service: str, tmp_path: Path
) -> None:
    private, public = ensure_vapid_keys(tmp_path / "other")
    other = Vapid(private.read_bytes(), public.read_bytes(), SUBJECT)
    browser = await PushSubscriber().subscribe(http, service, other.application_server_key)
    with pytest.raises(SendFailed, match="403"):
        await provider.send(browser.push(b"{}"))


async def test_the_service_refuses_bad_tokens_and_pushes_without_ttl(
    http: httpx.AsyncClient, service: str, vapid: Vapid
) -> None:
    endpoint = f"{service}/push/{uuid4().hex}"
    good = {"TTL": "60", "Content-Encoding": "aes128gcm"}
    signed = {**good, "Authorization": vapid.authorization(endpoint)}
    wrong_audience = Vapid(vapid.private_pem, vapid.public_pem, SUBJECT).authorization("https://fcm.googleapis.com/x")
    expired = Vapid(vapid.private_pem, vapid.public_pem, SUBJECT).authorization(endpoint, now=time.time() - 13 * 3600)
    t, k = signed["Authorization"].removeprefix("vapid ").split(", ")
    forged = f"vapid {t[:-4]}AAAA, {k}"
    for headers, status in [
        (good, 401),
        ({**good, "Authorization": wrong_audience}, 401),
        ({**good, "Authorization": expired}, 401),
        ({**good, "Authorization": forged}, 401),
        ({"Content-Encoding": "aes128gcm", "Authorization": signed["Authorization"]}, 400),
        (signed, 201),
    ]:
        response = await http.post(endpoint, content=b"x" * 100, headers=headers)
        assert response.status_code == status, (headers, response.text)


def test_a_push_without_a_lifetime_or_with_a_bad_urgency_or_topic_is_refused() -> None:
    browser = PushSubscriber(endpoint="https://fcm.googleapis.com/fcm/send/x")
    with pytest.raises(ValueError, match="TTL"):
        browser.push(b"{}", ttl_s=0)
    with pytest.raises(ValueError, match="urgency"):
        browser.push(b"{}", urgency="urgent")
    with pytest.raises(ValueError, match="topic"):
        browser.push(b"{}", topic="x" * 33)
    with pytest.raises(ValueError, match="payload"):
        browser.push(b"x" * (MAX_PAYLOAD_BYTES + 1))


def test_a_dossier_has_one_topic_of_22_base64url_characters() -> None:
    dossier = uuid4()
    assert topic_for(dossier) == topic_for(str(dossier)) != topic_for(uuid4())
    assert len(topic_for(dossier)) == 22 and unb64url(topic_for(dossier)) == dossier.bytes


def test_the_token_is_kept_per_push_service_until_an_hour_before_it_expires(vapid: Vapid) -> None:
    now = time.time()
    fcm, mozilla = "https://fcm.googleapis.com/fcm/send/a", "https://updates.push.services.mozilla.com/wpush/v2/b"
    first = vapid.authorization(fcm, now=now)
    assert vapid.authorization("https://fcm.googleapis.com/fcm/send/other", now=now + 60) == first
    assert vapid.authorization(mozilla, now=now) != first
    renewed = vapid.authorization(fcm, now=now + 11.5 * 3600)
    assert renewed != first
    assert verify_vapid(renewed, vapid.public_pem)["exp"] == int(now + 11.5 * 3600) + 12 * 3600


def test_retry_after_is_read_as_seconds_or_an_http_date() -> None:
    assert retry_after_s("7") == 7
    assert retry_after_s("Mon, 30 Nov 2026 08:00:30 GMT", now=1796025600.0) == 30
    assert retry_after_s(None) is None and retry_after_s("soon") is None


def settings_for(tmp_path: Path, **values: str) -> Settings:
    return Settings(database_url="postgresql://unused", redis_url="redis://unused", storage_dir=str(tmp_path / "storage"), **values)  # type: ignore[arg-type]


def test_development_makes_one_key_pair_and_keeps_it(tmp_path: Path) -> None:
    key = application_server_key(settings_for(tmp_path))
    assert application_server_key(settings_for(tmp_path)) == key
    assert len(unb64url(key)) == 65 and unb64url(key)[0] == 4  # an uncompressed P-256 point
    assert (tmp_path / "vapid" / "vapid-private.pem").stat().st_mode & 0o777 == 0o600


def test_keys_come_from_settings_as_paths_or_pem_values(tmp_path: Path, vapid: Vapid) -> None:
    private, public = ensure_vapid_keys(tmp_path / "configured")
    by_path = vapid_for(settings_for(tmp_path, vapid_private_key=str(private), vapid_public_key=str(public)))
    one_line = private.read_text().replace("\n", "\\n")
    by_value = vapid_for(settings_for(tmp_path, vapid_private_key=one_line, vapid_public_key=public.read_text()))
    assert by_path.application_server_key == by_value.application_server_key != vapid.application_server_key
    with pytest.raises(ValueError, match="public half"):
        vapid_for(settings_for(tmp_path, vapid_private_key=str(private), vapid_public_key=vapid.public_pem.decode()))
    with pytest.raises(VapidNotConfigured):
        vapid_for(settings_for(tmp_path, environment="production", secret_key="s"))
