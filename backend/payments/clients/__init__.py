"""Clients of the payment gateways, one module each (`vnpay`): this base times every call to a gateway
and records its outcome, and turns the network's failures into one exception."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

import httpx
from prometheus_client import Histogram

CALL_SECONDS = Histogram(
    "motcua_payment_gateway_seconds", "Time of one call to a payment gateway, by operation and outcome",
    ["gateway", "operation", "outcome"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


class GatewayUnavailable(Exception):
    """The gateway gave no usable answer (timeout, refused connection, HTTP error): ask again later."""


class PaymentGateway:
    name: ClassVar[str]

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    @asynccontextmanager
    async def timed(self, operation: str) -> AsyncIterator[None]:
        """Time the block as one call; the network's errors leave it as `GatewayUnavailable`."""
        started = time.perf_counter()
        outcome = "error"
        try:
            yield
            outcome = "answered"
        except httpx.HTTPError as error:
            outcome = "unavailable"
            raise GatewayUnavailable(f"{self.name} {operation}: {type(error).__name__}: {error}") from error
        finally:
            CALL_SECONDS.labels(self.name, operation, outcome).observe(time.perf_counter() - started)
