"""The providers one process sends through (API: sign-in codes; workers: everything), on one HTTP client."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from backend.notifications.chooser import ProviderChooser
from backend.notifications.clients.push.vapid import VapidNotConfigured, vapid_for
from backend.notifications.clients.push.webpush import WebPushProvider
from backend.notifications.clients.sms import SmsProvider, sms_providers
from backend.settings import Settings

log = logging.getLogger("backend.notifications")


@dataclass
class Carriers:
    http: httpx.AsyncClient
    sms: ProviderChooser[SmsProvider]
    push: WebPushProvider | None

    async def aclose(self) -> None:
        await self.http.aclose()


def open_carriers(settings: Settings) -> Carriers:
    # A provider that does not answer within the timeout is treated as down: the next one gets the message.
    http = httpx.AsyncClient(timeout=httpx.Timeout(settings.provider_timeout_s), follow_redirects=False)
    return Carriers(http, ProviderChooser(sms_providers(settings, http)), _push_provider(settings, http))


def _push_provider(settings: Settings, http: httpx.AsyncClient) -> WebPushProvider | None:
    """Push goes out only with VAPID keys (made for development and tests); without them, SMS still does."""
    try:
        return WebPushProvider(http, vapid_for(settings))
    except VapidNotConfigured as error:
        log.warning("push notifications are off: %s", error)
        return None
