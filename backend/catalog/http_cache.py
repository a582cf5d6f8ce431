"""Weak ETags for public GETs: phones revalidate the cached catalogue cheaply and get 304s."""

from __future__ import annotations

import hashlib

from litestar.datastructures import CacheControlHeader
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Fresh for 5 minutes, then served stale for a day while the PWA revalidates in the background.
PUBLIC_CACHE = CacheControlHeader(public=True, max_age=300, stale_while_revalidate=86400)


def _matches(if_none_match: str, etag: str) -> bool:
    # Weak comparison (RFC 9110 §13.1.2): W/ prefixes are ignored.
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.removeprefix("W/") in tags


def etag_middleware(app: ASGIApp) -> ASGIApp:
    """Buffers successful GET bodies, adds `ETag`, and answers a matching `If-None-Match` with 304."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"etag"]
            headers.append((b"etag", etag.encode()))
            request_headers = dict(scope["headers"])
            if _matches(request_headers.get(b"if-none-match", b"").decode("latin-1"), etag):
                kept = [(k, v) for k, v in headers if k.lower() not in (b"content-length", b"content-type")]
                await send({"type": "http.response.start", "status": 304, "headers": kept})
                await send({"type": "http.response.body", "body": b""})
                return
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await app(scope, receive, buffered_send)

    return middleware
