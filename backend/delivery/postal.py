"""The postal operator one process talks to (DELIVERY_CARRIER; none for the in-app courier flow), on its HTTP client."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from backend.delivery.clients.post import PostalCarrier
from backend.delivery.clients.post.vnpost import vnpost_carrier
from backend.settings import Settings


@dataclass
class Postal:
    http: httpx.AsyncClient
    carrier: PostalCarrier | None

    async def aclose(self) -> None:
        await self.http.aclose()


def open_postal(settings: Settings) -> Postal:
    http = httpx.AsyncClient(timeout=httpx.Timeout(settings.provider_timeout_s))
    return Postal(http, vnpost_carrier(settings, http))
