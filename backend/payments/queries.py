"""SQL for payments, their events, bank transfers and refunds: the only place these tables are written."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from backend.clock import VIETNAM

Conn = asyncpg.Connection | asyncpg.Pool


async def payment_of(conn: Conn, dossier_id: UUID, stage: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update" if for_update else ""
    return await conn.fetchrow(f"select * from payments where dossier_id = $1 and stage = $2{lock}", dossier_id, stage)


async def payments_of_dossier(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch("select * from payments where dossier_id = $1 order by created_at", dossier_id)


async def payment(conn: Conn, payment_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update" if for_update else ""
    return await conn.fetchrow(f"select * from payments where id = $1{lock}", payment_id)


async def payment_by_compact_reference(conn: Conn, compact: str, *, for_update: bool = False) -> asyncpg.Record | None:
    """By the reference's letters and digits, as VNPay's vnp_TxnRef carries it."""
    lock = " for update" if for_update else ""
    return await conn.fetchrow(
        f"select * from payments where regexp_replace(reference, '[^0-9A-Za-z]', '', 'g') = $1{lock}", compact
    )


async def open_payment_of_dossier_code(conn: Conn, dossier_code: str, *, for_update: bool = False) -> asyncpg.Record | None:
    """The dossier's payment a bank transfer may pay: unpaid first, else the latest paid one."""
    lock = " for update of p" if for_update else ""
    return await conn.fetchrow(
        f"""
        select p.* from payments p join dossiers d on d.id = p.dossier_id where d.code = $1
        order by (p.state in ('pending', 'failed', 'expired', 'cancelled')) desc, p.created_at desc limit 1{lock}
        """,
        dossier_code,
    )


async def insert_payment(conn: Conn, values: dict[str, Any]) -> asyncpg.Record:
    """The dossier's request for this stage: the new one, or the one a concurrent request made first."""
    return await conn.fetchrow(
        """
        with made as (
            insert into payments (id, dossier_id, stage, reference, amount, items)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (dossier_id, stage) do nothing
            returning *
        )
        select * from made union all select * from payments where dossier_id = $2 and stage = $3
        limit 1
        """,
        values["id"], values["dossier_id"], values["stage"], values["reference"], values["amount"], values["items"],
    )


async def move(conn: Conn, payment_id: UUID, state: str, changes: dict[str, Any]) -> None:
    columns = ["state", *changes]
    assignments = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(columns))
    await conn.execute(
        f"update payments set {assignments}, updated_at = now() where id = $1", payment_id, state, *changes.values()
    )


async def next_vnpay_attempt(conn: Conn, payment_id: UUID) -> asyncpg.Record:
    return await conn.fetchrow(
        """
        update payments set vnpay_attempts = vnpay_attempts + 1, vnpay_started_at = now(), updated_at = now()
        where id = $1 returning vnpay_attempts, vnpay_started_at
        """,
        payment_id,
    )


async def insert_event(conn: Conn, payment_id: UUID, event_id: UUID, source: str, from_state: str, to_state: str,
                       detail: dict[str, Any]) -> None:
    await conn.execute(
        "insert into payment_events (id, payment_id, from_state, to_state, source, detail) values ($1, $2, $3, $4, $5, $6)",
        event_id, payment_id, from_state, to_state, source, detail,
    )


async def next_receipt_number(conn: Conn, year: int) -> int:
    """The year's next e-receipt number, gap-free (the row lock serialises concurrent payments)."""
    return await conn.fetchval(
        """
        insert into receipt_counters (year, last_value) values ($1, 1)
        on conflict (year) do update set last_value = receipt_counters.last_value + 1
        returning last_value
        """,
        year,
    )


async def waiting_for_the_gateway(conn: Conn, older_than_s: float, limit: int) -> list[asyncpg.Record]:
    """VNPay payments started and still unanswered: reconciliation asks VNPay about them."""
    return await conn.fetch(
        """
        select * from payments where state = 'pending' and channel = 'vnpay'
            and updated_at < now() - make_interval(secs => $1)
        order by updated_at limit $2
        """,
        older_than_s, limit,
    )


