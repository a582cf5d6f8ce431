"""How fast messages leave: fan-out throughput per worker process, and the time from a dossier's change
to the provider's hand-off at a steady rate of changes (issue 12's acceptance: p95 ≤ 1 s at 50 changes/s).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \\
        .venv/bin/python bench/notifications.py [--messages 10000] [--workers 1 2] [--rate 50] [--seconds 30]
        [--profile DIR]

It makes a scratch database on DATABASE_URL's server (migrated, demo data loaded), starts the eSMS and
ePacific simulators and the local push service (`python -m sandbox`), and `python -m workers` processes
configured as the tests' live worker (tests/support.py live_env). No API runs: the gateways' delivery
receipts go to a small sink in this process that answers 200 and counts them.

Throughput (once per --workers count): N citizens, each with one dossier and one push subscription on
the local push service (one P-256 key pair serves all), and one outbox row each, so that the fan-out
makes N SMS and N pushes. The rows are inserted by one SQL statement (the columns `outbox.add` writes;
the trigger wakes the workers per row at commit): `outbox.add` is one round trip per row, and at 10,000
rows the bench's own inserting on these 2 cores would be counted as the workers' time. Measured from
just before the insert until the last message has its `sent_at` (a provider took it), by the
database's clock: messages per second in all and per worker process, and the workers' CPU seconds.

Latency: --rate real officer moves a second for --seconds (`processing.moves.act`, request_supplement
on submitted dossiers, each in its own transaction as the API makes it, so `outbox.add` writes the row
and its commit fires the NOTIFY), with one worker process. Per channel, p50/p95/p99 of `sent_at -
changed_at` (changed_at is the outbox row's time), split into change → message made (wake-up, queue,
fan-out) and message made → handed off. --profile DIR runs that worker under cProfile and writes
DIR/worker.prof (the worker writes it when it stops).

It prints the machine (cores, load average before and after each part), the figures, and what the
simulators counted (accepted, duplicate request ids refused). It asserts nothing. Quiet hours
(22:00–06:00 in Vietnam) hold non-urgent SMS until morning, so it declines to run then.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from backend import clock  # noqa: E402
from backend.accounts.audit import Origin  # noqa: E402
from backend.agency_codes import department_code  # noqa: E402
from backend.accounts.guards import Principal  # noqa: E402
from backend.accounts.schemas import Role  # noqa: E402
from backend.db import create_pool  # noqa: E402
from backend.ids import new_id  # noqa: E402
from backend.notifications.outbox import Kind  # noqa: E402
from backend.processing import moves  # noqa: E402
from backend.processing.schemas import ActionInput  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.storage import LocalStorage  # noqa: E402
from tests.support import (  # noqa: E402
    CRIMINAL_RECORD, DEMO, GATEWAY_PORTS, RUN_ID, PushSubscriber, base_url, free_port, live_env, migrated_and_seeded,
    scratch_database, start_sandbox,
)

RECEPTION = DEMO[Role.RECEPTION_OFFICER.value][0]  # the service centre's desk, which receives for agency 06
DEPARTMENT = "06"  # Sở Tư pháp, whose procedure CRIMINAL_RECORD is
DEADLINE_S = 900.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# --- the delivery receipts' sink -----------------------------------------------------------------------

class ReceiptSink:
    """Answers every HTTP request 200 (keep-alive) and counts them: where the gateways post receipts."""

    def __init__(self) -> None:
        self.count = 0

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
                    0,
                )
                await reader.readexactly(length)
                self.count += 1
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[str]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.close()


# --- worker processes ----------------------------------------------------------------------------------

@dataclass
class Workers:
    processes: list[asyncio.subprocess.Process]

    def cpu_seconds(self) -> float:
        """User + system CPU of the worker processes so far (/proc/<pid>/stat, fields 14 and 15)."""
        total = 0
        for process in self.processes:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / CLOCK_TICKS


@asynccontextmanager
async def started_workers(
    db: asyncpg.Pool, settings: Settings, sink_url: str, count: int, log: Path, profile: Path | None = None
) -> AsyncIterator[Workers]:
    """`count` × `python -m workers`, yielded once each listens for outbox rows; stopped with SIGTERM."""
    env = live_env(settings, PUBLIC_URL=sink_url)
    command = ["-m", "cProfile", "-o", str(profile), "-m", "workers"] if profile else ["-m", "workers"]
    with log.open("ab") as output:
        processes = [
            await asyncio.create_subprocess_exec(sys.executable, *command, cwd=ROOT, env=env, stdout=output, stderr=output)
            for _ in range(count)
        ]
    try:
        deadline = time.monotonic() + 60
        while await _listeners(db) < count:
            if time.monotonic() > deadline or any(p.returncode is not None for p in processes):
                raise RuntimeError(f"the workers did not start; see {log}")
            await asyncio.sleep(0.1)  # polling for start-up, not timing a behaviour
        yield Workers(processes)
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            await process.wait()


async def _listeners(db: asyncpg.Pool) -> int:
    return await db.fetchval(
        "select count(*) from pg_stat_activity where datname = current_database() and query like 'LISTEN%motcua_outbox%'"
    )


# --- data ----------------------------------------------------------------------------------------------

def phones(batch: int, count: int) -> list[str]:
    """E.164 numbers of one batch, none ending in the simulators' magic 990–993 (failures, a slow gateway)."""
    return [f"+8490{batch}{(i // 990) * 1000 + i % 990:06d}" for i in range(count)]


