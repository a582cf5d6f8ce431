"""JSON logs that carry the request id, and the middleware that gives each request an id and a
duration in the Prometheus metrics."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import CollectorRegistry, Gauge, Histogram, generate_latest, multiprocess

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
# Accept a caller's id only if it looks like one, so logs cannot be forged with newlines.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str | None:
    return _request_id.get()


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def metrics_text() -> bytes:
    """The Prometheus exposition of every process: with PROMETHEUS_MULTIPROC_DIR set (`just up` sets it), each API
    and worker process writes its samples to files there and any API process answers a scrape with all of them
    (prometheus_client's multiprocess mode: one scrape target however many processes sit behind it, nothing to
    label or discover); without it, this process's own registry."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return generate_latest()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return generate_latest(registry)


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request to a provider at INFO; the outcomes that matter are logged by notifications.
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))


REQUEST_DURATION = Histogram(
    "motcua_http_request_duration_seconds",
    "Time from request to the end of the response, by route template and status.",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUESTS_IN_PROGRESS = Gauge("motcua_http_requests_in_progress", "Requests being answered now.", multiprocess_mode="livesum")
# `labels()` takes a lock and builds a key each call; the label sets are few, so keep the children.
_durations: dict[tuple[str, str, int], Histogram] = {}


def _observe(method: str, route: str, status: int, seconds: float) -> None:
    key = (method, route, status)
    child = _durations.get(key)
    if child is None:
        child = _durations[key] = REQUEST_DURATION.labels(method, route, str(status))
    child.observe(seconds)


def observe_requests(app: ASGIApp) -> ASGIApp:
    """Give every request an id (the caller's, if it looks like one) for logs and the response, and
    record its duration by route template. One thin layer: it sits on the hot path of every call."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"x-request-id" for name, _ in headers):
                    headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        REQUESTS_IN_PROGRESS.inc()
        try:
            await app(scope, receive, send_with_id)
        finally:
            REQUESTS_IN_PROGRESS.dec()
            _observe(scope["method"], scope.get("path_template", "?"), status, time.perf_counter() - started)
            _request_id.reset(token)

    return middleware