async def insert_transfer(conn: Conn, values: dict[str, Any]) -> bool:
    """False when the bank already told us of this transfer (webhooks are retried)."""
    return await conn.fetchval(
        """
        insert into bank_transfers (id, bank_reference, amount, description, transferred_at, payment_id, outcome)
        values ($1, $2, $3, $4, $5, $6, $7) on conflict (bank_reference) do nothing returning true
        """,
        values["id"], values["bank_reference"], values["amount"], values["description"], values["transferred_at"],
        values["payment_id"], values["outcome"],
    ) or False


async def transfers_to_review(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select t.*, p.reference, p.amount as owed, d.code as dossier_code, d.id as dossier_id
        from bank_transfers t left join payments p on p.id = t.payment_id left join dossiers d on d.id = p.dossier_id
        where t.outcome <> 'matched' and t.reviewed_at is null
        order by t.received_at
        """,
    )


async def cash_of_day(conn: Conn, agency_code: str, start: datetime, end: datetime) -> list[asyncpg.Record]:
    """The cash the desk's officers took: a desk takes fees for every agency it receives for."""
    return await conn.fetch(
        """
        select p.*, d.code as dossier_code, s.full_name as officer_name
        from payments p join dossiers d on d.id = p.dossier_id join staff_users s on s.id = p.received_by
        where p.channel = 'cash' and p.paid_at >= $2 and p.paid_at < $3 and s.agency_code = $1
        order by s.full_name, p.paid_at
        """,
        agency_code, start, end,
    )


async def paid_between(conn: Conn, agency_code: str | None, start: datetime, end: datetime) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select p.*, d.code as dossier_code, d.agency_code from payments p join dossiers d on d.id = p.dossier_id
        where p.paid_at >= $2 and p.paid_at < $3 and ($1::text is null or d.agency_code = $1)
        order by d.agency_code, p.paid_at
        """,
        agency_code, start, end,
    )


async def paid_per_agency_day(conn: Conn, since: date | None) -> list[asyncpg.Record]:
    """Fees paid (refunded later or not) per dossier's agency and Vietnam day, from `since` on (every day when
    null): online (VNPay, bank transfer) and cash at the desk."""
    return await conn.fetch(
        """
        select d.agency_code, (p.paid_at at time zone $2)::date as day,
               count(*) filter (where p.channel in ('vnpay', 'vietqr'))::int as online,
               count(*) filter (where p.channel = 'cash')::int as cash
        from payments p join dossiers d on d.id = p.dossier_id
        where p.state in ('paid', 'refunded') and ($1::date is null or p.paid_at >= $1::date::timestamp at time zone $2)
        group by 1, 2
        """,
        since, VIETNAM.key,
    )


async def paid_without_refund_for_ended_dossiers(conn: Conn, limit: int) -> list[asyncpg.Record]:
    """Paid payments of dossiers refused, stopped or withdrawn since: each is owed a refund."""
    return await conn.fetch(
        """
        select p.*, d.code as dossier_code, d.citizen_id from payments p join dossiers d on d.id = p.dossier_id
        where p.state = 'paid' and d.state in ('refused', 'stopped', 'withdrawn')
            and not exists (select 1 from refunds r where r.payment_id = p.id)
        limit $1
        """,
        limit,
    )


async def insert_refund(conn: Conn, refund_id: UUID, payment_id: UUID, amount: int) -> bool:
    return await conn.fetchval(
        "insert into refunds (id, payment_id, amount) values ($1, $2, $3) on conflict (payment_id) do nothing returning true",
        refund_id, payment_id, amount,
    ) or False


async def refund_of(conn: Conn, payment_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from refunds where payment_id = $1", payment_id)


async def refund(conn: Conn, refund_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update" if for_update else ""
    return await conn.fetchrow(
        f"select r.*, p.dossier_id from refunds r join payments p on p.id = r.payment_id where r.id = $1{lock}",
        refund_id,
    )


async def complete_refund(conn: Conn, refund_id: UUID, officer_id: UUID, note: str | None) -> None:
    await conn.execute(
        "update refunds set state = 'completed', completed_at = now(), completed_by = $2, note = $3 where id = $1",
        refund_id, officer_id, note,
    )


async def refunds_to_complete(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select r.*, d.code as dossier_code, d.id as dossier_id, p.channel from refunds r
        join payments p on p.id = r.payment_id join dossiers d on d.id = p.dossier_id
        where r.state = 'requested' order by r.requested_at
        """,
    )
