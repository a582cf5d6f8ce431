"""Casso's webhook v2 read by our client: its published sample, signatures good, bad, missing and replayed,
the transaction's fields; the dossier code found in contents as banks deliver them; and the bank simulator
(a subprocess) posting transfers to a small receiver here that checks them with the client."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
import pytest

from backend.clock import VIETNAM
from backend.payments.clients.bank_transfer import BadSignature, CassoWebhook, Transfer, dossier_code_in, signature
from backend.payments.vietqr import transfer_content
from tests.support import free_port, start_sandbox

# Casso's webhook v2 verification sample (its PHP example, as copied into public repositories): the test
# transaction its dashboard sends, the checksum key it was signed with, and the X-Casso-Signature it carried.
CASSO_KEY = "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
CASSO_SAMPLE = {"error": 0, "data": {
    "id": 0, "reference": "MA_GIAO_DICH_THU_NGHIEM", "description": "giao dich thu nghiem", "amount": 599000,
    "runningBalance": 25000000, "transactionDateTime": "2024-10-03 15:06:37", "accountNumber": "88888888",
    "bankName": "VPBank", "bankAbbreviation": "VPB", "virtualAccountNumber": "", "virtualAccountName": "",
    "counterAccountName": "NGUYEN VAN A", "counterAccountNumber": "8888888888", "counterAccountBankId": "970415",
    "counterAccountBankName": "VietinBank",
}}
CASSO_SIGNATURE = (
    "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e2249"
    "00fa7904e7c88dfa098032fb2d6b6996856e8b7ff3"
)
SECRET = "test-webhook-secret"
ACCOUNT = "1017301234"
CODE = "000.00.02.H56-261101-0001"


def now_ms() -> int:
    return int(time.time() * 1000)


def notification(**data: Any) -> dict[str, Any]:
    return {"error": 0, "data": {**CASSO_SAMPLE["data"], "accountNumber": ACCOUNT, **data}}


def signed(body: dict[str, Any], *, secret: str = SECRET, at_ms: int | None = None) -> tuple[dict[str, str], bytes]:
    """Headers and bytes as Casso sends them: JSON in its own key order, the signature over the sorted form."""
    return (
        {"X-Casso-Signature": signature(secret, body, now_ms() if at_ms is None else at_ms)},
        json.dumps(body, ensure_ascii=False).encode(),
    )


webhook = CassoWebhook(secret=SECRET, account=ACCOUNT)


def test_signs_as_casso_does() -> None:
    assert signature(CASSO_KEY, CASSO_SAMPLE, 1727948258788) == CASSO_SIGNATURE


def test_the_published_sample_is_read_when_fresh_and_refused_as_a_replay_later() -> None:
    casso = CassoWebhook(secret=CASSO_KEY, account="88888888")
    body = json.dumps(CASSO_SAMPLE).encode()
    with pytest.raises(BadSignature, match="more than 300 s"):
        casso.verify_and_read({"X-Casso-Signature": CASSO_SIGNATURE}, body)
    fresh = {"x-casso-signature": signature(CASSO_KEY, CASSO_SAMPLE, now_ms())}  # header names in any case
    assert casso.verify_and_read(fresh, body) == [Transfer(
        "MA_GIAO_DICH_THU_NGHIEM", "88888888", 599_000, "giao dich thu nghiem", datetime(2024, 10, 3, 15, 6, 37, tzinfo=VIETNAM),
    )]


def test_reads_non_ascii_contents_signed_as_sent() -> None:
    headers, body = signed(notification(description="Nộp lệ phí 0000002H56 261101 0001", amount=21_000))
    [transfer] = webhook.verify_and_read(headers, body)
    assert (transfer.amount_vnd, transfer.description) == (21_000, "Nộp lệ phí 0000002H56 261101 0001")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Casso-Signature": ""},
        {"X-Casso-Signature": "v1=" + "0" * 128},
        {"X-Casso-Signature": f"t={now_ms()},v1=" + "0" * 128},
        {"X-Casso-Signature": signature("another-secret", notification(), now_ms())},
        {"X-Casso-Signature": signature(SECRET, notification(amount=5_990_000), now_ms())},  # the body was changed
    ],
    ids=["missing", "empty", "no-timestamp", "zeros", "other-secret", "tampered"],
)
def test_refuses_what_casso_did_not_sign(headers: dict[str, str]) -> None:
    with pytest.raises(BadSignature):
        webhook.verify_and_read(headers, json.dumps(notification()).encode())


@pytest.mark.parametrize("skew_s", [-301, 301])
def test_refuses_a_replayed_or_postdated_signature(skew_s: int) -> None:
    headers, body = signed(notification(), at_ms=now_ms() + skew_s * 1000)
    with pytest.raises(BadSignature, match="more than 300 s"):
        webhook.verify_and_read(headers, body)


def test_keeps_only_money_in_to_our_account() -> None:
    for other in (notification(amount=-50_000), notification(accountNumber="999999999")):
        assert webhook.verify_and_read(*signed(other)) == []


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "21000"}, {"amount": 21000.5}, {"amount": True}, {"transactionDateTime": "03/10/2024"},
        {"reference": None}, {"reference": ""},
    ],
)
def test_refuses_an_unreadable_transaction(data: dict[str, Any]) -> None:
    with pytest.raises(BadSignature, match="unreadable"):
        webhook.verify_and_read(*signed(notification(**data)))


@pytest.mark.parametrize("missing", ["reference", "amount", "accountNumber", "transactionDateTime"])
def test_refuses_a_transaction_without_a_field_it_needs(missing: str) -> None:
    body = notification()
    del body["data"][missing]
    with pytest.raises(BadSignature, match="unreadable"):
        webhook.verify_and_read(*signed(body))
    with pytest.raises(BadSignature, match="unreadable"):
        webhook.verify_and_read(*signed({"error": 0}))


def test_refuses_bodies_that_are_not_json_objects() -> None:
    header = {"X-Casso-Signature": signature(SECRET, notification(), now_ms())}
    for body in (b"", b"not json", b"[1, 2]"):
        with pytest.raises(BadSignature):
            webhook.verify_and_read(header, body)


# Contents as receiving banks show them. Ours was "0000002H56 261101 0001" (transfer_content(CODE)).
@pytest.mark.parametrize(
    "description",
    [
        "0000002H56 261101 0001",
        "MBVCB.3278907687.064512.0000002H56 261101 0001.CT tu 0071000123456 NGUYEN VAN A toi 1017301234",
        "0000002H56261101 0001",  # a space dropped
        "0000002H56-261101-0001-Ma giao dich-Trace123456",  # spaces turned into dashes
        "IBFT 0000002h56 261101 0001 nop le phi",
        "Nộp phí 0000002H56 261101 0001",
        "000.00.02.H56-261101-0001",  # the code itself, typed by hand
        "REM Tfr Ac: 1017301234 0000002H56 2611010001 FT26305912345678",
        "TKThe :1017301234, tai BIDV. 0000002H56 261101 0001 -CTLNHIDI000012345678901-1/1-CRE-002",
        "PAYMENT 0000002H56\n261101\n0001",
    ],
)
def test_finds_the_dossier_code_in_mangled_contents(description: str) -> None:
    assert transfer_content(CODE) == "0000002H56 261101 0001"
    assert dossier_code_in(description) == CODE


@pytest.mark.parametrize(
    "description",
    [
        "",
        "chuyen tien",
        "0000002H56 2611",  # cut short
        "MBVCB.3278907687.064512.CT tu 0071000123456 NGUYEN VAN A toi 1017301234",
        "0000002H56 261101 0001 va 2233300H56 261101 0002",  # two dossiers: an officer decides
    ],
)
def test_finds_no_code_where_there_is_none_or_two(description: str) -> None:
    assert dossier_code_in(description) is None


def test_the_same_code_twice_is_one_code() -> None:
    assert dossier_code_in("0000002H56 261101 0001 / 000.00.02.H56-261101-0001") == CODE


# The bank simulator against a receiver that checks every notification with our client.


@dataclass
class Receiver:
    """Our webhook route, played by a small HTTP server: it answers 401 to what the client refuses, 500 to
    the first `failures` deliveries, 200 with Casso's expected reply otherwise."""

    url: str = ""
    failures: int = 0
    read: list[Transfer] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    async def wait_for(self, count: int, timeout_s: float = 15) -> list[Transfer]:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while len(self.read) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{len(self.read)} of {count} transfers arrived; refused: {self.refused}")
            await asyncio.sleep(0.05)  # polling for a delivery, not timing a behaviour
        return self.read


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        headers = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        body = await reader.readexactly(int(next(v for k, v in headers.items() if k.lower() == "content-length")))
        try:
            transfers = webhook.verify_and_read(headers, body)
            status, answer = (500, b"busy") if receiver.failures else (200, b'{"success":true}')
            receiver.failures = max(receiver.failures - 1, 0)
            if status == 200:
                receiver.read += transfers
        except BadSignature as error:
            receiver.refused.append(str(error))
            status, answer = 401, b"{}"
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Length: {len(answer)}\r\nConnection: close\r\n\r\n".encode() + answer)
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    receiver.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/api/payments/bank-webhook"
    yield receiver
    server.close()
    await server.wait_closed()


