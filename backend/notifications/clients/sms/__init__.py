"""SMS through Vietnamese brandname gateways: eSMS and ePacific, in the order SMS_PROVIDERS gives.

The shapes (`Sms`, `Receipt`, `BadReceipt`, `SmsProvider`) live in `base` so that the gateway modules
can share them without importing this package's own list of gateways."""

from __future__ import annotations

import httpx

from backend.notifications.clients.sms.base import BadReceipt, Receipt, ReceiptStatus, Sms, SmsProvider
from backend.notifications.clients.sms.epacific import EpacificProvider
from backend.notifications.clients.sms.esms import EsmsProvider
from backend.settings import Settings

__all__ = ["BadReceipt", "Receipt", "ReceiptStatus", "Sms", "SmsProvider", "sms_providers"]


def esms(settings: Settings, http: httpx.AsyncClient) -> SmsProvider | None:
    if not (settings.esms_api_key and settings.esms_secret_key and settings.esms_brandname):
        return None
    return EsmsProvider(
        http, url=settings.esms_url, api_key=settings.esms_api_key, secret_key=settings.esms_secret_key,
        brandname=settings.esms_brandname, receipt_secret=settings.sms_receipt_key,
    )


def epacific(settings: Settings, http: httpx.AsyncClient) -> SmsProvider | None:
    if not (settings.epacific_url and settings.epacific_token and settings.epacific_brandname):
        return None
    return EpacificProvider(
        http, url=settings.epacific_url, token=settings.epacific_token, brandname=settings.epacific_brandname,
        receipt_secret=settings.sms_receipt_key,
    )


GATEWAYS = {"esms": esms, "epacific": epacific}


def sms_providers(settings: Settings, http: httpx.AsyncClient) -> list[SmsProvider]:
    """The configured gateways in priority order; one named without its credentials is left out."""
    names = [name.strip() for name in settings.sms_providers.split(",") if name.strip()]
    unknown = [name for name in names if name not in GATEWAYS]
    if unknown:
        raise ValueError(f"SMS_PROVIDERS names unknown gateways: {', '.join(unknown)} (known: {', '.join(GATEWAYS)})")
    return [provider for name in names if (provider := GATEWAYS[name](settings, http)) is not None]
