"""The public dashboard with a million dossiers: how long the summary takes to refresh, and how fast the dashboard
answers from it.

    DATABASE_URL=… REDIS_URL=… .venv/bin/python bench/dashboard.py [--dossiers 1000000] [--requests 500]

On a scratch database on DATABASE_URL's server (migrated, demo data loaded; dropped afterwards) it writes the
dossiers with generate_series: received over the three years before today across every demo agency and procedure,
nine in ten filed online, seven in ten with a ready page for every required paper, four in five resolved
(early, on time or late against a statutory due date 1–15 days after reception), half with a fee paid by VNPay,
bank transfer or cash, one in three resolved rated the day after. Then it refreshes the summary in full and its
recent days (the worker's cron), printing each time, and asks the dashboard (the app in process, through Litestar's
test client, nothing cached in between) for a month, a quarter, a year, one agency's year and the year's CSV,
`--requests` times each: p50/p99/max.
Last it prints the figures of the latest full month. The target: under 50 ms p99.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import asyncpg
from litestar.testing import AsyncTestClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.app import create_app  # noqa: E402
from backend.clock import VIETNAM, today  # noqa: E402
from backend.settings import Settings  # noqa: E402
from backend.stats.service import refresh_dashboard, refresh_recent_days  # noqa: E402
from tests.support import RUN_ID, base_url, migrated_and_seeded, scratch_database  # noqa: E402

SEED = """
with agencies as (select array_agg(code order by code) as codes from agencies),
     versions as (select array_agg(v.id order by p.code) as ids, array_agg(p.code order by p.code) as codes
                  from procedures p join procedure_versions v on v.id = p.current_version_id),
     generated as (
        select i, a.codes[(1 + (i * 7919) % array_length(a.codes, 1))::int] as agency_code,
               (1 + (i * 104729) % array_length(v.ids, 1))::int as version_at, v.ids, v.codes,
               -- Received at a working hour of one of the last 1,095 days.
               (($1::date - (i % 1095)::int) + time '07:30' + ((i * 37) % 540) * interval '1 minute')
                   at time zone $2 as received_at,
               (1 + (i * 13) % 15)::int as due_in, ((i * 17) % 21)::int as resolved_in
        from generate_series(1, $3::bigint) as i, agencies a, versions v
     )
insert into dossiers (id, code, procedure_version_id, procedure_code, agency_code, citizen_id, state, channel,
                      submitted_at, received_at, statutory_due_date, due_date, resolved_at)
select gen_random_uuid(), 'BENCH-' || i, ids[version_at], codes[version_at], agency_code, $4,
       case when i % 5 = 0 then 'processing' else 'result_ready' end,
       case when i % 10 = 0 then 'counter' else 'online' end,
       received_at - interval '1 day', received_at,
       (received_at at time zone $2)::date + due_in, (received_at at time zone $2)::date + due_in,
       case when i % 5 <> 0 then received_at + resolved_in * interval '1 day' end
from generated
"""

PAGES = """
insert into pages (id, dossier_id, document_code, position, status, original_key, original_bytes)
select gen_random_uuid(), d.id, paper->>'code', 0, 'ready', 'bench', 1
from dossiers d join procedure_versions v on v.id = d.procedure_version_id
cross join jsonb_array_elements(v.documents) paper
where d.code like 'BENCH-%' and (hashtext(d.code) & 2147483647) % 10 < 7
  and coalesce((paper->>'required')::boolean, true)
"""

PAYMENTS = """
insert into payments (id, dossier_id, stage, reference, amount, items, state, channel, paid_at)
select gen_random_uuid(), d.id, 'submission', d.code, 25000, '[]', 'paid',
       (array['vnpay', 'vietqr', 'cash'])[1 + (hashtext(d.code) & 2147483647) % 3], d.received_at - interval '1 hour'
from dossiers d where d.code like 'BENCH-%' and (hashtext(d.code) & 2147483647) % 2 = 0
"""

# One rating in three resolved dossiers, given the day after the result: nine criteria and an overall from the code.
RATINGS = """
insert into ratings (agency_code, rated_on, scores, overall)
select d.agency_code, (d.resolved_at at time zone $1)::date + 1,
       array(select (h >> (2 * c)) % 3 from generate_series(0, 8) c), 1 + h % 5
from (select agency_code, resolved_at, hashtext(code) & 2147483647 as h from dossiers
      where code like 'BENCH-%' and resolved_at is not null) d
