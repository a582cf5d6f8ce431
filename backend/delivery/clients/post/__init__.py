"""Clients of postal operators' order APIs, one module each (`vnpost`), for provinces whose operator has one;
the in-app courier flow needs none. This base holds what every operator shares: the order we give it, the
events it reports back in our words (`states.ShipmentAction`), one call to it timed, and retried while it is briefly away.

A call that met a timeout, a refused connection or a 5xx is tried again after each of `retry_gaps_s`
(0.5, 1, 2 s), then `CarrierUnavailable`. An operator's "no" (a 4xx, an order it will not cancel) is
`CarrierRefused`, never retried. A callback that is not the operator's, or cannot be read, is `BadCallback`.
"""

from __future__ import annotations

import asyncio
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

import httpx
from prometheus_client import Histogram

from backend.delivery.states import Direction, ShipmentAction

CALL_SECONDS = Histogram(
    "motcua_postal_carrier_seconds", "Time of one call to a postal operator (retries included), by operation and outcome",
    ["carrier", "operation", "outcome"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RETRY_GAPS_S = (0.5, 1.0, 2.0)


@dataclass(frozen=True, slots=True)
class Party:
    """One end of a shipment. `phone` as stored (E.164); `street` is the house number and street, the
    commune and province are the names of the administrative units (2025's two levels, no district)."""

    name: str
    phone: str
    street: str
    commune: str
    province: str

    @property
    def full_address(self) -> str:
        return ", ".join(part for part in (self.street, self.commune, self.province) if part)


@dataclass(frozen=True, slots=True)
class PostalOrder:
    """A shipment as the operator is asked to carry it. Outbound the sender is the agency; inbound the
    sender is the person and the recipient the agency. `cash_to_collect_vnd` is what the courier takes
    from the recipient (postage and fees paid on delivery), 0 when everything is paid."""

    tracking_code: str
    sender: Party
    recipient: Party
    weight_grams: int
    cash_to_collect_vnd: int
    direction: Direction


@dataclass(frozen=True, slots=True)
class CarrierOrder:
    """The operator took the order: its id for the order (to cancel it) and its own tracking code for the
    item, when it gives one."""

    order_id: str
    tracking_code: str | None


@dataclass(frozen=True, slots=True)
class CarrierEvent:
    """One thing the operator says happened to a shipment, at `at` (its clock, aware). `reason` says why
    when the operator gives one (a failed attempt, a return)."""

    tracking_code: str
    action: ShipmentAction
    reason: str | None
    at: datetime


class CarrierUnavailable(Exception):
    """The operator gave no usable answer after the retries (timeouts, refused connections, 5xx): try later."""


class CarrierRefused(Exception):
    """The operator answered no; `detail` is its own words (an address it cannot serve, an order already picked up)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadCallback(Exception):
    """A callback that is not the operator's (no signature, a wrong or stale one) or cannot be read: answer 401."""


class PostalCarrier(ABC):
    name: ClassVar[str]

    def __init__(self, http: httpx.AsyncClient, *, retry_gaps_s: tuple[float, ...] = RETRY_GAPS_S) -> None:
        self.http = http
        self.retry_gaps_s = retry_gaps_s

    @abstractmethod
    async def create_order(self, order: PostalOrder) -> CarrierOrder:
        """Ask the operator to carry `order`; asking again with the same tracking code must not make a second one."""

    @abstractmethod
    async def cancel(self, order_id: str) -> None:
        """Withdraw an order the operator has not picked up yet; `CarrierRefused` once it has."""

    @abstractmethod
    def parse_callback(self, headers: Mapping[str, str], body: bytes) -> list[CarrierEvent]:
        """The events in one status callback, after checking it is the operator's; `BadCallback` otherwise.
        Statuses with no action of ours (a created order, cash paid to the sender) give no event."""

    async def call(self, operation: str, send: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """`send()` timed as one call, tried again after each gap while the operator is away; the answer
        below 500 (a 4xx included: the caller reads the operator's words)."""
        started = time.perf_counter()
        outcome = "unavailable"
        try:
            failure = ""
            for gap in (0.0, *self.retry_gaps_s):
                await asyncio.sleep(gap)  # the backoff between tries (none before the first)
                try:
                    response = await send()
                except httpx.TransportError as error:
                    failure = f"{type(error).__name__}: {error}"
                    continue
                if response.status_code < 500:
                    outcome = "answered"
                    return response
                failure = f"HTTP {response.status_code}: {response.text[:200]}"
            raise CarrierUnavailable(f"{self.name} {operation}, {len(self.retry_gaps_s) + 1} tries: {failure}")
        finally:
            CALL_SECONDS.labels(self.name, operation, outcome).observe(time.perf_counter() - started)
