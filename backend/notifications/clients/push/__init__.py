"""Web push (RFC 8030): one message to one browser subscription, encrypted for it (RFC 8291) and sent
with our VAPID identity (RFC 8292) to the push service the browser chose (FCM, Mozilla autopush, Apple)."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from typing import Literal, get_args
from uuid import UUID

from backend.notifications.clients import Provider

Urgency = Literal["very-low", "low", "normal", "high"]
URGENCIES: tuple[str, ...] = get_args(Urgency)
# RFC 8030 §5.4: a topic is at most 32 characters of the URL- and filename-safe base64 alphabet.
TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Push services take bodies up to 4096 bytes; aes128gcm adds an 86-byte header, a padding delimiter
# and a 16-byte tag to the payload.
MAX_PAYLOAD_BYTES = 4096 - 86 - 1 - 16


@dataclass(frozen=True, slots=True)
class Push:
    """`endpoint`, `p256dh` and `auth` as the browser's PushSubscription gives them (base64url keys);
    `payload` is the JSON the service worker shows; `topic` lets a newer push replace an undelivered older one."""

    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    ttl_s: int
    urgency: Urgency
    topic: str

    def __post_init__(self) -> None:
        # TTL 0 means "drop it unless the phone is online this instant": a status change would be lost.
        if self.ttl_s <= 0:
            raise ValueError(f"a push needs a TTL of at least 1 s, not {self.ttl_s}")
        if self.urgency not in URGENCIES:
            raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}, not {self.urgency!r}")
        if not TOPIC.fullmatch(self.topic):
            raise ValueError(f"a topic is 1 to 32 base64url characters, not {self.topic!r}")
        if len(self.payload) > MAX_PAYLOAD_BYTES:
            raise ValueError(f"a push payload holds at most {MAX_PAYLOAD_BYTES} bytes, not {len(self.payload)}")


def topic_for(dossier_id: UUID | str) -> str:
    """One topic per dossier (its id's 16 bytes, 22 characters), so a newer status replaces an older one."""
    return base64.urlsafe_b64encode(UUID(str(dossier_id)).bytes).rstrip(b"=").decode()


class PushProvider(Provider[Push]):
    """A web push sender; push services send no receipts, so a taken push counts as delivered."""
