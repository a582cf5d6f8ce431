"""Paying a fee through the real pieces: the API (in-process and live), the VNPay and bank simulators posting their
notices to the live API, reconciliation, cash at the desk, refunds and the daily report."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from uuid import UUID

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient
from pypdf import PdfReader

from backend import clock
from backend.ids import new_id
from backend.payments import service
from backend.payments.gateways import open_gateways
from backend.settings import Settings
from tests.support import (
    CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DEMO, SignedIn, detail, eventually, gateway_url, ready_to_submit,
    sign_in_staff, submit,
)



@pytest.fixture
async def owing(client: AsyncTestClient, settings: Settings, citizen: SignedIn) -> dict:
    """A submitted Phiếu lý lịch tư pháp, waiting for its fee; with its payment request opened."""
    draft = await ready_to_submit(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM)
    dossier = (await submit(client, citizen, draft["id"], str(new_id()))).json()
    assert dossier["state"] == "awaiting_payment" and dossier["national_status"] == 6
    opened = await client.post(f"/api/dossiers/{dossier['id']}/payments", headers=citizen.headers())
    again = await client.post(f"/api/dossiers/{dossier['id']}/payments", headers=citizen.headers())
    assert opened.status_code == 200 and again.json()["id"] == opened.json()["id"]
    return {**dossier, "payment": opened.json()}


async def _vnpay_attempt(client: AsyncTestClient, citizen: SignedIn, dossier: dict) -> str:
    """Start paying through VNPay and open the pay page, as the browser does; the attempt's vnp_TxnRef."""
    started = await client.post(f"/api/dossiers/{dossier['id']}/payments/vnpay", headers=citizen.headers())
    assert started.status_code == 200, started.text
    url = started.json()["redirect_url"]
    assert url.startswith(gateway_url("vnpay"))
    async with httpx.AsyncClient() as http:
        assert (await http.get(url)).status_code == 200  # VNPay's pay page
    return dict(parse_qsl(urlsplit(url).query))["vnp_TxnRef"]


async def _sandbox(path: str, **params: Any) -> dict:
    async with httpx.AsyncClient(base_url=gateway_url("vnpay")) as http:
        answer = await http.post(path, params=params)
        assert answer.status_code == 200, answer.text
        return answer.json()


async def _state(db: asyncpg.Pool, payment_id: str) -> str:
    return await db.fetchval("select state from payments where id = $1", UUID(payment_id))


async def _becomes(db: asyncpg.Pool, payment_id: str, state: str) -> None:
    async def reached() -> bool:
        return await _state(db, payment_id) == state

    await eventually(reached, f"payment {payment_id} {state}")


async def test_paid_through_vnpay_the_dossier_goes_to_the_desk_with_an_e_receipt(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    txn = await _vnpay_attempt(client, citizen, owing)
    paid = await _sandbox("/_sandbox/pay", txn_ref=txn, outcome="paid", ipn="now")
    await _becomes(db, owing["payment"]["id"], "paid")

    # The IPN came before the person returns; the return only reads and sends the browser to the payment page.
    async with httpx.AsyncClient() as http:
        back = await http.get(paid["return_url"].replace("http://127.0.0.1:8000", live_url))
    assert back.status_code == 303 and back.headers["location"].endswith(f"/#/ho-so/{owing['id']}/thanh-toan")

    dossier = await detail(client, citizen, owing["id"])
    assert dossier["state"] == "submitted"
    assert [e["action"] for e in dossier["timeline"]][-3:] == ["submit", "request_payment", "pay"]
    (payment,) = (await client.get(f"/api/dossiers/{owing['id']}/payments", headers=citizen.headers())).json()
    assert payment["state"] == "paid" and payment["channel"] == "vnpay" and payment["vietqr"] is None
    receipt = await client.get(f"/api/dossiers/{owing['id']}/payments/{payment['id']}/receipt", headers=citizen.headers())
    assert receipt.status_code == 200 and receipt.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(receipt.content)).pages)
    assert payment["receipt_number"] in text and owing["code"] in text and "đồng" in text
    wallet = (await client.get("/api/wallet", headers=citizen.headers())).json()["items"]
    assert any(w["document_type"] == f"bien_lai:{payment['receipt_number']}" and w["source_dossier_code"] == owing["code"]
               for w in wallet)


