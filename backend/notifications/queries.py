"""SQL for the outbox, messages, push subscriptions and preferences: the only place these tables are written."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg

Conn = asyncpg.Connection | asyncpg.Pool


async def insert_outbox(conn: Conn, outbox_id: UUID, kind: str, dossier_id: UUID | None, citizen_id: UUID, payload: Any) -> None:
    await conn.execute(
        "insert into outbox (id, kind, dossier_id, citizen_id, payload) values ($1, $2, $3, $4, $5)",
        outbox_id, kind, dossier_id, citizen_id, payload,
    )


async def insert_outbox_to_phone(
    conn: Conn, outbox_id: UUID, kind: str, dossier_id: UUID | None, phone: str, language: str, payload: Any,
) -> None:
    await conn.execute(
        "insert into outbox (id, kind, dossier_id, to_phone, to_language, payload) values ($1, $2, $3, $4, $5, $6)",
        outbox_id, kind, dossier_id, phone, language, payload,
    )


async def outbox_row_for_fan_out(conn: asyncpg.Connection, outbox_id: UUID) -> asyncpg.Record | None:
    """The row with its citizen's phone and language (or those it carries when it is to a phone that is no
    account's), locked so two workers never fan it out together."""
    return await conn.fetchrow(
        """
        select o.*, c.phone, coalesce(o.to_language, c.language, 'vi') as language
        from outbox o left join citizens c on c.id = o.citizen_id
        where o.id = $1 for update of o
        """,
        outbox_id,
    )


async def mark_fanned_out(conn: asyncpg.Connection, outbox_id: UUID) -> None:
    await conn.execute("update outbox set fanned_out_at = now() where id = $1", outbox_id)


async def disabled_channels(conn: Conn, citizen_id: UUID) -> set[str]:
    rows = await conn.fetch(
        "select channel from notification_preferences where citizen_id = $1 and not enabled", citizen_id
    )
    return {row["channel"] for row in rows}


async def set_preference(conn: Conn, citizen_id: UUID, channel: str, enabled: bool) -> None:
    await conn.execute(
        """
        insert into notification_preferences (citizen_id, channel, enabled) values ($1, $2, $3)
        on conflict (citizen_id, channel) do update set enabled = excluded.enabled
        """,
        citizen_id, channel, enabled,
    )