async def citizens_with_dossiers(
    db: asyncpg.Pool, settings: Settings, push_url: str, browser: PushSubscriber, batch: int, count: int, state: str
) -> list[UUID]:
    """`count` citizens (one in ten reads English), each with a push subscription and one dossier in `state`
    at the department of justice; returns the dossiers' ids."""
    citizen_ids = [new_id() for _ in range(count)]
    dossier_ids = [new_id() for _ in range(count)]
    version = await db.fetchval(
        "select id from procedure_versions where procedure_code = $1 order by created_at desc limit 1", CRIMINAL_RECORD
    )
    today = clock.today()
    agency = department_code(settings.demo_province_code, DEPARTMENT)
    async with db.acquire() as conn, conn.transaction():
        await conn.execute(
            "insert into citizens (id, phone, full_name, language) select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])",
            citizen_ids, phones(batch, count), ["Nguyễn Thị Lan"] * count, ["en" if i % 10 == 0 else "vi" for i in range(count)],
        )
        await conn.execute(
            "insert into push_subscriptions (id, citizen_id, endpoint, p256dh, auth) "
            "select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[])",
            [new_id() for _ in range(count)], citizen_ids,
            [f"{push_url}/push/bench-{batch}-{i}" for i in range(count)], [browser.p256dh] * count, [browser.auth] * count,
        )
        received = state == "received"
        await conn.execute(
            """
            insert into dossiers (id, code, procedure_version_id, procedure_code, agency_code, citizen_id, state,
                                  submitted_at, received_at, due_date)
            select id, code, $3, $4, $5, citizen_id, $6, now(), case when $7 then now() end,
                   case when $7 then current_date + 14 end
            from unnest($1::uuid[], $2::uuid[], $8::text[]) as d(id, citizen_id, code)
            """,
            dossier_ids, citizen_ids, version, CRIMINAL_RECORD, agency, state, received,
            [f"{agency}-{today:%y%m%d}-{batch}{i:05d}" for i in range(count)],
        )
    return dossier_ids


async def insert_outbox_rows(db: asyncpg.Pool, dossier_ids: list[UUID], due: date) -> None:
    """One 'received' change per dossier, as `outbox.add` writes it, in one statement and one transaction."""
    await db.execute(
        """
        insert into outbox (id, kind, dossier_id, citizen_id, payload)
        select o.id, $3, d.id, d.citizen_id,
               jsonb_build_object('code', d.code, 'to_state', 'received', 'note', null, 'due_date', $4::text)
        from unnest($1::uuid[], $2::uuid[]) as o(id, dossier_id) join dossiers d on d.id = o.dossier_id
        """,
        [new_id() for _ in dossier_ids], dossier_ids, Kind.STATUS_CHANGED.value, due.isoformat(),
    )


