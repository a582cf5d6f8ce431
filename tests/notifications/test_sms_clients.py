"""Each SMS client against its gateway's simulator (a subprocess speaking the published protocol), and
the simulator's receipts read back by the client: nothing of ours is stood in for."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx
import pytest

from backend.notifications.clients import Handoff, SendFailed
from backend.notifications.clients.sms import BadReceipt, Receipt, Sms, SmsProvider
from backend.notifications.clients.sms.base import receipt_token, with_token
from backend.notifications.clients.sms.epacific import EpacificProvider
from backend.notifications.clients.sms.esms import EsmsProvider
from sandbox import API_KEY, BRANDNAME, SECRET
from tests.support import free_port, start_sandbox

RECEIPT_SECRET = b"test-receipt-secret"
PROVIDERS = ["esms", "epacific"]


@dataclass
class Callback:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class ReceiptInbox:
    """A local HTTP server standing for our API's receipt route: it records what the gateways post."""

    url: str
    received: list[Callback] = field(default_factory=list)

    async def wait_for(self, reference: str, key: str, timeout_s: float = 10) -> Callback:
        deadline = asyncio.get_running_loop().time() + timeout_s
        while asyncio.get_running_loop().time() < deadline:
            for callback in self.received:
                if reference.encode() in callback.body or callback.query.get(key) == reference:
                    return callback
            await asyncio.sleep(0.05)  # polling for a receipt, not timing a behaviour
        raise AssertionError(f"no receipt for {reference} within {timeout_s} s")


@pytest.fixture(scope="module")
async def receipt_inbox() -> AsyncIterator[ReceiptInbox]:
    inbox = ReceiptInbox("")

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        method, target, _ = head[0].split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:] if line)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        url = httpx.URL(target)
        inbox.received.append(Callback(method, url.path, dict(url.params), headers, body))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    inbox.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    yield inbox
    server.close()
    await server.wait_closed()


@dataclass
class Gateway:
    provider: SmsProvider
    sandbox: str
    callback_url: str | None  # per request (eSMS); ePacific's is configured in the simulator
    receipt_key: str  # where the receipt names the reference: eSMS's query, ePacific's body


@pytest.fixture(scope="module")
async def gateways(receipt_inbox: ReceiptInbox) -> AsyncIterator[dict[str, Gateway]]:
    esms_port, epacific_port = free_port(), free_port()
    epacific_receipts = with_token(f"{receipt_inbox.url}/receipts/epacific", receipt_token(RECEIPT_SECRET, "epacific"))
    async with (
        start_sandbox("esms", esms_port) as esms_url,
        start_sandbox("epacific", epacific_port, receipts_to=epacific_receipts) as epacific_url,
        httpx.AsyncClient(timeout=2) as http,
    ):
        yield {
            "esms": Gateway(
                EsmsProvider(http, url=esms_url, api_key=API_KEY, secret_key=SECRET, brandname=BRANDNAME,
                             receipt_secret=RECEIPT_SECRET),
                esms_url, f"{receipt_inbox.url}/receipts/esms", "SMSID",
            ),
            "epacific": Gateway(
                EpacificProvider(http, url=epacific_url, token=SECRET, brandname=BRANDNAME, receipt_secret=RECEIPT_SECRET),
                epacific_url, None, "referentId",
            ),
        }


def phone_ending(digits: str = "5") -> str:
    """A phone number nobody else in this run uses, ending in `digits` (the simulators' magic numbers, …990 to …993);
    by default in 5, so that no magic number comes up by chance."""
    return "+8491" + f"{secrets.randbelow(10**7):07d}"[: 7 - len(digits)] + digits


def sms(gateway: Gateway, phone: str, text: str = "Ho so 000.00.00.H00-261130-0001 da duoc tiep nhan", **extra: object) -> Sms:
    return Sms(phone=phone, text=text, dedupe_key=str(secrets.token_hex(16)), callback_url=gateway.callback_url, **extra)


