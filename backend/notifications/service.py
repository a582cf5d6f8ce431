"""From an outbox row to messages in people's hands, exactly once as far as providers can tell.

- `fan_out` turns a committed outbox row into one message per channel and device, per the person's
  preferences (the law's notices always go by SMS). Idempotent: a retried job finds the messages made.
- `deliver` hands one message to a provider. Every SMS carries its message id as the gateway's request id,
  so when a worker dies after the gateway took it, the retry is recognised there and not sent again.
  Failed hand-offs return how long to wait (exponential, honouring Retry-After); the job retries.
- `sweep` re-queues what a lost job left behind: outbox rows not fanned out, messages not handed off.
- Receipts from the gateways move a message from sending to delivered or failed, once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from uuid import UUID

import asyncpg
from arq.connections import ArqRedis
from prometheus_client import Gauge

from backend import clock
from backend.accounts.sms import SmsSender
from backend.errors import Problem
from backend.i18n import Lang, Text
from backend.ids import new_id
from backend.notifications import queries, templates
from backend.notifications.carriers import Carriers
from backend.notifications.clients import SendFailed
from backend.notifications.clients.push import Push, topic_for
from backend.notifications.clients.sms import Receipt, Sms
from backend.notifications.outbox import Kind
from backend.notifications.schemas import (
    CHANNEL_WORDS, STATUS_WORDS, Channel, MessageStatus, MessageView, Preferences, PreferencesInput, Subscribed,
    SubscriptionInput,
)
from backend.settings import Settings

log = logging.getLogger("backend.notifications")

# Read from the database at each scrape, so the sends of every worker process count (the API serves /metrics); with
# several API processes, the one that answered the latest scrape holds the newest reading.
MESSAGES = Gauge(
    "motcua_messages", "Messages by channel, provider and status", ["channel", "provider", "status"],
    multiprocess_mode="mostrecent",
)
HANDED_OFF_IN_TIME = Gauge(
    "motcua_messages_handed_off_within_10s_ratio",
    "Of the last hour's changes, the share of messages a provider took within 10 s", ["channel"],
    multiprocess_mode="mostrecent",
)

# Status news stays useful for weeks on a phone that is off; the push service keeps it that long.
PUSH_TTL_S = 28 * 24 * 3600
# Retries wait 1, 2, 4 … 60 s; a message not handed off within a day is a technical failure.
LONGEST_WAIT_S = 60.0
GIVE_UP_AFTER = timedelta(days=1)
# Longer than any retry's wait, so a message the sweeper picks up has really lost its job.
SWEEP_AFTER_S = 2 * LONGEST_WAIT_S
MASK = "******"
# Rows still waiting this long after their commit missed the wake-up (a listener reconnecting).
OUTBOX_GRACE_S = 5.0


def backoff(attempts: int, retry_after_s: float | None = None) -> float:
    return max(retry_after_s or 0.0, min(LONGEST_WAIT_S, 2.0 ** max(attempts - 1, 0)))


def quiet_until(at: datetime, span: tuple[time, time] | None) -> datetime | None:
    """The end of quiet hours (`span`: start and end, Vietnam time, as QUIET_HOURS) when `at` falls inside them."""
    if span is None:
        return None
    start, end = span
    local = at.astimezone(clock.VIETNAM)
    moment = local.time()
    inside = (moment >= start or moment < end) if start > end else start <= moment < end
    if not inside:
        return None
    day = local.date() if moment < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, clock.VIETNAM)


def day_opens(day: date, span: tuple[time, time] | None) -> datetime:
    """When a day's non-urgent SMS may start going out: its first minute, or the end of the night's quiet hours."""
    midnight = datetime.combine(day, time(0), clock.VIETNAM)
    return quiet_until(midnight, span) or midnight


async def _sms_send_after(conn: asyncpg.Connection, settings: Settings, phone: str, now: datetime) -> datetime:
    """Not before quiet hours end, and not on a day this phone has had its cap of non-urgent SMS."""
    await queries.lock_phone_for_cap(conn, phone)
    at = quiet_until(now, settings.quiet_span) or now
    for _ in range(7):
        day = at.astimezone(clock.VIETNAM).date()
        day_start = datetime.combine(day, time(0), clock.VIETNAM)
        if await queries.sms_scheduled_between(conn, phone, day_start, day_start + timedelta(days=1)) < settings.sms_daily_cap:
            return at
        at = day_opens(day + timedelta(days=1), settings.quiet_span)
    return at


# --- fan-out -------------------------------------------------------------------------------------------

async def fan_out(db: asyncpg.Pool, settings: Settings, outbox_id: UUID) -> list[UUID]:
    """Make the row's messages (once), and return those still to hand off."""
    async with db.acquire() as conn, conn.transaction():
        row = await queries.outbox_row_for_fan_out(conn, outbox_id)
        if row is None:
            return []
        if row["fanned_out_at"] is None:
            await _make_messages(conn, settings, row)
            await queries.mark_fanned_out(conn, outbox_id)
    return await queries.unfinished_messages_of(db, outbox_id)