# --- measuring -----------------------------------------------------------------------------------------

async def wait_handed_off(db: asyncpg.Pool, since: object, expected: int) -> int:
    """Until `expected` messages of changes since `since` have been taken by a provider (or the deadline)."""
    deadline = time.monotonic() + DEADLINE_S
    while True:
        done = await db.fetchval("select count(*) from messages where changed_at >= $1 and sent_at is not null", since)
        if done >= expected or time.monotonic() > deadline:
            return done
        await asyncio.sleep(0.5)  # polling for the end, not timing a behaviour


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min)"


async def throughput(
    db: asyncpg.Pool, settings: Settings, sink_url: str, push_url: str, browser: PushSubscriber, batch: int, count: int,
    worker_count: int, log: Path,
) -> None:
    dossier_ids = await citizens_with_dossiers(db, settings, push_url, browser, batch, count, "received")
    print(f"\nThroughput, {worker_count} worker process(es): {count} changes → {count} SMS + {count} push")
    print(f"  before: {load()}")
    async with started_workers(db, settings, sink_url, worker_count, log) as workers:
        cpu_before = workers.cpu_seconds()
        started = await db.fetchval("select clock_timestamp()")
        await insert_outbox_rows(db, dossier_ids, clock.today() + timedelta(days=14))
        done = await wait_handed_off(db, started, 2 * count)
        cpu = workers.cpu_seconds() - cpu_before
    row = await db.fetchrow(
        """
        select max(sent_at) - $1 as elapsed, count(*) filter (where channel = 'sms') as sms,
               count(*) filter (where channel = 'push') as push, count(*) filter (where attempts > 1) as retried
        from messages where changed_at >= $1 and sent_at is not null
        """,
        started,
    )
    elapsed = row["elapsed"].total_seconds()
    print(f"  handed off {done} of {2 * count} ({row['sms']} SMS, {row['push']} push; {row['retried']} needed a retry)"
          f" in {elapsed:.1f} s")
    print(f"  {done / elapsed:.0f} messages/s in all, {done / elapsed / worker_count:.0f} per worker process;"
          f" workers' CPU {cpu:.1f} s ({done / cpu:.0f} messages per CPU-second)")
    print(f"  after: {load()}")


async def latency(
    db: asyncpg.Pool, settings: Settings, sink_url: str, push_url: str, browser: PushSubscriber, batch: int, rate: float,
    seconds: float, log: Path, profile: Path | None,
) -> None:
    count = int(rate * seconds)
    dossier_ids = await citizens_with_dossiers(db, settings, push_url, browser, batch, count, "submitted")
    staff = await db.fetchrow("select * from staff_users where username = $1", RECEPTION)
    officer = Principal(
        kind="staff", id=staff["id"], role=Role.RECEPTION_OFFICER, label=staff["username"],
        display_name=staff["full_name"], agency_code=staff["agency_code"],
    )
    origin = Origin(ip="127.0.0.1", user_agent="bench/notifications.py")
    request = ActionInput(lock_version=1, note="Bản sao CCCD bị mờ, không đọc được số.", missing=["Bản sao CCCD"])
    print(f"\nLatency, 1 worker process: {rate:g} officer moves/s for {seconds:g} s ({count} changes, request_supplement)")
    print(f"  before: {load()}")
    with tempfile.TemporaryDirectory() as storage_dir:
        storage = LocalStorage(storage_dir)
        async with started_workers(db, settings, sink_url, 1, log, profile):
            started = await db.fetchval("select clock_timestamp()")
            loop = asyncio.get_running_loop()
            first = loop.time() + 0.5
            late: list[float] = []

            async def move_at(i: int, dossier_id: UUID) -> None:
                await asyncio.sleep(max(0.0, first + i / rate - loop.time()))
                late.append(loop.time() - (first + i / rate))
                await moves.act(db, storage, settings, officer, dossier_id, "request_supplement", request, origin, "vi")

            await asyncio.gather(*(move_at(i, d) for i, d in enumerate(dossier_ids)))
            print(f"  moves made in {loop.time() - first:.1f} s (a move started at most {max(late) * 1000:.0f} ms late)")
            done = await wait_handed_off(db, started, 2 * count)
        print(f"  after: {load()}")
    print(f"  handed off {done} of {2 * count}")
    rows = await db.fetch(
        """
        select channel, count(*) as n,
            percentile_cont(array[0.5, 0.95, 0.99]) within group (order by extract(epoch from sent_at - changed_at)) as total,
            percentile_cont(array[0.5, 0.95, 0.99]) within group (order by extract(epoch from created_at - changed_at)) as made,
            percentile_cont(array[0.5, 0.95, 0.99]) within group (order by extract(epoch from sent_at - created_at)) as sent,
            max(extract(epoch from sent_at - changed_at)) as worst
        from messages where changed_at >= $1 and sent_at is not null group by channel order by channel
        """,
        started,
    )
    print(f"  {'':6} {'n':>5}  {'change → hand-off p50/p95/p99':>30}  {'→ message made':>20}  {'made → hand-off':>20}  {'max':>6}")
    for row in rows:
        print(f"  {row['channel']:6} {row['n']:5}  {_ms(row['total']):>30}  {_ms(row['made']):>20}  {_ms(row['sent']):>20}"
              f"  {row['worst'] * 1000:5.0f}")
    print("  (milliseconds)")


