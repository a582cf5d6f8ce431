"""Retries never duplicate: a write carrying an `Idempotency-Key` runs once.

The same key with the same request returns the first answer; the same key with a different
request is refused (409). Keys are scoped to the caller and kept 24 hours. The key row is
inserted in the same transaction as the write, so concurrent retries wait for the first one
and a failed attempt leaves no key behind (the next retry runs again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

import asyncpg
import msgspec
from litestar.params import HeaderParameter

from backend.errors import Problem
from backend.i18n import Text

KEY_LIFETIME = timedelta(hours=24)
KEY_HEADER = "Idempotency-Key"
# Created by the phone once per write and sent again on every retry. Required: a request without a
# well-formed key is refused (422 validation_error naming the header) before anything runs.
IdempotencyKey = Annotated[
    str,
    HeaderParameter(
        name=KEY_HEADER,
        pattern=r"^[A-Za-z0-9_.:-]{8,100}$",
        description="Made by the app once per write (8–100 letters, digits or - _ . :) and sent again on retries.",
    ),
]


def request_fingerprint(*parts: bytes | str) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.digest()


async def run_once(
    conn: asyncpg.Connection,
    scope: str,
    key: str,
    fingerprint: bytes,
    operation: Callable[[asyncpg.Connection], Awaitable[msgspec.Struct]],
) -> Any:
    """Run `operation` inside a transaction unless this key already ran; return its (stored) answer."""
    async with conn.transaction():
        await conn.execute(
            "delete from idempotency_keys where scope = $1 and key = $2 and created_at < now() - $3::interval",
            scope, key, KEY_LIFETIME,
        )
        claimed = await conn.fetchval(
            """
            insert into idempotency_keys (scope, key, request_hash) values ($1, $2, $3)
            on conflict do nothing returning true
            """,
            scope, key, fingerprint,
        )
        if not claimed:
            row = await conn.fetchrow(
                "select request_hash, response_body from idempotency_keys where scope = $1 and key = $2",
                scope, key,
            )
            if row["request_hash"] != fingerprint:
                raise Problem(
                    409,
                    "idempotency_key_reused",
                    Text("Mã chống gửi trùng đã được dùng", "Duplicate-protection key already used"),
                    Text(
                        "Mã Idempotency-Key này đã dùng cho một yêu cầu khác. Ứng dụng cần tạo mã mới.",
                        "This Idempotency-Key was already used for another request. The app needs to make a new one.",
                    ),
                )
            return row["response_body"]
        answer = msgspec.to_builtins(await operation(conn))
        await conn.execute(
            "update idempotency_keys set response_status = 200, response_body = $3 where scope = $1 and key = $2",
            scope, key, answer,
        )
        return answer


async def forget_expired(conn: asyncpg.Connection | asyncpg.Pool) -> int:
    status = await conn.execute("delete from idempotency_keys where created_at < now() - $1::interval", KEY_LIFETIME)
    return int(status.split()[-1])