async def test_a_second_vnpay_attempt_paid_after_the_first_waits_for_an_officer(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    first = await _vnpay_attempt(client, citizen, owing)
    second = await _vnpay_attempt(client, citizen, owing)  # a second tab, before the first went through
    await _sandbox("/_sandbox/pay", txn_ref=first, outcome="paid", ipn="now")
    await _becomes(db, owing["payment"]["id"], "paid")
    await _sandbox("/_sandbox/pay", txn_ref=second, outcome="paid", ipn="now")
    reception = await sign_in_staff(client, *DEMO["reception_officer"])

    async def flagged() -> list[dict] | None:
        answer = await client.get("/api/office/payments/transfers", headers=reception.headers())
        return [t for t in answer.json() if t["dossier_code"] == owing["code"]] or None

    (twice,) = await eventually(flagged, "the second payment in the desk's review list")
    assert twice["outcome"] == "already_paid" and twice["amount"] == owing["payment"]["amount"]


@pytest.mark.parametrize(("outcome", "state"), [("declined", "failed"), ("cancelled", "cancelled")])
async def test_a_declined_or_cancelled_payment_can_be_tried_again(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str, outcome: str, state: str,
) -> None:
    first = await _vnpay_attempt(client, citizen, owing)
    await _sandbox("/_sandbox/pay", txn_ref=first, outcome=outcome, ipn="now")
    await _becomes(db, owing["payment"]["id"], state)
    assert (await detail(client, citizen, owing["id"]))["state"] == "awaiting_payment"
    second = await _vnpay_attempt(client, citizen, owing)
    assert second != first and second[:-2] == first[:-2]
    assert await _state(db, owing["payment"]["id"]) == "pending"
    await _sandbox("/_sandbox/pay", txn_ref=second, outcome="paid", ipn="now")
    await _becomes(db, owing["payment"]["id"], "paid")


async def test_duplicate_forged_and_wrong_amount_ipns_get_vnpays_answers_and_change_nothing(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    txn = await _vnpay_attempt(client, citizen, owing)
    await _sandbox("/_sandbox/pay", txn_ref=txn, outcome="paid", ipn="twice")
    await _becomes(db, owing["payment"]["id"], "paid")

    async def replies() -> list[str] | None:
        async with httpx.AsyncClient(base_url=gateway_url("vnpay")) as http:
            calls = (await http.get("/_sandbox/ipns", params={"txn_ref": txn})).json()
        codes = [c["reply"]["RspCode"] for c in calls if c.get("reply")]
        return codes if len(codes) >= 2 else None

    assert sorted(await eventually(replies, "both IPNs answered")) == ["00", "02"]
    forged = await _sandbox("/_sandbox/ipn", txn_ref=txn, tamper="signature")
    assert forged["reply"] == {"RspCode": "97", "Message": "Invalid signature"}
    wrong = await _sandbox("/_sandbox/ipn", txn_ref=txn, tamper="amount")
    assert wrong["reply"]["RspCode"] == "04"
    events = await db.fetch("select to_state from payment_events where payment_id = $1", UUID(owing["payment"]["id"]))
    assert [e["to_state"] for e in events] == ["paid"]


async def test_a_forged_ipn_is_logged(client: AsyncTestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="backend.payments"):
        answer = await client.get("/api/payments/vnpay/ipn", params={"vnp_TxnRef": "X01", "vnp_SecureHash": "00"})
    assert answer.json() == {"RspCode": "97", "Message": "Invalid signature"}
    assert "bad signature" in caplog.text


async def test_a_success_after_our_expiry_is_reconciled_to_paid(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    txn = await _vnpay_attempt(client, citizen, owing)
    payment_id = UUID(owing["payment"]["id"])
    await db.execute("update payments set vnpay_started_at = now() - interval '2 hours', updated_at = now() - interval '2 hours' where id = $1", payment_id)
    gateways = open_gateways(settings)
    try:
        assert await service.reconcile(db, gateways) >= 1  # VNPay knows the attempt but nobody paid: expired
    finally:
        await gateways.aclose()
    assert await _state(db, owing["payment"]["id"]) == "expired"
    await _sandbox("/_sandbox/pay", txn_ref=txn, outcome="paid", ipn="now")  # the person paid after all
    await _becomes(db, owing["payment"]["id"], "paid")
    assert (await detail(client, citizen, owing["id"]))["state"] == "submitted"


async def test_returning_without_any_ipn_is_reconciled_by_querydr(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    txn = await _vnpay_attempt(client, citizen, owing)
    paid = await _sandbox("/_sandbox/pay", txn_ref=txn, outcome="paid", ipn="never")
    async with httpx.AsyncClient() as http:
        back = await http.get(paid["return_url"].replace("http://127.0.0.1:8000", live_url))
    assert back.status_code == 303
    assert await _state(db, owing["payment"]["id"]) == "pending", "the return URL changes nothing"
    await db.execute("update payments set updated_at = now() - interval '16 minutes' where id = $1", UUID(owing["payment"]["id"]))
    gateways = open_gateways(settings)
    try:
        assert await service.reconcile(db, gateways) == 1
    finally:
        await gateways.aclose()
    assert await _state(db, owing["payment"]["id"]) == "paid"
    events = await db.fetch("select source from payment_events where payment_id = $1", UUID(owing["payment"]["id"]))
    assert [e["source"] for e in events] == ["querydr"]


async def test_a_hundred_concurrent_ipns_make_one_payment_one_receipt_one_message(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    txn = await _vnpay_attempt(client, citizen, owing)
    await _sandbox("/_sandbox/pay", txn_ref=txn, outcome="paid", ipn="never")
    replies = await asyncio.gather(*(_sandbox("/_sandbox/ipn", txn_ref=txn) for _ in range(100)))
    codes = sorted(r["reply"]["RspCode"] for r in replies)
    assert codes == ["00"] + ["02"] * 99
    payment_id = UUID(owing["payment"]["id"])
    assert await db.fetchval("select count(*) from payment_events where payment_id = $1 and to_state = 'paid'", payment_id) == 1
    assert await db.fetchval("select receipt_number from payments where id = $1", payment_id)
    paid_messages = await db.fetchval(
        "select count(*) from outbox where dossier_id = $1 and payload->>'action' = 'pay'", UUID(owing["id"])
    )
    assert paid_messages == 1


async def _transfer(amount: int, description: str) -> dict:
    async with httpx.AsyncClient(base_url=gateway_url("bank")) as http:
        answer = await http.post(
            "/_sandbox/transfer", json={"account": "1234567890", "amount": amount, "description": description},
        )
        assert answer.status_code == 202, answer.text
        return answer.json()


async def test_a_vietqr_transfer_of_the_exact_amount_pays_and_others_wait_for_an_officer(
    client: AsyncTestClient, db: asyncpg.Pool, citizen: SignedIn, owing: dict, live_url: str,
) -> None:
    vietqr = owing["payment"]["vietqr"]
    assert vietqr["amount"] == owing["payment"]["amount"] and vietqr["payload"].startswith("000201010212")
    assert vietqr["svg"].startswith("<?xml") or "<svg" in vietqr["svg"]
    content = vietqr["transfer_content"]
    await _transfer(owing["payment"]["amount"] - 1000, content)  # short by 1.000 đ
    await _transfer(owing["payment"]["amount"], content)
    await _becomes(db, owing["payment"]["id"], "paid")
    await _transfer(owing["payment"]["amount"], content)  # paid twice by mistake
    reception = await sign_in_staff(client, *DEMO["reception_officer"])

    async def flagged() -> list[dict] | None:
        answer = await client.get("/api/office/payments/transfers", headers=reception.headers())
        mine = [t for t in answer.json() if t["dossier_code"] == owing["code"]]
        return mine if len(mine) == 2 else None

    outcomes = sorted(t["outcome"] for t in await eventually(flagged, "two transfers to review"))
    assert outcomes == ["already_paid", "partial"]
    (payment,) = (await client.get(f"/api/dossiers/{owing['id']}/payments", headers=citizen.headers())).json()
    assert payment["channel"] == "vietqr" and payment["state"] == "paid"


async def test_cash_at_the_desk_is_listed_for_the_hand_over_and_the_report_adds_up(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, admin: SignedIn,
) -> None:
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    amounts = []
    for number in range(3):
        draft = await ready_to_submit(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM)
        dossier = (await submit(client, citizen, draft["id"], str(new_id()))).json()
        wrong = await client.post(
            f"/api/office/dossiers/{dossier['id']}/payments/cash", headers=reception.headers(),
            json={"amount": dossier["fee"]["total"] + 1, "cash_receipt_number": f"T-{number}"},
        )
        assert wrong.status_code == 422 and wrong.json()["code"] == "wrong_amount"
        paid = await client.post(
            f"/api/office/dossiers/{dossier['id']}/payments/cash", headers=reception.headers(),
            json={"amount": dossier["fee"]["total"], "cash_receipt_number": f"T-{number}"},
        )
        assert paid.status_code == 200 and paid.json()["state"] == "paid", paid.text
        again = await client.post(
            f"/api/office/dossiers/{dossier['id']}/payments/cash", headers=reception.headers(),
            json={"amount": dossier["fee"]["total"], "cash_receipt_number": f"T-{number}"},
        )
        assert again.status_code == 409 and again.json()["code"] in ("already_paid", "nothing_owed")
        amounts.append(dossier["fee"]["total"])
    today = clock.today().isoformat()
    day = (await client.get("/api/office/payments/cash", params={"day": today}, headers=reception.headers())).json()
    mine = next(o for o in day["officers"] if any(p["cash_receipt_number"] == "T-0" for p in o["payments"]))
    assert sum(p["amount"] for p in mine["payments"] if p["cash_receipt_number"].startswith("T-")) == sum(amounts)

    report = (await client.get("/api/office/payments/report", params={"day": today}, headers=admin.headers())).json()
    start = clock.now().astimezone(clock.VIETNAM).replace(hour=0, minute=0, second=0, microsecond=0)
    by_agency = await db.fetch(
        """
        select d.agency_code, p.channel, count(*), sum(p.amount) from payments p join dossiers d on d.id = p.dossier_id
        where p.paid_at >= $1 and p.paid_at < $2 group by 1, 2
        """,
        start, start + timedelta(days=1),
    )
    expected = {(r["agency_code"], r["channel"]): (r["count"], r["sum"]) for r in by_agency}
    reported = {(a["agency_code"], c["channel"]): (c["count"], c["total"]) for a in report["agencies"] for c in a["channels"]}
    assert reported == expected and expected
    for agency in report["agencies"]:
        assert agency["total"] == sum(c["total"] for c in agency["channels"])
    csv = await client.get("/api/office/payments/report/csv", params={"day": today}, headers=admin.headers())
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert f"{today},000.00.06.H56,tong" in csv.text


async def test_a_paid_dossier_withdrawn_is_owed_a_refund_an_officer_completes(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, owing: dict,
) -> None:
    reception = await sign_in_staff(client, *DEMO["reception_officer"])
    paid = await client.post(
        f"/api/office/dossiers/{owing['id']}/payments/cash", headers=reception.headers(),
        json={"amount": owing["payment"]["amount"], "cash_receipt_number": "R-1"},
    )
    assert paid.status_code == 200, paid.text
    withdrawn = await client.post(f"/api/dossiers/{owing['id']}/withdraw", json={}, headers=citizen.headers())
    assert withdrawn.status_code == 200
    assert await service.open_refunds(db) >= 1
    assert await service.open_refunds(db) == 0  # one refund per payment
    (refund,) = [r for r in (await client.get("/api/office/payments/refunds", headers=reception.headers())).json()
                 if r["dossier_id"] == owing["id"]]
    done = await client.post(f"/api/office/payments/refunds/{refund['id']}/complete", json={"note": "Trả tiền mặt"},
                             headers=reception.headers())
    assert done.status_code == 204
    (payment,) = (await client.get(f"/api/dossiers/{owing['id']}/payments", headers=citizen.headers())).json()
    assert payment["state"] == "refunded" and payment["refund"] == "completed"
    told = await db.fetchval("select count(*) from outbox where dossier_id = $1 and kind = 'payment.refunded'", UUID(owing["id"]))
    assert told == 1