def _ms(values: list[float]) -> str:
    return "/".join(f"{v * 1000:.0f}" for v in values)


async def simulator_counts(urls: dict[str, str], receipts: int) -> None:
    print("\nWhat the simulators counted:")
    async with httpx.AsyncClient() as http:
        for name, url in urls.items():
            print(f"  {name:9} {(await http.get(f'{url}/_sandbox/stats')).json()}")
    print(f"  receipts posted back: {receipts}")


# --- the run -------------------------------------------------------------------------------------------

async def main(args: argparse.Namespace) -> None:
    print(f"Machine: {os.cpu_count()} cores, {load()}; Python {sys.version.split()[0]}")
    async with AsyncExitStack() as stack:
        database_url = await stack.enter_async_context(scratch_database(f"motcua_bench_notify_{RUN_ID}"))
        # The workers make their development VAPID pair beside STORAGE_DIR: in this scratch folder too.
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        settings = Settings(
            database_url=database_url, redis_url=base_url("REDIS_URL"), redis_prefix=f"motcua-bench-{RUN_ID}",
            environment="test", storage_dir=str(scratch / "storage"),
        )
        await migrated_and_seeded(settings)
        sink = ReceiptSink()
        sink_url = await stack.enter_async_context(sink.running())
        urls = {
            "eSMS": await stack.enter_async_context(start_sandbox("esms", GATEWAY_PORTS["esms"])),
            "ePacific": await stack.enter_async_context(start_sandbox("epacific", GATEWAY_PORTS["epacific"])),
            "push": await stack.enter_async_context(start_sandbox("push", free_port())),
        }
        db = await create_pool(settings)
        stack.push_async_callback(db.close)
        OUT.mkdir(exist_ok=True)
        log = OUT / f"notifications-workers-{RUN_ID}.log"
        browser = PushSubscriber()
        for batch, worker_count in enumerate(args.workers, start=1):
            await throughput(db, settings, sink_url, urls["push"], browser, batch, args.messages, worker_count, log)
        profile = Path(args.profile).resolve() / "worker.prof" if args.profile else None
        await latency(db, settings, sink_url, urls["push"], browser, 9, args.rate, args.seconds, log, profile)
        if profile:
            print(f"  cProfile of that worker: {profile}")
        await simulator_counts(urls, sink.count)
        warnings = log.read_text(errors="replace").splitlines() if log.exists() else []
        print(f"\nWorkers' log ({log}): {len(warnings)} lines" + "".join(f"\n  {line[:200]}" for line in warnings[-5:]))


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000, help="changes in the throughput part (each: 1 SMS + 1 push)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker processes, one throughput run each")
    parser.add_argument("--rate", type=float, default=50.0, help="changes per second in the latency part")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the latency part makes changes")
    parser.add_argument("--profile", help="a directory: run the latency part's worker under cProfile")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
