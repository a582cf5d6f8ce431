"""Answers given before the body was read leave a usable connection (or close it, saying so).

Raw HTTP/1.1 over one socket against the API in its own granian process, so that "the same
connection" is literally the same connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit

import msgspec
from litestar.testing import AsyncTestClient

from backend.ids import new_id
from tests.support import BIRTH_REGISTRATION, SignedIn, new_draft, sign_in_citizen

_TIMEOUT_S = 60


class Answer(msgspec.Struct):
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return msgspec.json.decode(self.body)


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(
        self, method: str, path: str, who: SignedIn, body: bytes = b"", *, length: int | None = None, **headers: str
    ) -> None:
        """The request head and `body`; `length` announces more than is sent."""
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length or len(body)}"]
        lines += [f"{name}: {value}" for name, value in {**who.headers(), **headers}.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()

    async def answer(self) -> Answer:
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), _TIMEOUT_S)
        status_line, *header_lines = head.decode("latin-1").strip().split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await asyncio.wait_for(self.reader.readexactly(int(headers["content-length"])), _TIMEOUT_S)
        return Answer(status=int(status_line.split()[1]), headers=headers, body=body)

    async def request(self, method: str, path: str, who: SignedIn, body: bytes = b"", **headers: str) -> Answer:
        await self.send(method, path, who, body, **headers)
        return await self.answer()


@asynccontextmanager
async def one_connection(live_url: str) -> AsyncIterator[Connection]:
    address = urlsplit(live_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        yield Connection(reader, writer)
    finally:
        writer.close()


def _page_path(dossier_id: str) -> str:
    return f"/api/dossiers/{dossier_id}/documents/giay_chung_sinh/pages/{new_id()}"


_OCTETS = {"Content-Type": "application/octet-stream"}


async def test_a_16_mb_photo_gets_the_413_and_the_connection_serves_the_next_request(
    live_url: str, client: AsyncTestClient, citizen: SignedIn
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    async with one_connection(live_url) as connection:
        too_large = await connection.request("PUT", _page_path(dossier["id"]), citizen, b"\xff" * 16_000_000, **_OCTETS)
        assert too_large.status == 413
        assert too_large.headers["content-type"] == "application/problem+json"
        assert too_large.json()["code"] == "payload_too_large"
        assert "tối đa 15 MB" in too_large.json()["detail"]
        assert "connection" not in too_large.headers  # the body was read and dropped: the connection lives on

        after = await connection.request("GET", f"/api/dossiers/{dossier['id']}", citizen)
        assert after.status == 200
        assert after.json()["id"] == dossier["id"]


async def test_someone_elses_dossier_gets_the_404_and_the_connection_serves_the_next_request(
    live_url: str, client: AsyncTestClient, citizen: SignedIn
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    stranger = await sign_in_citizen(client)
    async with one_connection(live_url) as connection:
        for size in (1_000_000, 16_000_000):  # read ahead by the server, and not
            refused = await connection.request("PUT", _page_path(dossier["id"]), stranger, b"\xff" * size, **_OCTETS)
            assert refused.status == 404
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["code"] == "not_found"  # another person's dossier is not said to exist

            after = await connection.request("GET", "/api/me", stranger)
            assert after.status == 200
            assert after.json()["kind"] == "citizen"


async def test_a_body_not_worth_reading_gets_its_answer_with_connection_close(
    live_url: str, client: AsyncTestClient, citizen: SignedIn
) -> None:
    dossier = await new_draft(client, citizen, BIRTH_REGISTRATION)
    async with one_connection(live_url) as connection:
        # A client that waits for "100 Continue" before sending 64 MB: it gets the answer instead.
        await connection.send(
            "PUT", _page_path(dossier["id"]), citizen, length=64 * 1024 * 1024, Expect="100-continue", **_OCTETS
        )
        refused = await connection.answer()
        assert refused.status == 413
        assert refused.json()["code"] == "payload_too_large"
        assert refused.headers["connection"] == "close"
        assert await asyncio.wait_for(connection.reader.read(), _TIMEOUT_S) == b""  # and the server did close
