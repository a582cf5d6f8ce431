"""Sending SMS. The real brandname gateway arrives with notifications; until then:

- development: `LogSmsSender` writes the message (with the code) to the API log;
- test: `RecordingSmsSender` also remembers the last message per phone, read by the test-only
  endpoint `GET /api/test/sms/{phone}` (registered only when ENVIRONMENT=test);
- production: `UnconfiguredSmsSender` refuses, so codes never land in a production log.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import TypeAlias

from litestar.di import NamedDependency

from backend.errors import Problem
from backend.i18n import Text
from backend.settings import Settings

log = logging.getLogger("backend.accounts.sms")


class SmsSender(ABC):
    """What the real gateway client will implement (a base class, so DI can check the type)."""

    @abstractmethod
    async def send(self, phone: str, text: str) -> None: ...


class LogSmsSender(SmsSender):
    async def send(self, phone: str, text: str) -> None:
        log.info("development SMS to %s: %s", phone, text)


class RecordingSmsSender(LogSmsSender):
    def __init__(self) -> None:
        self.last_by_phone: dict[str, str] = {}

    async def send(self, phone: str, text: str) -> None:
        self.last_by_phone[phone] = text
        await super().send(phone, text)


class UnconfiguredSmsSender(SmsSender):
    async def send(self, phone: str, text: str) -> None:
        raise Problem(
            503,
            "sms_unavailable",
            Text("Chưa gửi được tin nhắn", "The text message was not sent"),
            Text(
                "Hệ thống chưa gửi được tin nhắn SMS. Hãy thử lại sau ít phút.",
                "The system could not send the text message. Please try again in a few minutes.",
            ),
        )


# The `sms` named dependency, for handlers that send codes.
Sms: TypeAlias = NamedDependency[SmsSender]


def create_sms_sender(settings: Settings) -> SmsSender:
    if settings.environment == "test":
        return RecordingSmsSender()
    if settings.environment == "development":
        return LogSmsSender()
    return UnconfiguredSmsSender()