async def _make_messages(conn: asyncpg.Connection, settings: Settings, row: asyncpg.Record) -> None:
    kind, payload, lang = row["kind"], row["payload"], row["language"]
    if templates.silent(kind, payload):
        return
    rendered = templates.render(kind, payload, lang, unicode=settings.sms_unicode)
    now = clock.now()
    common = {
        "outbox_id": row["id"], "citizen_id": row["citizen_id"], "dossier_id": row["dossier_id"], "kind": kind,
        "language": lang, "urgent": templates.urgent(kind), "changed_at": row["created_at"],
    }
    sms_to = row["to_phone"] or row["phone"]
    if row["to_phone"] is not None:
        # A phone that is no account's (a shipment's recipient, a feedback sender without one): SMS only, and no
        # account's preferences are theirs.
        off = {Channel.PUSH}
    elif row["citizen_id"] is not None:
        off = await queries.disabled_channels(conn, row["citizen_id"])
    else:
        off = set()
    # An account without a phone (a person helped by a volunteer) follows its dossiers at the counter.
    if sms_to and (Channel.SMS not in off or templates.legally_required(kind, payload)):
        send_after = now if common["urgent"] else await _sms_send_after(conn, settings, sms_to, now)
        await queries.insert_message(conn, {
            **common, "id": new_id(), "channel": Channel.SMS.value, "phone": sms_to, "subscription_id": None,
            "body": rendered.sms, "send_after": send_after,
        })
    subscriptions = [] if Channel.PUSH in off or row["citizen_id"] is None else await queries.subscriptions_of(conn, row["citizen_id"])
    if subscriptions:
        body = json.dumps({
            "title": rendered.push_title, "body": rendered.push_body, "url": templates.link(kind, payload, row["dossier_id"]),
            "tag": topic_for(row["dossier_id"] or row["id"]), "lang": lang,
        }, ensure_ascii=False)
        for subscription in subscriptions:
            await queries.insert_message(conn, {
                **common, "id": new_id(), "channel": Channel.PUSH.value, "phone": None,
                "subscription_id": subscription["id"], "body": body, "send_after": now,
            })


# --- hand-off ------------------------------------------------------------------------------------------

async def deliver(db: asyncpg.Pool, carriers: Carriers, settings: Settings, message_id: UUID) -> float | None:
    """Hand the message to a provider. None when nothing is left to do now (a message held by quiet hours or
    the cap is left to the sweeper), else the seconds to wait before trying again."""
    message = await queries.message(db, message_id)
    if message is None or message["status"] != MessageStatus.CREATED or message["send_after"] > clock.now():
        return None
    if message["channel"] == Channel.SMS:
        return await _deliver_sms(db, carriers, settings, message, message["body"])
    return await _deliver_push(db, carriers, message)


def receipt_url(settings: Settings, provider: str) -> str:
    """Where a gateway posts its delivery reports (the client adds its proof of origin)."""
    return f"{settings.public_url}/api/notifications/receipts/{provider}"


async def _deliver_sms(
    db: asyncpg.Pool, carriers: Carriers, settings: Settings, message: asyncpg.Record, text: str
) -> float | None:
    sms = Sms(phone=message["phone"], text=text, dedupe_key=str(message["id"]), unicode=settings.sms_unicode)
    failure: SendFailed | None = None
    for provider in carriers.sms.ordered():
        try:
            handoff = await provider.send(replace(sms, callback_url=receipt_url(settings, provider.name)))
        except SendFailed as error:
            if error.permanent:
                await queries.record_failure(db, message["id"], MessageStatus.PERMANENT_FAILURE, str(error), provider.name)
                return None
            log.warning("SMS provider %s failed for message %s: %s", provider.name, message["id"], error)
            carriers.sms.failed(provider)
            failure = error
            continue
        carriers.sms.succeeded(provider)
        await _handed_off(db, message, MessageStatus.SENDING, provider.name, handoff.reference)
        return None
    reason = str(failure) if failure else "no SMS provider is configured"
    attempts = await queries.record_failure(db, message["id"], MessageStatus.CREATED, reason)
    return backoff(attempts, failure.retry_after_s if failure else None)


