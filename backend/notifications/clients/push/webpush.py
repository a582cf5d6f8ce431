"""Web push through the `webpush` package's RFC 8291 encryption (aes128gcm), sent with our async client.

From `webpush` we take the encrypted body only: it does no I/O (so nothing to make async), and its VAPID
token has the wrong audience for push services on a non-default port (see vapid.py), so the Authorization
header comes from `Vapid`. The answers are read as RFC 8030 and the big push services define them.
"""

from __future__ import annotations

import email.utils
import time
from typing import ClassVar

import httpx
from webpush import WebPush
from webpush.types import WebPushSubscription

from backend.notifications.clients import Handoff, SendFailed
from backend.notifications.clients.push import Push, PushProvider
from backend.notifications.clients.push.vapid import Vapid

# The subscription is gone (404, 410) or the push service will never take this message (400, 413).
PERMANENT = {400, 404, 410, 413}


class WebPushProvider(PushProvider):
    name: ClassVar[str] = "webpush"

    def __init__(self, http: httpx.AsyncClient, vapid: Vapid) -> None:
        super().__init__(http)
        self.vapid = vapid
        self._encryptor = WebPush(private_key=vapid.private_pem, public_key=vapid.public_pem, subscriber=vapid.subject)

    def encrypt(self, push: Push) -> bytes:
        subscription = WebPushSubscription.model_validate(
            {"endpoint": push.endpoint, "keys": {"p256dh": push.p256dh, "auth": push.auth}}
        )
        return self._encryptor.get(push.payload, subscription).encrypted

    async def _send(self, push: Push) -> Handoff:
        response = await self.http.post(
            push.endpoint,
            content=self.encrypt(push),
            headers={
                "Authorization": self.vapid.authorization(push.endpoint),
                "TTL": str(push.ttl_s),
                "Urgency": push.urgency,
                "Topic": push.topic,
                "Content-Encoding": "aes128gcm",
                "Content-Type": "application/octet-stream",
            },
        )
        if response.is_success:
            return Handoff(reference=response.headers.get("Location"), delivered=True)
        detail = f"push service answered {response.status_code}: {response.text[:200]}"
        if response.status_code in PERMANENT:
            raise SendFailed(detail, permanent=True)
        # 429, 5xx, and 401/403 (a token refused, e.g. a clock out of step) may pass later.
        raise SendFailed(detail, retry_after_s=retry_after_s(response.headers.get("Retry-After")))


def retry_after_s(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: it is either a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))
