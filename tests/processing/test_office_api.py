"""The back office through its API: every transition of the table, forbidden moves, agency scope,
audit, overdue flags and apology letters."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import asyncpg
import httpx
import pytest
from litestar.testing import AsyncTestClient

from backend.accounts.guards import Principal
from backend.accounts.schemas import Role
from backend.clock import VIETNAM
from backend.dossiers import service as dossiers
from backend.dossiers import transitions
from backend.dossiers.lifecycle import TRANSITIONS, Action, State, allowed_actions
from backend.processing import moves
from backend.ids import new_id
from backend.processing import service as processing
from backend.processing.schemas import ActionInput
from backend.settings import Settings
from backend.storage import storage_for
from tests.support import (
    CERTIFIED_COPY, CERTIFIED_COPY_FORM, COMMUNE_DESK, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, DEMO, POST_DELIVERY,
    SignedIn, act, clear_rate_limits, detail, issue_result, new_staff, office, paid_at_the_desk, ready_to_submit, resubmit, sign_in_staff,
    submit, submitted_dossiers,
)

# Staff actions tried as the forbidden move at each step (whichever the table does not allow there).
PROBES = [Action.APPROVE, Action.RECEIVE, Action.SHIP, Action.REFUSE, Action.SEND_BACK, Action.START]


class Walk:
    """Moves a dossier through the console API; before each move, a forbidden one must answer 409
    naming exactly the actions the table allows that role from the current state."""

    def __init__(self, client: AsyncTestClient) -> None:
        self.client = client

    async def probe(self, who: SignedIn, role: str, dossier_id: str) -> dict:
        seen = await office(self.client, who, dossier_id)
        expected = [a.value for a in allowed_actions(State(seen["state"]), Role(role))]
        assert seen["allowed_actions"] == expected
        forbidden = next(a for a in PROBES if a.value not in expected)
        refused = await act(self.client, who, dossier_id, forbidden.value, seen["lock_version"], note="thử")
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "transition_not_allowed"
        assert refused.json()["allowed_actions"] == expected
        return seen

    async def move(self, who: SignedIn, role: str, dossier_id: str, action: str, **body) -> dict:
        seen = await self.probe(who, role, dossier_id)
        response = await act(self.client, who, dossier_id, action, seen["lock_version"], **body)
        assert response.status_code == 200, response.text
        moved = response.json()
        # One move, plus the system's when the fee falls due with it (the result waits for the fee).
        system_moves = 1 if moved["state"] == "result_awaiting_payment" else 0
        assert moved["lock_version"] == seen["lock_version"] + 1 + system_moves
        return moved


@pytest.fixture
async def demo_staff(client: AsyncTestClient, seeded: None) -> dict[str, SignedIn]:
    return {role: await sign_in_staff(client, *credentials) for role, credentials in DEMO.items()}


async def test_every_transition_of_the_table_is_walked_through_the_api(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, demo_commune: str,
    demo_staff: dict[str, SignedIn],
) -> None:
    walk = Walk(client)
    reception, specialist, leader = demo_staff["reception_officer"], demo_staff["specialist"], demo_staff["leader"]
    finance = "000.00.07.H56"  # Sở Tài chính: a handover (liên thông) target
    specialist_07, specialist_07_id = await new_staff(client, db, "specialist", finance, "Chuyên viên Sở Tài chính")
    leader_07, _ = await new_staff(client, db, "leader", finance, "Lãnh đạo Sở Tài chính")

    main, refused, stopped, stopped_late, *withdrawn = await submitted_dossiers(
        client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 9
    )
    post = {**POST_DELIVERY, "province_code": settings.demo_province_code, "commune_code": demo_commune}
    shipped, returned_by_post = await submitted_dossiers(
        client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 2, delivery=post
    )
    (on_the_spot,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1)
    assert main["agency_code"] == "000.00.06.H56" and on_the_spot["agency_code"] != main["agency_code"]

    # Reception: a supplement request (a list plus free text), the citizen resubmits, then the receipt.
    d = main["id"]
    asked = await walk.move(reception, "reception_officer", d, "request_supplement",
                            missing=["Bản chụp CCCD mặt sau"], note="Ảnh mặt sau bị mờ.")
    assert "Bản chụp CCCD mặt sau" in asked["timeline"][-1]["note"]
    mine = (await client.get(f"/api/dossiers/{d}", headers=citizen.headers())).json()
    assert "resubmit" in mine["allowed_actions"]
    assert mine["supplement"]["missing"] == ["Bản chụp CCCD mặt sau"]
    assert mine["supplement"]["message"] == "Ảnh mặt sau bị mờ." and mine["supplement"]["requested_at"]
    assert mine["has_result"] is False and mine["has_receipt"] is False
    await resubmit(client, citizen, d)
    received = await walk.move(reception, "reception_officer", d, "receive")
    assert received["due_date"] and received["receipt_url"]
    mine = (await client.get(f"/api/dossiers/{d}", headers=citizen.headers())).json()
    assert mine["supplement"] is None and mine["has_receipt"] is True and mine["has_result"] is False
    receipt = await client.get(received["receipt_url"], headers=reception.headers())
    assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
    # The reception officer hands it to the department: start, assigning the department's specialist.
    assignees = (await client.get(f"/api/office/dossiers/{d}/assignees", headers=reception.headers())).json()
    chosen = next(a for a in assignees if a["full_name"] == "Lê Văn Cường")
    started = await walk.move(reception, "reception_officer", d, "start", assignee_id=chosen["id"])
    assert started["assigned_to"] == chosen["id"]
    # The specialist finds something missing during processing: the clock restarts at the next reception.
    await walk.move(specialist, "specialist", d, "request_supplement", note="Cần bản sao giấy khai sinh.")
    await resubmit(client, citizen, d)
    await walk.move(reception, "reception_officer", d, "receive")
    await walk.move(specialist, "specialist", d, "start")
    # Liên thông: the department hands it to another agency; it leaves the department's queue.
    handed = await walk.move(specialist, "specialist", d, "hand_over", to_agency_code=finance, note="Xác minh nghĩa vụ tài chính")
    assert handed["agency_code"] == finance and handed["handovers"][0]["taken_at"] is None
    assert (await client.get(f"/api/office/dossiers/{d}", headers=specialist.headers())).status_code == 404
    pending = await walk.move(specialist_07, "specialist", d, "submit_for_approval")
    assert pending["handovers"][0]["taken_by"] == "Chuyên viên Sở Tài chính"
    await walk.move(leader_07, "leader", d, "send_back", note="Ghi rõ số phiếu.")
    seen = await office(client, specialist_07, d)
    assert (await issue_result(client, specialist_07, d, seen["lock_version"])).status_code == 200
    await walk.move(specialist_07, "specialist", d, "submit_for_approval")
    approved = await walk.move(leader_07, "leader", d, "approve")
    assert approved["state"] == "result_ready" and approved["result"]
    # Back at the counter of the service centre, which receives for every province-level agency.
    returned = await walk.move(reception, "reception_officer", d, "return_result", recipient_name="Nguyễn Thị Lan")
    assert returned["state"] == "returned" and "Nguyễn Thị Lan" in returned["timeline"][-1]["note"]
    citizen_view = (await client.get(f"/api/dossiers/{d}", headers=citizen.headers())).json()
    assert all(e["action"] not in ("start", "submit_for_approval", "send_back") for e in citizen_view["timeline"])
    assert citizen_view["has_result"] is True and citizen_view["has_receipt"] is True
    wallet = (await client.get("/api/wallet", headers=citizen.headers())).json()["items"]
    assert any(w["document_type"] == f"ket_qua:{CRIMINAL_RECORD}" for w in wallet)
    result = await client.get(f"/api/dossiers/{d}/result", headers=citizen.headers())
    assert result.status_code == 200 and result.content.startswith(b"%PDF")

    # Refusal at reception needs a reason.
    seen = await office(client, reception, refused["id"])
    no_reason = await act(client, reception, refused["id"], "refuse", seen["lock_version"])
    assert no_reason.status_code == 422 and no_reason.json()["code"] == "reason_required"
    await walk.move(reception, "reception_officer", refused["id"], "refuse", note="Hồ sơ không thuộc thẩm quyền.")

    # Stopped during processing (by the specialist) and while awaiting approval (by the leader).
    for dossier in (stopped, stopped_late):
        await walk.move(reception, "reception_officer", dossier["id"], "receive")
        await walk.move(specialist, "specialist", dossier["id"], "start")
    await walk.move(specialist, "specialist", stopped["id"], "stop", note="Người nộp đang bị điều tra.")
    await walk.move(specialist, "specialist", stopped_late["id"], "submit_for_approval")
    seen = await office(client, leader, stopped_late["id"])
    not_issued = await act(client, leader, stopped_late["id"], "approve", seen["lock_version"])
    assert not_issued.status_code == 409 and not_issued.json()["code"] == "result_not_issued"
    await walk.move(leader, "leader", stopped_late["id"], "stop", note="Thiếu căn cứ pháp lý.")

    # Shipped to the post, then delivered (the courier's side is its own issue: the service here); one the post
    # brought back is handed over at the counter.
    for s in (shipped["id"], returned_by_post["id"]):
        await walk.move(reception, "reception_officer", s, "receive")
        await walk.move(specialist, "specialist", s, "start")
        seen = await office(client, specialist, s)
        assert (await issue_result(client, specialist, s, seen["lock_version"])).status_code == 200
        await walk.move(specialist, "specialist", s, "submit_for_approval")
        await walk.move(leader, "leader", s, "approve")
        not_post = await office(client, reception, main["id"])
        assert "ship" not in not_post["allowed_actions"]
        await walk.move(reception, "reception_officer", s, "ship")
    await walk.move(reception, "reception_officer", returned_by_post["id"], "return_result", recipient_name="Nguyễn Thị Lan")
    s = shipped["id"]
    courier_id = await db.fetchval("select id from staff_users where username = 'buuta'")
    courier = Principal(kind="staff", id=courier_id, role=Role.COURIER, label="buuta", display_name="Hoàng Văn Em")
    async with db.acquire() as conn, conn.transaction():
        row = await dossiers.load(conn, s, for_update=True)
        await transitions.transition(conn, row, Action.DELIVER, courier)

    # "4 tại chỗ": the commune's one-stop officer receives, issues, resolves and returns in one sitting.
    o = on_the_spot["id"]
    commune_officer, _ = await new_staff(client, db, "reception_officer", on_the_spot["agency_code"])
    assert (await client.get(f"/api/office/dossiers/{o}", headers=reception.headers())).status_code == 404
    await walk.move(commune_officer, "reception_officer", o, "receive")
    seen = await office(client, commune_officer, o)
    assert (await issue_result(client, commune_officer, o, seen["lock_version"])).status_code == 200
    # Certified copies are paid for when collected: the result waits for the fee (national status 6).
    resolved = await walk.move(commune_officer, "reception_officer", o, "resolve_on_the_spot")
    assert resolved["state"] == "result_awaiting_payment" and resolved["national_status"] == 6
    awaiting = await detail(client, citizen, o)
    assert (await paid_at_the_desk(client, citizen, awaiting))["state"] == "result_ready"
    await walk.move(commune_officer, "reception_officer", o, "return_result", recipient_name="Nguyễn Thị Lan")

    # The citizen withdraws from every state the table allows.
    w_submitted, w_supplement, w_received, w_processing, w_pending = (w["id"] for w in withdrawn)
    await walk.move(reception, "reception_officer", w_supplement, "request_supplement", note="Thiếu tờ khai.")
    for dossier_id in (w_received, w_processing, w_pending):
        await walk.move(reception, "reception_officer", dossier_id, "receive")
    for dossier_id in (w_processing, w_pending):
        await walk.move(specialist, "specialist", dossier_id, "start")
    await walk.move(specialist, "specialist", w_pending, "submit_for_approval")
    for dossier_id in (w_submitted, w_supplement, w_received, w_processing, w_pending):
        response = await client.post(f"/api/dossiers/{dossier_id}/withdraw", json={"reason": "Không cần nữa"}, headers=citizen.headers())
        assert response.status_code == 200, response.text

    # Withdrawn before paying the fee it was submitted with.
    unpaid = await ready_to_submit(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM)
    owing = (await submit(client, citizen, unpaid["id"], str(new_id()))).json()
    assert owing["state"] == "awaiting_payment" and owing["national_status"] == 6
    withdrawn_unpaid = await client.post(f"/api/dossiers/{owing['id']}/withdraw", json={}, headers=citizen.headers())
    assert withdrawn_unpaid.status_code == 200, withdrawn_unpaid.text

    ids = [main["id"], refused["id"], stopped["id"], stopped_late["id"], s, returned_by_post["id"], o, owing["id"],
           *(w["id"] for w in withdrawn)]
    walked = {
        (r["from_state"], r["action"])
        for r in await db.fetch("select from_state, action from dossier_events where dossier_id = any($1::uuid[])", ids)
    }
    table = {(source.value, t.action.value) for t in TRANSITIONS for source in t.sources}
    assert table - walked == set(), f"transitions never walked: {sorted(table - walked)}"


async def test_a_stale_lock_version_is_refused(
    client: AsyncTestClient, settings: Settings, citizen: SignedIn, demo_staff: dict[str, SignedIn]
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    seen = await office(client, demo_staff["reception_officer"], dossier["id"])
    stale = await act(client, demo_staff["reception_officer"], dossier["id"], "receive", seen["lock_version"] - 1)
    assert stale.status_code == 409 and stale.json()["code"] == "dossier_changed"


async def test_two_officers_receiving_at_once_one_wins(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, live_url: str,
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    await clear_rate_limits(settings)  # earlier tests signed staff in on the live API from this address too
    async with httpx.AsyncClient(base_url=live_url) as http:
        first, _ = await new_staff(http, db, "reception_officer", "000.00.02.H56", "Cán bộ A")
        second, _ = await new_staff(http, db, "reception_officer", "000.00.02.H56", "Cán bộ B")
        version = (await office(http, first, dossier["id"]))["lock_version"]
        import asyncio

        answers = await asyncio.gather(
            act(http, first, dossier["id"], "receive", version), act(http, second, dossier["id"], "receive", version)
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 409)
    assert loser.json()["code"] == "dossier_changed"
    assert await db.fetchval("select count(*) from dossier_events where dossier_id = $1 and action = 'receive'", dossier["id"]) == 1


async def test_a_same_day_procedure_received_at_1530_is_due_the_next_working_day(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn,
) -> None:
    late, early = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 2)
    officer_id = await db.fetchval("select id from staff_users where username = 'tiepnhan'")
    officer = Principal(kind="staff", id=officer_id, role=Role.RECEPTION_OFFICER, label="tiepnhan",
                        display_name="Trần Thị Bình", agency_code=late["agency_code"])
    thursday = date(2026, 11, 19)  # an ordinary Thursday; Friday 20/11 is a working day

    async def receive_at(dossier: dict, hour: int, minute: int) -> date:
        async with db.acquire() as conn, conn.transaction():
            row = await dossiers.load(conn, dossier["id"], for_update=True)
            at = datetime(thursday.year, thursday.month, thursday.day, hour, minute, tzinfo=VIETNAM)
            await moves.move(conn, storage_for(settings), settings, officer, row, Action.RECEIVE, ActionInput(lock_version=row["lock_version"]), now=at)
            return await conn.fetchval("select due_date from dossiers where id = $1", dossier["id"])

    assert await receive_at(late, 15, 30) == date(2026, 11, 20)
    assert await receive_at(early, 14, 0) == thursday


async def test_days_off_and_make_up_days_from_the_admin_move_due_dates(
    client: AsyncTestClient, db: asyncpg.Pool, seeded: None,
) -> None:
    admin = await sign_in_staff(client, *DEMO["admin"])
    day_off, make_up = "2031-11-21", "2031-11-22"  # a Friday off, the Saturday after worked instead
    assert (await client.put(f"/api/admin/calendar/{day_off}", json={"kind": "day_off", "note": "Nghỉ bù"}, headers=admin.headers())).status_code == 200
    assert (await client.put(f"/api/admin/calendar/{make_up}", json={"kind": "working_day", "note": "Làm bù"}, headers=admin.headers())).status_code == 200
    listed = (await client.get("/api/admin/calendar/?year=2031", headers=admin.headers())).json()["items"]
    assert [d["day"] for d in listed] == [day_off, make_up]
    calendar = await processing.work_calendar(db)
    received = datetime(2031, 11, 20, 9, 0, tzinfo=VIETNAM)  # Thursday
    assert calendar.due_date(received, 1) == date(2031, 11, 22)  # Friday off, Saturday worked
    assert calendar.due_date(received, 2) == date(2031, 11, 25)  # Monday 24/11 is Vietnam Culture Day in `holidays`
    for day in (day_off, make_up):
        assert (await client.delete(f"/api/admin/calendar/{day}", headers=admin.headers())).status_code == 204
    assert (await processing.work_calendar(db)).due_date(received, 1) == date(2031, 11, 21)


async def test_queue_is_agency_scoped_oldest_first_searchable_and_paginated(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, demo_staff: dict[str, SignedIn],
) -> None:
    dossiers_ = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 3)
    (commune,) = await submitted_dossiers(client, settings, citizen, CERTIFIED_COPY, CERTIFIED_COPY_FORM, 1)
    reception = demo_staff["reception_officer"]
    page = (await client.get("/api/office/queue?state=submitted&limit=100", headers=reception.headers())).json()
    codes = [i["code"] for i in page["items"]]
    assert all(d["code"] in codes for d in dossiers_) and commune["code"] not in codes
    assert page["counts"]["submitted"] >= 3
    times = [i["submitted_at"] for i in page["items"]]
    assert times == sorted(times)  # oldest first
    # Keyset pagination: two at a time covers the same list.
    seen, after = [], None
    while True:
        url = "/api/office/queue?state=submitted&limit=2" + (f"&after={after}" if after else "")
        body = (await client.get(url, headers=reception.headers())).json()
        seen += [i["code"] for i in body["items"]]
        if not (after := body["next"]):
            break
    assert seen == codes
    # Search by code, by phone as typed, by name without diacritics.
    me = (await client.get("/api/me", headers=citizen.headers())).json()
    local_phone = "0" + me["phone"][3:]
    for q in (dossiers_[1]["code"], f"{local_phone[:4]} {local_phone[4:7]} {local_phone[7:]}", "nguyen thi lan"):
        found = (await client.get("/api/office/queue", params={"q": q, "limit": 100}, headers=reception.headers())).json()
        assert dossiers_[1]["code"] in [i["code"] for i in found["items"]], q
    # The demo commune desk receives the commune-level dossier (it receives for every commune, nothing else).
    commune_desk = await sign_in_staff(client, *COMMUNE_DESK)
    found = (await client.get("/api/office/queue", params={"q": commune["code"]}, headers=commune_desk.headers())).json()
    assert commune["code"] in [i["code"] for i in found["items"]]
    theirs = (await client.get("/api/office/queue?state=submitted&limit=100", headers=commune_desk.headers())).json()
    levels = await db.fetch("select distinct level from agencies where code = any($1)", [i["agency_code"] for i in theirs["items"]])
    assert [r["level"] for r in levels] == ["commune"]
    # The department's specialist sees only what the department holds.
    spec = (await client.get("/api/office/queue?limit=100", headers=demo_staff["specialist"].headers())).json()
    assert all(i["agency_code"] == "000.00.06.H56" for i in spec["items"])


async def test_every_staff_access_to_a_dossier_is_audited(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, demo_staff: dict[str, SignedIn],
) -> None:
    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    reception = demo_staff["reception_officer"]
    d = dossier["id"]
    seen = await office(client, reception, d)
    page = seen["documents"][0]["pages"][0]
    assert (await client.get(page["image_url"], headers=reception.headers())).status_code == 200
    assert (await client.get(page["thumbnail_url"], headers=reception.headers())).status_code == 200
    await client.get("/api/office/queue", params={"q": dossier["code"]}, headers=reception.headers())
    assert (await act(client, reception, d, "receive", seen["lock_version"])).status_code == 200
    await client.get(f"/api/office/dossiers/{d}/receipt", headers=reception.headers())
    refused = await act(client, reception, d, "approve", seen["lock_version"] + 1)  # a refused attempt is audited too
    assert refused.status_code == 409
    rows = await db.fetch("select action, actor_role, detail from audit_log where object_id = $1 order by id", d)
    actions = [r["action"] for r in rows]
    assert actions == [
        "payment.cash", "dossier.read", "dossier.page_read", "dossier.page_read", "dossier.receive", "dossier.receipt_read", "dossier.approve",
    ]
    assert all(r["actor_role"] == "reception_officer" for r in rows)
    queue_reads = await db.fetch("select detail from audit_log where action = 'dossier.queue' and detail::text like '%' || $1 || '%'", d)
    assert queue_reads


async def test_overdue_dossiers_are_flagged_once_and_an_apology_sets_a_new_date(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, demo_staff: dict[str, SignedIn],
) -> None:
    from workers import tasks

    (dossier,) = await submitted_dossiers(client, settings, citizen, CRIMINAL_RECORD, CRIMINAL_RECORD_FORM, 1)
    reception = demo_staff["reception_officer"]
    d = dossier["id"]
    seen = await office(client, reception, d)
    assert (await act(client, reception, d, "receive", seen["lock_version"])).status_code == 200
    today = datetime.now(VIETNAM).date()
    await db.execute("update dossiers set due_date = $2 where id = $1", d, today - timedelta(days=1))
    assert await tasks.flag_overdue_dossiers({"db": db}) >= 1
    assert await tasks.flag_overdue_dossiers({"db": db}) == 0  # idempotent
    flagged = await office(client, reception, d)
    assert flagged["overdue"] and [e["action"] for e in flagged["timeline"]].count("flag_overdue") == 1
    overdue_queue = (await client.get("/api/office/queue?overdue=true&limit=100", headers=reception.headers())).json()
    assert d in [i["id"] for i in overdue_queue["items"]] and overdue_queue["overdue"] >= 1

    calendar = await processing.work_calendar(db)
    new_date = calendar.add_working_days(today, 3)
    url = f"/api/office/dossiers/{d}/apology"
    no_reason = await client.post(url, json={"lock_version": flagged["lock_version"], "reason": " ", "new_due_date": new_date.isoformat()}, headers=reception.headers())
    assert no_reason.status_code == 422
    apologised = await client.post(
        url, json={"lock_version": flagged["lock_version"], "reason": "Chờ kết quả xác minh của Công an tỉnh", "new_due_date": new_date.isoformat()},
        headers=reception.headers(),
    )
    assert apologised.status_code == 200, apologised.text
    body = apologised.json()
    assert body["due_date"] == new_date.isoformat() and not body["overdue"] and body["apologies"][0]["reason"]
    mine = (await client.get(f"/api/dossiers/{d}", headers=citizen.headers())).json()
    assert mine["due_date"] == new_date.isoformat()
    assert any("Chờ kết quả xác minh" in (e["note"] or "") for e in mine["timeline"])
    assert await db.fetchval("select count(*) from outbox where dossier_id = $1 and kind = 'dossier.apology'", d) == 1
