"""SQL for shipments, their events, slips and hand-over batches: the only place these tables are written."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool

# A shipment with what people read beside it: the dossier's code and the names of the recipient's places.
_SHIPMENT = """
    select s.*, d.code as dossier_code, d.citizen_id, c.phone as citizen_phone,
           commune.name as commune_name, province.name as province_name
    from shipments s
    join dossiers d on d.id = s.dossier_id
    join citizens c on c.id = d.citizen_id
    left join admin_units commune on commune.code = s.recipient ->> 'commune_code'
    left join admin_units province on province.code = s.recipient ->> 'province_code'
"""


async def next_serial(conn: Conn) -> int:
    return await conn.fetchval("select nextval('shipment_serial')")


async def desk_of(conn: Conn, agency_code: str) -> str:
    """The desk that hands over (and receives) an agency's dossiers: the one receiving for it, else itself."""
    return await conn.fetchval(
        """
        select coalesce(
            (select desk_agency_code from reception_desks where agency_code = $1 order by desk_agency_code limit 1), $1)
        """,
        agency_code,
    )


async def insert_shipment(conn: Conn, values: dict[str, Any]) -> asyncpg.Record | None:
    """The new shipment; None when the dossier already has an active one of that direction."""
    columns = list(values)
    return await conn.fetchrow(
        f"""
        insert into shipments ({", ".join(columns)}) values ({", ".join(f"${i}" for i in range(1, len(columns) + 1))})
        on conflict do nothing returning *
        """,
        *values.values(),
    )


