"""Clients of the services that carry our messages, laid out as GOV.UK Notify's: this base class times
every send and records its outcome; each provider is one module under `sms/` or `push/`."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

import httpx
from prometheus_client import Histogram

SEND_SECONDS = Histogram(
    "motcua_provider_send_seconds", "Time of one hand-off to a message provider, by outcome",
    ["provider", "outcome"], buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class SendFailed(Exception):
    """The provider did not take the message. `permanent`: it never will (a wrong number, a push
    subscription that is gone); otherwise try again, not before `retry_after_s` when the provider said so."""

    def __init__(self, detail: str, *, permanent: bool = False, retry_after_s: float | None = None) -> None:
        super().__init__(detail)
        self.permanent = permanent
        self.retry_after_s = retry_after_s


@dataclass(frozen=True, slots=True)
class Handoff:
    """The provider took the message. `reference` is its id for delivery receipts; `delivered` is true
    when taking it is all we will ever learn (push services send no receipts)."""

    reference: str | None
    delivered: bool = False


Outgoing = TypeVar("Outgoing")


class Provider(ABC, Generic[Outgoing]):
    name: ClassVar[str]

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def send(self, outgoing: Outgoing) -> Handoff:
        started = time.perf_counter()
        outcome = "error"
        try:
            handoff = await self._send(outgoing)
            outcome = "delivered" if handoff.delivered else "accepted"
            return handoff
        except SendFailed as failure:
            outcome = "permanent-failure" if failure.permanent else "temporary-failure"
            raise
        except httpx.HTTPError as error:
            # Timeouts, refused connections, broken responses: the provider may come back.
            outcome = "temporary-failure"
            raise SendFailed(f"{type(error).__name__}: {error}") from error
        finally:
            SEND_SECONDS.labels(self.name, outcome).observe(time.perf_counter() - started)

    @abstractmethod
    async def _send(self, outgoing: Outgoing) -> Handoff: ...
