"""What an outbox row becomes: one message per channel and device, as the person chose, except the notices the
law requires; held through quiet hours and past the daily cap; made once however often the job runs."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from uuid import UUID

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from backend import clock
from backend.ids import new_id
from backend.notifications import outbox, service
from backend.settings import Settings, SettingsError
from tests.support import BIRTH_REGISTRATION, PushSubscriber, SignedIn, new_draft


async def _change(db: asyncpg.Pool, dossier: dict, to_state: str, **extra: str) -> UUID:
    """An outbox row as a move of the dossier writes it (which move does not matter here)."""
    citizen_id = await db.fetchval("select citizen_id from dossiers where id = $1", UUID(dossier["id"]))
    async with db.acquire() as conn, conn.transaction():
        await outbox.add(conn, outbox.Kind.STATUS_CHANGED, {"id": UUID(dossier["id"]), "citizen_id": citizen_id}, {
            "code": "000.00.06.H56-261130-0001", "to_state": to_state, "note": None, **extra,
        })
        return await conn.fetchval("select id from outbox where citizen_id = $1 order by id desc limit 1", citizen_id)


@pytest.fixture
async def dossier(client: AsyncTestClient, citizen: SignedIn) -> dict:
    return await new_draft(client, citizen, BIRTH_REGISTRATION)


async def _channels(db: asyncpg.Pool, outbox_id: UUID) -> list[str]:
    return [r["channel"] for r in await db.fetch("select channel from messages where outbox_id = $1 order by channel", outbox_id)]


async def test_sms_off_keeps_the_notices_the_law_requires_and_push_goes_to_every_device(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, dossier: dict,
) -> None:
    for device in range(2):  # two browsers; nothing is sent here, so their push service need not exist
        browser = PushSubscriber(endpoint=f"https://push.example/{device}/{new_id()}")
        answer = await client.post("/api/me/push-subscriptions", json=browser.subscription(), headers=citizen.headers())
        assert answer.status_code == 201, answer.text

    answer = await client.put("/api/me/notification-preferences", json={"sms": False, "push": True}, headers=citizen.headers())
    assert answer.json() == {"sms": False, "push": True, "sms_required_notices": True}
    assert (await client.get("/api/me/notification-preferences", headers=citizen.headers())).json()["sms"] is False

    processing = await _change(db, dossier, "processing")
    received = await _change(db, dossier, "received", due_date="2026-12-14")
    for row in (processing, received):
        await service.fan_out(db, settings, row)
    assert await _channels(db, processing) == ["push", "push"]
    assert await _channels(db, received) == ["push", "push", "sms"]

    await client.put("/api/me/notification-preferences", json={"sms": True, "push": False}, headers=citizen.headers())
    result = await _change(db, dossier, "result_ready")
    await service.fan_out(db, settings, result)
    assert await _channels(db, result) == ["sms"]


async def test_a_fan_out_run_twice_makes_its_messages_once_and_silent_steps_make_none(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, dossier: dict,
) -> None:
    row = await _change(db, dossier, "processing")
    first = await service.fan_out(db, settings, row)
    again = await service.fan_out(db, settings, row)
    assert len(first) == 1 and again == first
    assert await db.fetchval("select fanned_out_at is not null from outbox where id = $1", row)

    silent = await _change(db, dossier, "pending_approval")
    assert await service.fan_out(db, settings, silent) == []
    assert await _channels(db, silent) == []
    assert await db.fetchval("select fanned_out_at is not null from outbox where id = $1", silent)


QUIET = (time(22), time(6))  # QUIET_HOURS' default


@pytest.mark.parametrize(("local", "held_until"), [
    ("2026-11-30 21:59", None),
    ("2026-11-30 22:00", "2026-12-01 06:00"),
    ("2026-12-01 03:15", "2026-12-01 06:00"),
    ("2026-12-01 06:00", None),
])
def test_quiet_hours_run_from_ten_at_night_to_six_in_the_morning_in_vietnam(local: str, held_until: str | None) -> None:
    at = datetime.fromisoformat(local).replace(tzinfo=clock.VIETNAM)
    expected = datetime.fromisoformat(held_until).replace(tzinfo=clock.VIETNAM) if held_until else None
    assert service.quiet_until(at, QUIET) == expected
    assert service.quiet_until(at, None) is None  # QUIET_HOURS=off


def test_quiet_hours_within_one_day_and_the_setting() -> None:
    afternoon = (time(12), time(14))
    assert service.quiet_until(datetime(2026, 12, 1, 13, 0, tzinfo=clock.VIETNAM), afternoon) == datetime(
        2026, 12, 1, 14, 0, tzinfo=clock.VIETNAM)
    assert service.quiet_until(datetime(2026, 12, 1, 23, 0, tzinfo=clock.VIETNAM), afternoon) is None
    base = {"DATABASE_URL": "postgresql://x", "REDIS_URL": "redis://x"}
    assert Settings.from_env(base).quiet_span == QUIET
    assert Settings.from_env(base | {"QUIET_HOURS": "off"}).quiet_span is None
    for bad in ("22-06", "22:00", "22:00-6:00", "never"):
        with pytest.raises(SettingsError, match="QUIET_HOURS"):
            Settings.from_env(base | {"QUIET_HOURS": bad})


def test_a_day_opens_when_its_quiet_hours_end() -> None:
    assert service.day_opens(date(2026, 12, 2), QUIET) == datetime(2026, 12, 2, 6, 0, tzinfo=clock.VIETNAM)
    assert service.day_opens(date(2026, 12, 2), None) == datetime(2026, 12, 2, 0, 0, tzinfo=clock.VIETNAM)


async def test_past_the_daily_cap_an_sms_waits_for_the_next_morning(
    client: AsyncTestClient, db: asyncpg.Pool, settings: Settings, citizen: SignedIn, dossier: dict,
) -> None:
    # The run's own cap: a live worker started by other tests may fan these rows out first, with the same settings.
    cap = settings.sms_daily_cap
    rows = [await _change(db, dossier, "processing") for _ in range(cap + 1)]
    for row in rows:
        await service.fan_out(db, settings, row)
    waits = {row: await db.fetchval("select send_after from messages where outbox_id = $1", row) for row in rows}
    # Which of them is counted last depends on who fanned it out first (this test or a live worker): count days.
    days = sorted(wait.astimezone(clock.VIETNAM).date() for wait in waits.values())
    assert days[:cap] == [days[0]] * cap, "the cap fits in one day"
    [late] = [row for row, wait in waits.items() if wait.astimezone(clock.VIETNAM).date() > days[0]]
    assert waits[late] == service.day_opens(days[0] + timedelta(days=1), settings.quiet_span)
    # A held message is not handed off before its time: the worker leaves it to the sweeper.
    held = await db.fetchval("select id from messages where outbox_id = $1", late)
    assert await service.deliver(db, client.app.state.carriers, settings, held) is None
    assert await db.fetchval("select status from messages where id = $1", held) == "created"


async def test_the_admin_previews_every_template_in_both_languages_with_its_segments(
    client: AsyncTestClient, admin: SignedIn,
) -> None:
    answer = await client.get("/api/admin/notification-templates", headers=admin.headers())
    assert answer.status_code == 200, answer.text
    previews = answer.json()
    assert {(p["kind"], p["language"]) for p in previews} >= {
        ("dossier.status_changed", "vi"), ("dossier.status_changed", "en"), ("dossier.apology", "vi"),
        ("account.sign_in_code", "en"),
    }
    received = next(p for p in previews if p["sample"].get("to_state") == "received" and p["language"] == "vi")
    assert received["push_title"] == "Hồ sơ đã được tiếp nhận" and "03/11/2023" in received["sms"]
    assert received["legally_required"] is True
    assert all(p["sms_segments"] == 1 for p in previews)
    assert all(p["sms_unicode_segments"] >= 1 for p in previews)


async def test_metrics_count_messages_by_channel_provider_and_status(client: AsyncTestClient, db: asyncpg.Pool) -> None:
    text = (await client.get("/metrics")).text
    for channel, provider, status, count in await db.fetch(
        "select channel, coalesce(provider, ''), status, count(*) from messages group by 1, 2, 3"
    ):
        assert f'motcua_messages{{channel="{channel}",provider="{provider}",status="{status}"}} {float(count)}' in text
