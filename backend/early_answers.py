"""Answers given before the request body was read keep HTTP/1.1 connections usable.

A 413 on an oversized photo or a 404 on someone else's dossier is decided from the headers, before
the body is read. Granian (hyper underneath) then either closes the connection once the unread body
is dropped — sometimes after the response went out *without* `Connection: close`, so the client's
next request on that connection fails with "server disconnected" — or resets it while the phone is
still sending, so the phone sees a broken pipe instead of the Vietnamese 413.

So, before such an answer starts: a body of known length up to DRAIN_LIMIT_BYTES is read and
discarded (the connection stays alive and the client always gets the answer); anything else — a
larger or chunked body, or a client waiting for `100 Continue` — gets `Connection: close`, which
hyper honours by closing after the response, and which tells the client not to reuse the connection.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Twice the largest photo we accept (15 MB): a phone that sent a slightly too large page gets the 413
# reliably; a 100 MB video picked by mistake is not worth reading and gets `Connection: close` instead.
DRAIN_LIMIT_BYTES = 32 * 1024 * 1024


def _declared_body(scope: Scope) -> tuple[bool, int | None, bool]:
    """(has a body, its Content-Length when known, the client waits for 100 Continue)."""
    length: int | None = None
    chunked = expects_continue = False
    for name, value in scope["headers"]:
        if name == b"content-length":
            length = int(value) if value.isdigit() else None
        elif name == b"transfer-encoding":
            chunked = True
        elif name == b"expect":
            expects_continue = value.lower() == b"100-continue"
    return chunked or bool(length), None if chunked else length, expects_continue


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def answer_early_cleanly(app: ASGIApp) -> ASGIApp:
    """Wrap the whole app (outermost), so the router's own 404/405 are covered too."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("http_version") != "1.1":
            await app(scope, receive, send)
            return
        has_body, length, expects_continue = _declared_body(scope)
        if not has_body:
            await app(scope, receive, send)
            return
        body_read = False

        async def tracking_receive() -> Message:
            nonlocal body_read
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read = True
            return message

        async def send_after_body(message: Message) -> None:
            nonlocal body_read
            if message["type"] == "http.response.start" and not body_read:
                if length is not None and length <= DRAIN_LIMIT_BYTES and not expects_continue:
                    await _drain(receive)
                else:
                    message["headers"] = [*message.get("headers", []), (b"connection", b"close")]
                body_read = True
            await send(message)

        await app(scope, tracking_receive, send_after_body)

    return middleware