@pytest.fixture
async def bank(receiver: Receiver) -> AsyncIterator[str]:
    async with start_sandbox("bank", free_port(), webhook_url=receiver.url, secret=SECRET) as url:
        yield url


async def transfer(bank: str, **body: Any) -> dict[str, Any]:
    async with httpx.AsyncClient() as http:
        response = await http.post(f"{bank}/_sandbox/transfer", json=body)
    assert response.status_code == 202, response.text
    return response.json()


async def webhooks(bank: str) -> list[dict[str, Any]]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{bank}/_sandbox/webhooks")
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_transfer_arrives_signed_with_its_content_mangled_and_the_code_found(bank: str, receiver: Receiver) -> None:
    sent = await transfer(bank, account=ACCOUNT, amount=1_500_000, description=transfer_content(CODE))
    [arrived] = await receiver.wait_for(1)
    assert (arrived.reference, arrived.account, arrived.amount_vnd) == (sent["reference"], ACCOUNT, 1_500_000)
    assert arrived.description.startswith("MBVCB.") and dossier_code_in(arrived.description) == CODE
    assert arrived.when.tzinfo is VIETNAM
    [posted] = await webhooks(bank)
    assert posted["delivered"] and [a["status"] for a in posted["attempts"]] == [200]


async def test_a_failed_delivery_is_tried_again(bank: str, receiver: Receiver) -> None:
    receiver.failures = 2
    await transfer(bank, account=ACCOUNT, amount=21_000, description=transfer_content(CODE), verbatim=True)
    [arrived] = await receiver.wait_for(1)
    assert arrived.description == "0000002H56 261101 0001"
    [posted] = await webhooks(bank)
    assert [a["status"] for a in posted["attempts"]] == [500, 500, 200]


async def test_a_resend_announces_the_same_transfer_again(bank: str, receiver: Receiver) -> None:
    sent = await transfer(bank, account=ACCOUNT, amount=105_000, description=transfer_content(CODE))
    await receiver.wait_for(1)
    async with httpx.AsyncClient() as http:
        assert (await http.post(f"{bank}/_sandbox/webhooks/{sent['id']}/resend")).status_code == 202
    first, again = await receiver.wait_for(2)
    assert first == again and again.reference == sent["reference"]


async def test_money_to_another_account_is_signed_but_not_ours(bank: str, receiver: Receiver) -> None:
    await transfer(bank, account="999999999", amount=50_000, description="x")
    await transfer(bank, account=ACCOUNT, amount=50_000, description="y")
    deadline = asyncio.get_running_loop().time() + 15
    while not all(posted["delivered"] for posted in await webhooks(bank)):
        assert asyncio.get_running_loop().time() < deadline, await webhooks(bank)
        await asyncio.sleep(0.05)  # polling for deliveries, not timing a behaviour
    assert [transfer.account for transfer in receiver.read] == [ACCOUNT] and receiver.refused == []