async def received_by(gateway: Gateway, phone: str) -> list[dict]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"{gateway.sandbox}/_sandbox/messages", params={"phone": phone})
    assert response.status_code == 200, response.text
    return response.json()


async def stats(gateway: Gateway) -> dict[str, int]:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"{gateway.sandbox}/_sandbox/stats")).json()


async def receipts_for(gateway: Gateway, inbox: ReceiptInbox, reference: str) -> list[Receipt]:
    callback = await inbox.wait_for(reference, gateway.receipt_key)
    return gateway.provider.read_receipts(callback.headers, callback.query, callback.body)


@pytest.mark.parametrize("name", PROVIDERS)
async def test_an_accepted_message_is_received_once_and_its_delivery_reported(
    name: str, gateways: dict[str, Gateway], receipt_inbox: ReceiptInbox,
) -> None:
    gateway, phone = gateways[name], phone_ending()
    message = sms(gateway, phone)
    handoff = await gateway.provider.send(message)
    assert handoff.reference and not handoff.delivered
    [received] = await received_by(gateway, phone)
    assert (received["text"], received["request_id"], received["reference"]) == (message.text, message.dedupe_key, handoff.reference)
    assert await receipts_for(gateway, receipt_inbox, handoff.reference) == [
        Receipt(handoff.reference, "delivered", receipt_detail(name, "delivered"), message.dedupe_key)
    ]


def receipt_detail(name: str, status: str) -> str:
    return {"esms": {"delivered": "delivered (SendStatus 5)"}, "epacific": {"delivered": "DELIVRD"}}[name][status]


@pytest.mark.parametrize("name", PROVIDERS)
async def test_the_same_request_id_again_is_recognised_and_not_sent_twice(name: str, gateways: dict[str, Gateway]) -> None:
    gateway, phone = gateways[name], phone_ending()
    message = sms(gateway, phone)
    before = await stats(gateway)
    first = await gateway.provider.send(message)
    again = await gateway.provider.send(message)
    # eSMS answers 124 without the SMSID; ePacific repeats its first answer.
    assert again == (Handoff(None) if name == "esms" else first)
    assert len(await received_by(gateway, phone)) == 1
    after = await stats(gateway)
    assert (after["accepted"] - before["accepted"], after["duplicates"] - before["duplicates"]) == (1, 1)


@pytest.mark.parametrize("name", PROVIDERS)
@pytest.mark.parametrize(("digits", "status"), [("990", "permanent-failure"), ("991", "temporary-failure")])
async def test_failure_receipts_by_magic_number(
    name: str, digits: str, status: str, gateways: dict[str, Gateway], receipt_inbox: ReceiptInbox,
) -> None:
    gateway = gateways[name]
    message = sms(gateway, phone_ending(digits))
    handoff = await gateway.provider.send(message)
    assert handoff.reference
    [receipt] = await receipts_for(gateway, receipt_inbox, handoff.reference)
    assert (receipt.reference, receipt.status, receipt.dedupe_key) == (handoff.reference, status, message.dedupe_key)


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_system_error_is_a_temporary_failure_and_nothing_is_taken(name: str, gateways: dict[str, Gateway]) -> None:
    gateway, phone = gateways[name], phone_ending("993")
    with pytest.raises(SendFailed) as failure:
        await gateway.provider.send(sms(gateway, phone))
    assert not failure.value.permanent
    assert await received_by(gateway, phone) == []


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_slow_answer_times_out_and_the_retry_is_a_duplicate(name: str, gateways: dict[str, Gateway]) -> None:
    gateway, phone = gateways[name], phone_ending("992")
    message = sms(gateway, phone)
    before = await stats(gateway)
    with pytest.raises(SendFailed) as failure:
        await gateway.provider.send(message)  # the client's 2 s timeout against the simulator's 5 s
    assert not failure.value.permanent and "Timeout" in str(failure.value)
    await gateway.provider.send(message)
    after = await stats(gateway)
    assert (after["accepted"] - before["accepted"], after["duplicates"] - before["duplicates"]) == (1, 1)


