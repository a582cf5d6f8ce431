"""Compressed bytes on the wire: the PWA's files precompressed at build, JSON and text compressed on the fly.

Not Litestar's CompressionConfig: its gzip stamps the current time into every body and it runs inside our
middleware, so the catalogue's ETags would change each second; and it compresses whatever it is handed,
photos, PDFs and already-compressed files included.
"""

from __future__ import annotations

import gzip
import mimetypes
from pathlib import Path

from litestar.datastructures import CacheControlHeader, MutableScopeHeaders
from litestar.response.file import ASGIFileResponse
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Smaller answers gain less than the gzip header and a CPU slice cost.
MINIMUM_SIZE = 1024
GZIP_LEVEL = 6
# The build writes these beside each text file (pwa/scripts/compress.mjs); best first.
PRECOMPRESSED = (("br", ".br"), ("gzip", ".gz"))
_TEXT_TYPES = ("text/", "application/json", "application/problem+json", "application/javascript",
               "application/manifest+json", "application/xml", "image/svg+xml")


def accepted_encodings(scope: Scope) -> set[str]:
    """Content codings the client accepts (`Accept-Encoding`, q=0 meaning no), lowercased."""
    header = dict(scope["headers"]).get(b"accept-encoding", b"").decode("latin-1")
    accepted: set[str] = set()
    for item in header.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = next((param[2:] for param in params if param.startswith("q=")), "1")
        try:
            if coding and float(quality) > 0:
                accepted.add(coding.lower())
        except ValueError:
            continue  # a malformed weight: that coding is simply not offered
    return accepted


def _add_vary(message: Message) -> None:
    headers = MutableScopeHeaders(message)
    if "accept-encoding" not in (headers.get("vary") or "").lower():
        headers.extend_header_value("vary", "Accept-Encoding")


# ---- on the fly: JSON, problem+json and other text above MINIMUM_SIZE -----------------------------


def _compressible(start: Message) -> bool:
    headers = MutableScopeHeaders(start)
    media_type = (headers.get("content-type") or "").split(";")[0].strip().lower()
    return (
        start["status"] not in (204, 304)
        and "content-encoding" not in headers
        and media_type.startswith(_TEXT_TYPES)
    )


def compress_responses(app: ASGIApp) -> ASGIApp:
    """Gzips whole (non-streamed) text answers of at least MINIMUM_SIZE bytes for clients that accept it.

    Deterministic output (no timestamp), so a body keeps its bytes; a strong ETag becomes weak, since the
    compressed and the plain answers are the same content but not the same bytes. Streamed bodies (files,
    downloads) pass untouched.
    """

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] == "HEAD":
            await app(scope, receive, send)
            return
        wants_gzip = "gzip" in accepted_encodings(scope)
        start: Message | None = None

        async def compressing_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _compressible(message):
                    start = message  # held until the body shows whether it is worth it
                else:
                    await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            held, start = start, None
            body = message.get("body", b"")
            if message.get("more_body", False) or len(body) < MINIMUM_SIZE:
                await send(held)
                await send(message)
                return
            headers = MutableScopeHeaders(held)
            _add_vary(held)
            if wants_gzip:
                body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
                headers["content-encoding"] = "gzip"
                headers["content-length"] = str(len(body))
                etag = headers.get("etag")
                if etag and not etag.startswith("W/"):
                    headers["etag"] = f"W/{etag}"
            await send(held)
            await send({**message, "body": body})

        await app(scope, receive, compressing_send)

    return middleware


# ---- precompressed files of the built PWA ---------------------------------------------------------


def serve_precompressed(app: ASGIApp, directory: Path, cache_control: CacheControlHeader) -> ASGIApp:
    """In front of a static files router: sends `x.js.br` or `x.js.gz` for `x.js` when the client accepts
    that coding, with the original's type and the router's caching; otherwise lets the router send `x.js`.
    Either way the answer says it varies with `Accept-Encoding`."""
    root = directory.resolve()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        original = _file_for(root, scope["path"])
        variants = _precompressed_variants(original) if original else []
        if not original or not variants:
            await app(scope, receive, send)
            return
        accepted = accepted_encodings(scope)
        chosen = next(((coding, path) for coding, path in variants if coding in accepted), None)
        if chosen is None:

            async def send_varying(message: Message) -> None:
                if message["type"] == "http.response.start":
                    _add_vary(message)
                await send(message)

            await app(scope, receive, send_varying)
            return
        coding, path = chosen
        media_type, _ = mimetypes.guess_type(original.name)
        response = ASGIFileResponse(
            file_path=path,
            filename=original.name,
            media_type=media_type or "application/octet-stream",
            content_disposition_type="inline",
            is_head_response=scope["method"] == "HEAD",
            headers={
                "content-encoding": coding,
                "vary": "Accept-Encoding",
                cache_control.HEADER_NAME: cache_control.to_header(),
            },
        )
        await response(scope, receive, send)

    return middleware


def _file_for(root: Path, request_path: str) -> Path | None:
    """The file a path names under root (`/` is index.html); None outside root or when absent."""
    relative = request_path.lstrip("/") or "index.html"
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def _precompressed_variants(original: Path) -> list[tuple[str, Path]]:
    """(coding, file) of each variant the build wrote beside `original`, best first."""
    variants = [(coding, original.with_name(original.name + suffix)) for coding, suffix in PRECOMPRESSED]
    return [(coding, path) for coding, path in variants if path.is_file()]
