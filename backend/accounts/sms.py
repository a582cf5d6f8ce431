"""How accounts sends a sign-in code: through this interface, which the notifications domain implements
(`notifications.service.SignInCodes`: the SMS gateways, urgent, the code never stored or logged), so that
accounts, which every domain's guards import, imports no other domain."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TypeAlias

from litestar.di import NamedDependency

from backend.i18n import Lang


class SmsSender(ABC):
    @abstractmethod
    async def send_code(self, phone: str, code: str, lang: Lang) -> None:
        """Send the code now, or raise the Problem the person should see (503 when no gateway took it)."""


# The `sms` named dependency, for handlers that send codes.
Sms: TypeAlias = NamedDependency[SmsSender]