@pytest.mark.parametrize("name", PROVIDERS)
async def test_wrong_credentials_are_a_permanent_failure(name: str, gateways: dict[str, Gateway]) -> None:
    gateway = gateways[name]
    wrong: Callable[[httpx.AsyncClient], SmsProvider] = {
        "esms": lambda http: EsmsProvider(http, url=gateway.sandbox, api_key=API_KEY, secret_key="wrong",
                                          brandname=BRANDNAME, receipt_secret=RECEIPT_SECRET),
        "epacific": lambda http: EpacificProvider(http, url=gateway.sandbox, token="wrong", brandname=BRANDNAME,
                                                  receipt_secret=RECEIPT_SECRET),
    }[name]
    phone = phone_ending()
    async with httpx.AsyncClient() as http:
        with pytest.raises(SendFailed) as failure:
            await wrong(http).send(sms(gateway, phone))
    assert failure.value.permanent
    assert await received_by(gateway, phone) == []


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_gateway_that_is_down_is_a_temporary_failure_until_it_is_up(name: str, gateways: dict[str, Gateway]) -> None:
    gateway, phone = gateways[name], phone_ending()
    message = sms(gateway, phone)
    async with httpx.AsyncClient(base_url=gateway.sandbox) as http:
        assert (await http.post("/_sandbox/down", params={"seconds": 300})).status_code == 200
        try:
            with pytest.raises(SendFailed) as failure:
                await gateway.provider.send(message)
            assert not failure.value.permanent and "503" in str(failure.value)
        finally:
            assert (await http.post("/_sandbox/up")).status_code == 200
    assert (await gateway.provider.send(message)).reference
    assert len(await received_by(gateway, phone)) == 1


@pytest.mark.parametrize("name", PROVIDERS)
async def test_the_unicode_flag_reaches_the_gateway(name: str, gateways: dict[str, Gateway]) -> None:
    gateway = gateways[name]
    plain, vietnamese = phone_ending(), phone_ending()
    await gateway.provider.send(sms(gateway, plain))
    await gateway.provider.send(sms(gateway, vietnamese, text="Hồ sơ đã được tiếp nhận", unicode=True))
    assert [m["unicode"] for m in await received_by(gateway, plain)] == [False]
    assert [(m["unicode"], m["text"]) for m in await received_by(gateway, vietnamese)] == [(True, "Hồ sơ đã được tiếp nhận")]


@pytest.mark.parametrize("name", PROVIDERS)
async def test_a_receipt_without_the_right_token_is_refused(
    name: str, gateways: dict[str, Gateway], receipt_inbox: ReceiptInbox,
) -> None:
    gateway = gateways[name]
    handoff = await gateway.provider.send(sms(gateway, phone_ending()))
    callback = await receipt_inbox.wait_for(handoff.reference or "", gateway.receipt_key)
    assert gateway.provider.read_receipts(callback.headers, callback.query, callback.body)
    forged = {**callback.query, "token": receipt_token(b"someone else's secret", name)}
    for query in (forged, {k: v for k, v in callback.query.items() if k != "token"}):
        with pytest.raises(BadReceipt):
            gateway.provider.read_receipts(callback.headers, query, callback.body)
    # The other gateway's token does not open this one's receipts either.
    other = "epacific" if name == "esms" else "esms"
    with pytest.raises(BadReceipt):
        gateway.provider.read_receipts(callback.headers, {**callback.query, "token": receipt_token(RECEIPT_SECRET, other)}, callback.body)


@pytest.mark.parametrize("name", PROVIDERS)
async def test_an_unreadable_receipt_is_refused(name: str, gateways: dict[str, Gateway]) -> None:
    provider = gateways[name].provider
    token = {"token": receipt_token(RECEIPT_SECRET, name)}
    with pytest.raises(BadReceipt):
        provider.read_receipts({}, token, b'{"referentId": "x", "status": "SOMETHING"}')
    with pytest.raises(BadReceipt):
        provider.read_receipts({}, {**token, "SMSID": "x", "SendStatus": "5", "SendSuccess": "many"}, b"not json")