where d.h % 3 = 0
"""

QUESTIONS = [
    ("a month, every agency", "/api/stats/dashboard", "month"),
    ("a quarter, every agency", "/api/stats/dashboard", "quarter"),
    ("a year, every agency", "/api/stats/dashboard", "year"),
    ("a year, one agency", "/api/stats/dashboard", "agency"),
    ("a year, every agency, CSV", "/api/stats/dashboard.csv", "year"),
]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=500)
    return parser.parse_args()


async def timed(what: str, work) -> float:  # noqa: ANN001 (an awaitable)
    started = time.perf_counter()
    result = await work
    took = time.perf_counter() - started
    print(f"{what:58} {took:8.1f} s" + (f"  ({result})" if isinstance(result, str) else ""))
    return took


async def seed_dossiers(database_url: str, count: int) -> None:
    conn = await asyncpg.connect(database_url)
    try:
        citizen = await conn.fetchval("insert into citizens (id, phone) values (gen_random_uuid(), '+84900000001') returning id")
        await timed(f"{count:,} dossiers written", conn.execute(SEED, today(), VIETNAM.key, count, citizen))
        await timed("a ready page for each required paper of 7 in 10", conn.execute(PAGES))
        await timed("a paid fee for 1 in 2 (VNPay, transfer, cash)", conn.execute(PAYMENTS))
        await timed("a rating for 1 in 3 resolved", conn.execute(RATINGS, VIETNAM.key))
        await timed("vacuum analyze", conn.execute("vacuum analyze"))
    finally:
        await conn.close()


def periods(last_month: date) -> dict[str, dict[str, str]]:
    quarter = (last_month.month - 1) // 3 + 1
    return {
        "month": {"period": f"{last_month:%Y-%m}"},
        "quarter": {"period": f"{last_month.year}-Q{quarter}"},
        "year": {"period": f"{last_month.year}"},
        "agency": {"period": f"{last_month.year}", "agency": ""},
    }


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def measure(client: AsyncTestClient, requests: int, asked: dict[str, dict[str, str]]) -> None:
    print(f"\n{'question':36} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'bytes':>8}")
    for label, path, key in QUESTIONS:
        samples, size = [], 0
        for _ in range(requests):
            started = time.perf_counter()
            response = await client.get(path, params=asked[key])
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
            size = len(response.content)
        print(f"{label:36} {statistics.median(samples):8.1f} {percentile(samples, 0.99):8.1f} {max(samples):8.1f} {size:8}")


def print_figures(body: dict) -> None:
    total = body["total"]
    print(f"\nfigures of {body['period']} ({body['first_day']} … {body['last_day']}), {len(body['agencies'])} agencies:")
    for key in ("received", "received_online", "online_pct", "received_digitised", "digitised_pct", "resolved",
                "resolved_early", "resolved_on_time", "resolved_late", "early_pct", "on_time_pct", "late_pct",
                "paid", "paid_online", "paid_online_pct", "ratings", "satisfaction_pct", "overall_average"):
        print(f"  {key:20} {total[key]}")
    busiest = max(body["agencies"], key=lambda a: a["received"])
    print(f"  busiest agency: {busiest['agency_name']} ({busiest['agency_code']}): {busiest['received']} received, "
          f"on time or early {(busiest['early_pct'] or 0) + (busiest['on_time_pct'] or 0):.1f} %")


async def main(args: argparse.Namespace) -> None:
    async with scratch_database(f"motcua_bench_dashboard_{RUN_ID}") as database_url:
        with tempfile.TemporaryDirectory() as storage:
            settings = Settings(
                database_url=database_url, redis_url=base_url("REDIS_URL"), redis_prefix=f"motcua-bench-{RUN_ID}",
                environment="test", storage_dir=storage,
            )
            await migrated_and_seeded(settings)
            await seed_dossiers(database_url, args.dossiers)
            db = await asyncpg.create_pool(database_url, min_size=1, max_size=2)
            try:
                await timed("summary refreshed in full", refresh_dashboard(db, None))
                await timed("summary's recent days refreshed (the cron)", refresh_recent_days(db))
                await timed("... and again (nothing changed)", refresh_recent_days(db))
                rows = await db.fetchval("select count(*) from stats_agency_days")
                print(f"summary rows: {rows:,}")
                busiest = await db.fetchval(
                    "select agency_code from stats_agency_days group by 1 order by sum(received) desc limit 1"
                )
            finally:
                await db.close()
            last_month = today().replace(day=1) - timedelta(days=1)
            asked = periods(last_month)
            asked["agency"]["agency"] = busiest
            async with AsyncTestClient(create_app(settings)) as client:
                await measure(client, args.requests, asked)
                print_figures((await client.get("/api/stats/dashboard", params=asked["month"])).json())


if __name__ == "__main__":
    asyncio.run(main(arguments()))
