"""The payment gateways one process talks to (VNPay, the bank's transfer notices), on one HTTP client."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from backend.payments.clients.bank_transfer import CassoWebhook
from backend.payments.clients.vnpay import Vnpay, vnpay_gateway
from backend.settings import Settings


@dataclass
class Gateways:
    http: httpx.AsyncClient
    vnpay: Vnpay | None
    bank: CassoWebhook | None

    async def aclose(self) -> None:
        await self.http.aclose()


def open_gateways(settings: Settings) -> Gateways:
    http = httpx.AsyncClient(timeout=httpx.Timeout(settings.provider_timeout_s))
    return Gateways(http, vnpay_gateway(settings, http), CassoWebhook.from_settings(settings))