async def subscriptions_of(conn: Conn, citizen_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch("select * from push_subscriptions where citizen_id = $1 order by created_at", citizen_id)


async def upsert_subscription(conn: Conn, subscription_id: UUID, citizen_id: UUID, endpoint: str, p256dh: str, auth: str) -> UUID:
    """By endpoint: a browser that subscribes again (new keys, or another person signed in on it) replaces its row."""
    return await conn.fetchval(
        """
        insert into push_subscriptions (id, citizen_id, endpoint, p256dh, auth) values ($1, $2, $3, $4, $5)
        on conflict (endpoint) do update
            set citizen_id = excluded.citizen_id, p256dh = excluded.p256dh, auth = excluded.auth
        returning id
        """,
        subscription_id, citizen_id, endpoint, p256dh, auth,
    )


async def delete_subscription(conn: Conn, citizen_id: UUID, endpoint: str) -> None:
    await conn.execute("delete from push_subscriptions where citizen_id = $1 and endpoint = $2", citizen_id, endpoint)


async def forget_subscription(conn: Conn, subscription_id: UUID) -> None:
    await conn.execute("delete from push_subscriptions where id = $1", subscription_id)


async def subscription(conn: Conn, subscription_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from push_subscriptions where id = $1", subscription_id)


async def lock_phone_for_cap(conn: asyncpg.Connection, phone: str) -> None:
    """Until the transaction ends: one fan-out at a time counts and schedules this phone's SMS, so two workers
    cannot both find room under the cap."""
    await conn.execute("select pg_advisory_xact_lock(hashtext('motcua-sms-cap:' || $1))", phone)


async def sms_scheduled_between(conn: Conn, phone: str, start: datetime, end: datetime) -> int:
    """Non-urgent SMS to this phone due in [start, end): the daily cap's count."""
    return await conn.fetchval(
        "select count(*) from messages where channel = 'sms' and phone = $1 and not urgent "
        "and send_after >= $2 and send_after < $3",
        phone, start, end,
    )


_MESSAGE_COLUMNS = (
    "id", "outbox_id", "citizen_id", "dossier_id", "channel", "kind", "phone", "subscription_id", "language", "body",
    "urgent", "changed_at", "send_after",
)


async def insert_message(conn: Conn, values: dict[str, Any]) -> UUID | None:
    """The new message's id, or None when the fan-out already made it (a retried job)."""
    placeholders = ", ".join(f"${i}" for i in range(1, len(_MESSAGE_COLUMNS) + 1))
    return await conn.fetchval(
        f"""
        insert into messages ({", ".join(_MESSAGE_COLUMNS)}) values ({placeholders})
        on conflict (outbox_id, channel, subscription_id) where outbox_id is not null do nothing
        returning id
        """,
        *(values[column] for column in _MESSAGE_COLUMNS),
    )


async def unfinished_messages_of(conn: Conn, outbox_id: UUID) -> list[UUID]:
    rows = await conn.fetch(
        "select id from messages where outbox_id = $1 and status = 'created' order by id",
        outbox_id,
    )
    return [row["id"] for row in rows]


async def message(conn: Conn, message_id: UUID) -> asyncpg.Record | None:
    return await conn.fetchrow("select * from messages where id = $1", message_id)


async def record_handoff(conn: Conn, message_id: UUID, status: str, provider: str, reference: str | None) -> None:
    """A provider took the message. Its receipt may already be here (gateways can be that quick): then the
    status it set stays."""
    await conn.execute(
        """
        update messages set attempts = attempts + 1, provider = $3, reference = coalesce(reference, $4),
            failure = null, sent_at = coalesce(sent_at, now()), updated_at = now(),
            status = case when status = 'created' then $2 else status end,
            delivered_at = case when status = 'created' and $2 = 'delivered' then now() else delivered_at end
        where id = $1
        """,
        message_id, status, provider, reference,
    )


async def record_failure(conn: Conn, message_id: UUID, status: str, failure: str, provider: str | None = None) -> int:
    """A failed hand-off: `status` stays 'created' while it will be tried again, and a receipt that came in
    meanwhile (the gateway took it after all) keeps what it set. Returns the attempts so far."""
    return await conn.fetchval(
        """
        update messages set failure = $3, provider = coalesce($4, provider), attempts = attempts + 1,
            updated_at = now(), status = case when status = 'created' then $2 else status end
        where id = $1 returning attempts
        """,
        message_id, status, failure, provider,
    )


async def hold_until(conn: Conn, message_id: UUID, send_after: datetime) -> None:
    await conn.execute("update messages set send_after = $2, updated_at = now() where id = $1", message_id, send_after)


async def apply_receipt(
    conn: Conn, provider: str, reference: str, message_id: UUID | None, status: str, failure: str | None
) -> bool:
    """A gateway's delivery report, found by its reference or by our id the gateway echoes (a receipt can
    arrive before the worker has recorded the hand-off, or after the answer to the send was lost). Only a
    message still waiting for it changes, so a repeated or late receipt changes nothing."""
    return await conn.fetchval(
        """
        update messages set status = $4, failure = $5, provider = coalesce(provider, $1),
            reference = coalesce(reference, $2), sent_at = coalesce(sent_at, now()), updated_at = now(),
            delivered_at = case when $4 = 'delivered' then now() end
        where ((provider = $1 and reference = $2) or id = $3) and status in ('created', 'sending')
        returning true
        """,
        provider, reference, message_id, status, failure,
    ) or False


async def unfanned_outbox(conn: Conn, older_than_s: float, limit: int) -> list[UUID]:
    rows = await conn.fetch(
        """
        select id from outbox where fanned_out_at is null and created_at < now() - make_interval(secs => $1)
        order by created_at limit $2
        """,
        older_than_s, limit,
    )
    return [row["id"] for row in rows]


async def stuck_messages(conn: Conn, older_than_s: float, limit: int) -> list[asyncpg.Record]:
    """Messages due to be sent that no job has touched for a while: their job was lost or gave up."""
    return await conn.fetch(
        """
        select id, attempts, created_at from messages
        where status = 'created' and send_after <= now()
            and updated_at < now() - make_interval(secs => $1)
        order by send_after limit $2
        """,
        older_than_s, limit,
    )


async def messages_of_dossier(conn: Conn, dossier_id: UUID) -> list[asyncpg.Record]:
    return await conn.fetch(
        # The citizen's own: a shipment's recipient's SMS about the dossier (their code) is not theirs to read.
        "select * from messages where dossier_id = $1 and citizen_id is not null order by created_at, channel, id",
        dossier_id,
    )


async def message_counts(conn: Conn) -> list[asyncpg.Record]:
    return await conn.fetch("select channel, provider, status, count(*) from messages group by 1, 2, 3")


async def handed_off_in_time(conn: Conn, window: timedelta, limit: timedelta) -> list[asyncpg.Record]:
    """Per channel, the share of messages of changes within `window` that a provider took within `limit`
    (messages held by quiet hours or the cap are not counted: they wait on purpose)."""
    return await conn.fetch(
        """
        select channel, avg((sent_at is not null and sent_at - changed_at <= $2::interval)::int)::float8 as ratio
        from messages where changed_at > now() - $1::interval and send_after <= changed_at + $2::interval
        group by channel
        """,
        window, limit,
    )