async def _deliver_push(db: asyncpg.Pool, carriers: Carriers, message: asyncpg.Record) -> float | None:
    subscription = await queries.subscription(db, message["subscription_id"])
    if subscription is None or carriers.push is None:
        await queries.record_failure(db, message["id"], MessageStatus.PERMANENT_FAILURE, "the device unsubscribed")
        return None
    push = Push(
        endpoint=subscription["endpoint"], p256dh=subscription["p256dh"], auth=subscription["auth"],
        payload=message["body"].encode(), ttl_s=PUSH_TTL_S, urgency="high" if message["urgent"] else "normal",
        topic=topic_for(message["dossier_id"]),
    )
    try:
        handoff = await carriers.push.send(push)
    except SendFailed as error:
        if error.permanent:
            # 404/410: the browser dropped the subscription; never send to it again.
            await queries.forget_subscription(db, subscription["id"])
            await queries.record_failure(db, message["id"], MessageStatus.PERMANENT_FAILURE, str(error), carriers.push.name)
            return None
        attempts = await queries.record_failure(db, message["id"], MessageStatus.CREATED, str(error), carriers.push.name)
        return backoff(attempts, error.retry_after_s)
    await _handed_off(db, message, MessageStatus.DELIVERED, carriers.push.name, handoff.reference)
    return None


async def _handed_off(
    db: asyncpg.Pool, message: asyncpg.Record, status: MessageStatus, provider: str, reference: str | None
) -> None:
    await queries.record_handoff(db, message["id"], status, provider, reference)


# --- jobs ----------------------------------------------------------------------------------------------

# Job ids are deterministic, so however many processes ask, a row is fanned out by one job and a message has one
# job at a time. arq's job ids are global in Redis: the queue's name keeps deployments (and test runs) apart.

def fan_out_job_id(queue: str, outbox_id: UUID | str) -> str:
    return f"{queue}:outbox:{outbox_id}"


def send_job_id(queue: str, message_id: UUID, attempts: int | None = None) -> str:
    """The fan-out's retry job is `…:send:<id>`; the sweeper's, for a message whose job was lost or gave up,
    adds the attempts so far (arq refuses an id while it keeps the old job's result)."""
    return f"{queue}:send:{message_id}" + ("" if attempts is None else f":{attempts}")


async def schedule_fan_out(redis: ArqRedis, outbox_id: UUID | str) -> bool:
    job_id = fan_out_job_id(redis.default_queue_name, outbox_id)
    return await redis.enqueue_job("fan_out", UUID(str(outbox_id)), _job_id=job_id) is not None


async def schedule_send(redis: ArqRedis, message_id: UUID, wait_s: float, attempts: int | None = None) -> bool:
    job = await redis.enqueue_job(
        "send_message", message_id, _job_id=send_job_id(redis.default_queue_name, message_id, attempts),
        _defer_by=timedelta(seconds=wait_s),
    )
    return job is not None


async def sweep(db: asyncpg.Pool, redis: ArqRedis, limit: int = 500) -> int:
    """Re-queue what lost jobs left: outbox rows never fanned out, messages due and untouched for a while.
    A message not handed off within a day is given up as a technical failure. Returns what was queued."""
    queued = 0
    for outbox_id in await queries.unfanned_outbox(db, OUTBOX_GRACE_S, limit):
        queued += await schedule_fan_out(redis, outbox_id)
    for row in await queries.stuck_messages(db, SWEEP_AFTER_S, limit):
        if clock.now() - row["created_at"] > GIVE_UP_AFTER:
            await queries.record_failure(db, row["id"], MessageStatus.TECHNICAL_FAILURE, "not handed off within a day")
            continue
        queued += await schedule_send(redis, row["id"], 0, row["attempts"])
    return queued


# --- sign-in codes -------------------------------------------------------------------------------------

SMS_UNAVAILABLE = Problem(
    503,
    "sms_unavailable",
    Text("Chưa gửi được tin nhắn", "The text message was not sent"),
    Text(
        "Hệ thống chưa gửi được tin nhắn SMS. Hãy thử lại sau ít phút.",
        "The system could not send the text message. Please try again in a few minutes.",
    ),
)