async def shipment_by_code(conn: Conn, tracking_code: str, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update of s" if for_update else ""
    return await conn.fetchrow(_SHIPMENT + "where s.tracking_code = $1" + lock, tracking_code)


async def shipments_of_dossier(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(_SHIPMENT + "where s.dossier_id = $1 order by s.created_at", dossier_id)


async def active_outbound(conn: Conn, dossier_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select * from shipments where dossier_id = $1 and direction = 'outbound' and state <> 'cancelled'", dossier_id
    )


async def move(conn: Conn, shipment_id: UUID, lock_version: int, state: str, changes: dict[str, Any]) -> bool:
    """Move the shipment if nobody did since `lock_version`."""
    columns = list(changes)
    assignments = "".join(f", {column} = ${index}" for index, column in enumerate(columns, start=4))
    return await conn.fetchval(
        f"""
        update shipments set state = $3, lock_version = lock_version + 1, updated_at = now(){assignments}
        where id = $1 and lock_version = $2 returning true
        """,
        shipment_id, lock_version, state, *changes.values(),
    ) is not None


async def update(conn: Conn, shipment_id: UUID, changes: dict[str, Any]) -> None:
    columns = list(changes)
    assignments = ", ".join(f"{column} = ${index}" for index, column in enumerate(columns, start=2))
    await conn.execute(
        f"update shipments set {assignments}, updated_at = now() where id = $1", shipment_id, *changes.values()
    )


async def count_wrong_code(conn: Conn, shipment_id: UUID, lock_after: int) -> asyncpg.Record:
    return await conn.fetchrow(
        """
        update shipments set recipient_code_failures = recipient_code_failures + 1,
               recipient_code_locked = recipient_code_failures + 1 >= $2, updated_at = now()
        where id = $1 returning recipient_code_failures, recipient_code_locked
        """,
        shipment_id, lock_after,
    )


async def event_key_seen(conn: Conn, idempotency_key: str) -> asyncpg.Record | None:
    return await conn.fetchrow(
        "select e.to_state from shipment_events e where e.idempotency_key = $1", idempotency_key
    )


async def insert_event(conn: Conn, values: dict[str, Any]) -> None:
    columns = list(values)
    await conn.execute(
        f"insert into shipment_events ({', '.join(columns)}) values ({', '.join(f'${i}' for i in range(1, len(columns) + 1))})",
        *values.values(),
    )


async def events_of(conn: Conn, shipment_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        # In the order they were applied (a synced batch is applied in device-time order).
        "select * from shipment_events where shipment_id = $1 order by received_at, id",
        shipment_id,
    )


async def insert_slip(conn: Conn, slip_id: UUID, shipment_id: UUID, storage_key: str, taken_by: UUID) -> None:
    await conn.execute(
        "insert into shipment_slips (id, shipment_id, storage_key, taken_by) values ($1, $2, $3, $4)",
        slip_id, shipment_id, storage_key, taken_by,
    )


async def slip(conn: Conn, slip_id: UUID, shipment_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from shipment_slips where id = $1 and shipment_id = $2", slip_id, shipment_id)


# The courier's work


async def courier_shipments(conn: Conn, courier_id: UUID, day_began: datetime) -> list[asyncpg.Record]:
    """In the courier's custody: not finished, or finished since `day_began`; and papers waiting to be collected
    from people's homes."""
    return await conn.fetch(
        _SHIPMENT + """
        where (s.courier_id = $1 and s.state not in ('delivered', 'returned', 'cancelled'))
           or (s.courier_id = $1 and s.state in ('delivered', 'returned') and s.updated_at >= $2)
           or (s.direction = 'inbound' and s.courier_id is null and s.state in ('created', 'failed_attempt'))
        order by commune.name nulls last, s.created_at
        """,
        courier_id, day_began,
    )


async def open_batches(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select b.*, a.name as agency_name, (select count(*) from shipments s where s.batch_id = b.id) as count
        from handover_batches b join agencies a on a.code = b.agency_code
        where b.state = 'open' order by b.slot
        """
    )


async def batch(conn: Conn, batch_id: UUID, *, for_update: bool = False) -> asyncpg.Record | None:
    lock = " for update of b" if for_update else ""
    return await conn.fetchrow(
        f"""
        select b.*, a.name as agency_name, st.full_name as courier_name,
               (select count(*) from shipments s where s.batch_id = b.id) as count
        from handover_batches b join agencies a on a.code = b.agency_code
        left join staff_users st on st.id = b.courier_id
        where b.id = $1{lock}
        """,
        batch_id,
    )


async def shipments_of_batch(conn: Conn, batch_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(_SHIPMENT + "where s.batch_id = $1 order by commune.name nulls last, s.tracking_code", batch_id)


async def confirm_batch(conn: Conn, batch_id: UUID, courier_id: UUID) -> None:
    await conn.execute(
        "update handover_batches set state = 'handed_over', courier_id = $2, confirmed_at = now() where id = $1",
        batch_id, courier_id,
    )


# The desk's batches


async def ready_agencies(conn: Conn) -> list[str]:
    """Desks with results ready to go: outbound shipments not in a batch whose dossier owes nothing."""
    rows = await conn.fetch(
        """
        select distinct s.agency_code from shipments s join dossiers d on d.id = s.dossier_id
        where s.direction = 'outbound' and s.state = 'created' and s.batch_id is null and d.state = 'result_ready'
        """
    )
    return [row["agency_code"] for row in rows]


async def insert_batch(conn: Conn, batch_id: UUID, agency_code: str, slot: datetime, created_by: UUID | None) -> UUID | None:
    """The desk's batch of this slot; None when it was already made (the cron runs more than once a slot)."""
    return await conn.fetchval(
        """
        insert into handover_batches (id, agency_code, slot, created_by) values ($1, $2, $3, $4)
        on conflict (agency_code, slot) do nothing returning id
        """,
        batch_id, agency_code, slot, created_by,
    )


async def fill_batch(conn: Conn, batch_id: UUID, agency_code: str) -> int:
    """Every outbound shipment of the desk waiting for a batch whose dossier's result is ready (a fee still owed,
    result_awaiting_payment, keeps it out)."""
    return len(await conn.fetch(
        """
        update shipments s set batch_id = $1, updated_at = now()
        from dossiers d
        where d.id = s.dossier_id and s.agency_code = $2 and s.direction = 'outbound' and s.state = 'created'
          and s.batch_id is null and d.state = 'result_ready'
        returning s.id
        """,
        batch_id, agency_code,
    ))


async def drop_batch(conn: Conn, batch_id: UUID) -> None:
    await conn.execute("delete from handover_batches where id = $1", batch_id)


async def waiting_for_batch(conn: Conn, agency_code: str) -> list[asyncpg.Record]:
    return await conn.fetch(
        _SHIPMENT + """
        where s.agency_code = $1 and s.direction = 'outbound' and s.state = 'created' and s.batch_id is null
        order by s.created_at
        """,
        agency_code,
    )


async def recent_batches(conn: Conn, agency_code: str, limit: int = 20) -> list[asyncpg.Record]:
    return await conn.fetch(
        """
        select b.*, st.full_name as courier_name, (select count(*) from shipments s where s.batch_id = b.id) as count
        from handover_batches b left join staff_users st on st.id = b.courier_id
        where b.agency_code = $1 order by b.slot desc limit $2
        """,
        agency_code, limit,
    )


async def desk_shipments(conn: Conn, agency_code: str, state: str | None, limit: int = 200) -> list[asyncpg.Record]:
    return await conn.fetch(
        _SHIPMENT + "where s.agency_code = $1 and ($2::text is null or s.state = $2) order by s.created_at desc limit $3",
        agency_code, state, limit,
    )


async def commune_in_province(conn: Conn, commune_code: str, province_code: str) -> bool:
    return await conn.fetchval(
        "select exists (select 1 from admin_units where code = $1 and level = 'commune' and province_code = $2)",
        commune_code, province_code,
    )


# The postal operator's orders


async def awaiting_carrier_order(conn: Conn, carrier: str, limit: int) -> list[asyncpg.Record]:
    """The operator's shipments it has no order for yet: results in a hand-over batch, originals to collect. Not those
    it refused (a person must look at them), oldest first. With the names of the recipient's places and of the desk's."""
    return await conn.fetch(
        """
        select s.*, commune.name as commune_name, province.name as province_name, a.name as agency_name,
               agency_unit.name as agency_unit_name, agency_unit.level as agency_unit_level,
               coalesce(agency_province.name, agency_unit.name) as agency_province
        from shipments s
        join agencies a on a.code = s.agency_code
        join admin_units agency_unit on agency_unit.code = a.admin_unit_code
        left join admin_units agency_province on agency_province.code = agency_unit.province_code
        left join admin_units commune on commune.code = s.recipient ->> 'commune_code'
        left join admin_units province on province.code = s.recipient ->> 'province_code'
        where s.carrier = $1 and s.carrier_order_id is null and s.state = 'created'
          and (s.batch_id is not null or s.direction = 'inbound')
          and not exists (select 1 from shipment_events e where e.shipment_id = s.id and e.action = 'carrier_refused')
        order by s.created_at limit $2
        """,
        carrier, limit,
    )


async def set_carrier_order(conn: Conn, shipment_id: UUID, order_id: str) -> None:
    await conn.execute(
        "update shipments set carrier_order_id = $2, updated_at = now() where id = $1 and carrier_order_id is null",
        shipment_id, order_id,
    )