class SignInCodes(SmsSender):
    """Sign-in codes for accounts, sent at once through the same gateways (urgent: no quiet hours, no cap).
    The stored copy is masked, so the code is in no table and no log; if no gateway takes it, the person is
    asked to try again."""

    def __init__(self, db: asyncpg.Pool, carriers: Carriers, settings: Settings) -> None:
        self.db, self.carriers, self.settings = db, carriers, settings

    async def send_code(self, phone: str, code: str, lang: Lang) -> None:
        await send_sign_in_code(self.db, self.carriers, self.settings, phone, code, lang)


async def send_sign_in_code(
    db: asyncpg.Pool, carriers: Carriers, settings: Settings, phone: str, code: str, lang: Lang
) -> None:
    text = templates.render(Kind.SIGN_IN_CODE, {"code": code}, lang, unicode=settings.sms_unicode).sms
    now = clock.now()
    message_id = new_id()
    await queries.insert_message(db, {
        "id": message_id, "outbox_id": None, "citizen_id": None, "dossier_id": None, "channel": Channel.SMS.value,
        "kind": Kind.SIGN_IN_CODE.value, "phone": phone, "subscription_id": None, "language": lang,
        "body": text.replace(code, MASK), "urgent": True, "changed_at": now, "send_after": now,
    })
    message = await queries.message(db, message_id)
    if await _deliver_sms(db, carriers, settings, message, text) is not None:
        await queries.record_failure(db, message_id, MessageStatus.TECHNICAL_FAILURE, "no gateway took the code")
        raise SMS_UNAVAILABLE


# --- receipts ------------------------------------------------------------------------------------------

async def record_receipts(db: asyncpg.Pool, provider: str, receipts: list[Receipt]) -> int:
    """Apply a gateway's delivery reports; a repeated or late one changes nothing. Returns how many applied."""
    applied = 0
    for receipt in receipts:
        failure = None if receipt.status == "delivered" else receipt.detail
        applied += await queries.apply_receipt(
            db, provider, receipt.reference, _message_id(receipt.dedupe_key), receipt.status, failure
        )
    return applied


def _message_id(dedupe_key: str | None) -> UUID | None:
    try:
        return UUID(dedupe_key) if dedupe_key else None
    except ValueError:
        return None


# --- people's choices ----------------------------------------------------------------------------------

async def preferences(db: asyncpg.Pool, citizen_id: UUID) -> Preferences:
    off = await queries.disabled_channels(db, citizen_id)
    return Preferences(sms=Channel.SMS not in off, push=Channel.PUSH not in off)


async def set_preferences(db: asyncpg.Pool, citizen_id: UUID, data: PreferencesInput) -> Preferences:
    async with db.acquire() as conn, conn.transaction():
        await queries.set_preference(conn, citizen_id, Channel.SMS.value, data.sms)
        await queries.set_preference(conn, citizen_id, Channel.PUSH.value, data.push)
    return Preferences(sms=data.sms, push=data.push)


async def subscribe(db: asyncpg.Pool, citizen_id: UUID, data: SubscriptionInput) -> Subscribed:
    subscription_id = await queries.upsert_subscription(
        db, new_id(), citizen_id, data.endpoint, data.keys.p256dh, data.keys.auth
    )
    return Subscribed(id=subscription_id)


async def unsubscribe(db: asyncpg.Pool, citizen_id: UUID, endpoint: str) -> None:
    await queries.delete_subscription(db, citizen_id, endpoint)


async def messages_of_dossier(conn: asyncpg.Connection | asyncpg.Pool, dossier_id: UUID, lang: Lang) -> list[MessageView]:
    """What the citizen was sent about the dossier and whether it arrived (the caller checked ownership)."""
    views = []
    for row in await queries.messages_of_dossier(conn, dossier_id):
        channel, status = Channel(row["channel"]), MessageStatus(row["status"])
        text = row["body"] if channel == Channel.SMS else json.loads(row["body"])["body"]
        views.append(MessageView(
            id=row["id"], channel=channel, channel_text=CHANNEL_WORDS[channel][lang], status=status,
            status_text=STATUS_WORDS[status][lang], text=text, created_at=row["created_at"],
            sent_at=row["sent_at"], delivered_at=row["delivered_at"],
        ))
    return views


async def refresh_metrics(db: asyncpg.Pool) -> None:
    MESSAGES.clear()
    for row in await queries.message_counts(db):
        MESSAGES.labels(row["channel"], row["provider"] or "", row["status"]).set(row["count"])
    HANDED_OFF_IN_TIME.clear()
    for row in await queries.handed_off_in_time(db, timedelta(hours=1), timedelta(seconds=10)):
        HANDED_OFF_IN_TIME.labels(row["channel"]).set(row["ratio"])
