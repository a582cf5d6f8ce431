"""A province's busiest day in seconds: simulated phones filing dossiers against `just up`-style processes.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 \\
        .venv/bin/python bench/submissions.py [--phones 8 32] [--api 1] [--workers 1] [--seconds 30] [--s3]

What runs: a scratch database on DATABASE_URL's server (migrated, demo data loaded), the eSMS and ePacific
simulators (the sign-in codes travel the production path), the API under granian with `--workers N` (--api) and
M × `python -m workers` (--workers), each a process of its own with a Redis prefix of its own; with --s3, photos go
to SeaweedFS (scripts/devservices.py's EmbeddedSeaweed, `STORAGE_URL` as `just up` sets it) instead of a folder, and
its CPU is counted as a group of its own.

Each phone signs in (a code by SMS, read from the simulator's inbox), saves its profile, then files dossiers one
after another until the time is up: save a draft (birth registration, three required papers), upload 3 pages as
the PWA sends them (a 1200×1600 photo of a paper with sensor noise, WebP at quality 0.82 as the PWA's canvas
writes it: ~120–170 KB, no metadata), submit with an Idempotency-Key; a 422 `pages_processing` is submitted again
after 1.5 s with the same key, as the PWA does (engine.ts, flushOutbox). Sign-ins happen before the timed part (the
per-address code limit is reset between them); the first third of the time is a warm-up, not counted in dossiers/s.

It prints, per --phones count: sustained dossiers per second over the timed part, p50/p99 of each step
(draft, upload, submit — the last from the first try to the acknowledgement), the page-processing lag (a page's
created_at → processed_at, by the database's clock), CPU milliseconds per dossier of each process group (the API:
granian and its workers; the arq workers with their decoder fork servers and children; the PostgreSQL backends
of the scratch database, from pg_stat_activity; each read from /proc/<pid>/stat, utime + stime of live processes
and cutime + cstime of those they reaped), errors (answers other than 200 and the expected 422), and lost pages
(acknowledged pages not ready at the end, submitted dossiers not in state `submitted`). Before the load it times
where one page's CPU goes in this process (`inspect_upload`, `normalise_page`, and the Pillow stages of a re-encode).
It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
import httpx
import psutil
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

from backend.documents import imaging  # noqa: E402
from backend.ids import new_id  # noqa: E402
from backend.settings import Settings  # noqa: E402
from scripts.devservices import EmbeddedSeaweed  # noqa: E402
from tests.support import (  # noqa: E402
    BIRTH_FORM, BIRTH_REGISTRATION, GATEWAY_PORTS, RUN_ID, free_port, live_env, migrated_and_seeded,
    scratch_database, sign_in_citizen, start_sandbox, wait_ready,
)

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
RESUBMIT_AFTER_S = 1.5  # the PWA's pause before submitting again while photos are processed (engine.ts)
SETTLE_S = 60


# --- the page a phone sends ----------------------------------------------------------------------------

def phone_page(seed: int) -> bytes:
    """A 1200×1600 photo of a paper (text, a red seal, soft sensor-like noise) as the PWA sends it: WebP at 0.82."""
    page = Image.new("RGB", (1200, 1600), (240, 236, 226))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    for y in range(60, 1540, 48):
        draw.text((90, y), f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc {seed}-{y}", fill=(25, 25, 35), font=font)
    draw.ellipse((760, 1150, 1060, 1450), outline=(190, 25, 25), width=10)
    noise = Image.effect_noise((600, 800), 28).resize((1200, 1600), Image.Resampling.BILINEAR).convert("RGB")
    shade = Image.linear_gradient("L").resize((1200, 1600)).convert("RGB")
    photo = Image.blend(Image.blend(page, noise, 0.08), shade, 0.05).filter(ImageFilter.GaussianBlur(0.7))
    out = io.BytesIO()
    photo.save(out, "WEBP", quality=82)
    return out.getvalue()


def stage_timings(photo: bytes, rounds: int = 10) -> None:
    """Where one page's CPU goes, in this process: the API's check, the worker's `normalise_page`, and the
    Pillow stages a re-encode is made of (the decoder's child adds its start-up, seen in the workers' CPU)."""

    def cpu_ms(action) -> float:
        started = time.process_time()
        for _ in range(rounds):
            action()
        return (time.process_time() - started) * 1000 / rounds

    def decoded() -> Image.Image:
        im = Image.open(io.BytesIO(photo))
        im.load()
        return im

    im = decoded()
    page = im.resize((1200, 1600), Image.Resampling.HAMMING)
    thumb = page.resize((240, 320), Image.Resampling.BICUBIC, reducing_gap=1.0)
    stages = {
        "decode": cpu_ms(decoded),
        "page encode (WebP q50 m2)": cpu_ms(lambda: page.save(io.BytesIO(), "WEBP", quality=50, method=2)),
        "thumbnail resize": cpu_ms(lambda: page.resize((240, 320), Image.Resampling.BICUBIC, reducing_gap=1.0)),
        "thumbnail encode": cpu_ms(lambda: thumb.save(io.BytesIO(), "WEBP", quality=60, method=2)),
    }
    result = imaging.normalise_page(photo)
    print(f"\nOne page ({len(photo) / 1000:.0f} KB WebP 1200×1600), CPU ms, mean of {rounds}, this process:")
    print(f"  API's inspect_upload {cpu_ms(lambda: imaging.inspect_upload(photo)):.1f}; worker's normalise_page "
          f"{cpu_ms(lambda: imaging.normalise_page(photo)):.1f} ({'kept as sent' if getattr(result, 'kept', False) else 're-encoded'}, "
          f"stored {len(result.image) / 1000:.0f} KB {result.media_type}, thumbnail {len(result.thumbnail) / 1000:.1f} KB)")
    print("  Pillow stages: " + ", ".join(f"{name} {ms:.1f}" for name, ms in stages.items()))


# --- processes and their CPU ---------------------------------------------------------------------------

def cpu_ticks(pid: int) -> int:
    """utime + stime of the process and cutime + cstime of the children it reaped (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(value) for value in fields[11:15])


def tree_ticks(pid: int) -> int:
    total = 0
    try:
        processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += cpu_ticks(process.pid)
        except (FileNotFoundError, ProcessLookupError):
            pass  # ended between listing and reading: its time is in its parent's cutime now
    return total


@dataclass
class Processes:
    api: asyncio.subprocess.Process
    workers: list[asyncio.subprocess.Process]
    db: asyncpg.Pool
    seaweed: EmbeddedSeaweed | None

    async def backends(self) -> list[int]:
        return [r["pid"] for r in await self.db.fetch(
            "select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()"
        )]

    async def ticks(self) -> dict[str, dict[int, int]]:
        postgres = {}
        for pid in await self.backends():
            try:
                postgres[pid] = cpu_ticks(pid)
            except (FileNotFoundError, ProcessLookupError):
                pass
        groups = {
            "API": {self.api.pid: tree_ticks(self.api.pid)},
            "workers": {w.pid: tree_ticks(w.pid) for w in self.workers},
            "PostgreSQL": postgres,
        }
        if self.seaweed and self.seaweed.process:
            groups["SeaweedFS"] = {self.seaweed.process.pid: tree_ticks(self.seaweed.process.pid)}
        return groups


def cpu_ms(before: dict[str, dict[int, int]], after: dict[str, dict[int, int]]) -> dict[str, float]:
    """CPU ms per group between two readings; a backend born in between counts from zero."""
    return {
        group: sum(t - before[group].get(pid, 0) for pid, t in after[group].items()) * 1000 / CLOCK_TICKS
        for group in after
    }


@asynccontextmanager
async def processes(
    settings: Settings, api_workers: int, worker_count: int, log: Path, seaweed: EmbeddedSeaweed | None,
) -> AsyncIterator[tuple[str, Processes]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = live_env(settings, PUBLIC_URL=url, DB_POOL_MAX="20", **(seaweed.environment if seaweed else {}))
    with log.open("ab") as output:
        api = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(api_workers), "--log-level", "warning", "backend.app:create_app",
            cwd=ROOT, env=env, stdout=output, stderr=output,
        )
        workers = [
            await asyncio.create_subprocess_exec(sys.executable, "-m", "workers", cwd=ROOT, env=env, stdout=output, stderr=output)
            for _ in range(worker_count)
        ]
    db = await asyncpg.create_pool(settings.database_url, min_size=1, max_size=2)
    try:
        await wait_ready(url, api)
        yield url, Processes(api, workers, db, seaweed)
    finally:
        for process in (*workers, api):
            if process.returncode is None:
                process.terminate()
        for process in (*workers, api):
            await process.wait()
        await db.close()


# --- phones --------------------------------------------------------------------------------------------

@dataclass
class Record:
    steps: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    pages: list[str] = field(default_factory=list)
    submitted: list[str] = field(default_factory=list)
    submitted_at: list[float] = field(default_factory=list)


async def timed(record: Record, step: str, send) -> httpx.Response:
    started = time.perf_counter()
    answer = await send()
    record.steps[step].append(time.perf_counter() - started)
    return answer


def expected(record: Record, answer: httpx.Response, step: str) -> bool:
    if answer.status_code == 200:
        return True
    code = answer.json().get("code") if answer.headers.get("content-type", "").startswith("application/problem") else ""
    record.errors[f"{step} {answer.status_code} {code}"] += 1
    return False


async def file_one(http: httpx.AsyncClient, who, photos: list[bytes], record: Record) -> None:
    dossier_id = str(new_id())
    draft = {"procedure_code": BIRTH_REGISTRATION, "form": BIRTH_FORM}
    answer = await timed(record, "draft", lambda: http.put(f"/api/dossiers/{dossier_id}", json=draft, headers=who.headers()))
    if not expected(record, answer, "draft"):
        return
    slots = [slot["code"] for slot in answer.json()["documents"] if slot["required"]]
    for index, code in enumerate(slots[:3]):
        page_id = str(new_id())
        path = f"/api/dossiers/{dossier_id}/documents/{code}/pages/{page_id}"
        headers = who.headers(**{"Content-Type": "image/webp"})
        answer = await timed(record, "upload", lambda: http.put(path, content=photos[index % len(photos)], headers=headers))
        if not expected(record, answer, "upload"):
            return
        record.pages.append(page_id)
    headers = who.headers(**{"Idempotency-Key": str(new_id()), "Content-Type": "application/json"})
    started = time.perf_counter()
    while True:
        answer = await http.post(f"/api/dossiers/{dossier_id}/submit", content=b"{}", headers=headers)
        if answer.status_code != 422 or answer.json().get("code") != "pages_processing":
            break
        record.steps["submit: pages_processing answers"].append(0)
        await asyncio.sleep(RESUBMIT_AFTER_S)  # the PWA's protocol, not a timing
    record.steps["submit"].append(time.perf_counter() - started)
    if expected(record, answer, "submit"):
        record.submitted.append(dossier_id)
        record.submitted_at.append(time.monotonic())


async def phone(url: str, who, photos: list[bytes], record: Record, until: float) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while time.monotonic() < until:
            await file_one(http, who, photos, record)


async def citizens(url: str, settings: Settings, count: int, province: str, commune: str) -> list:
    """`count` signed-in citizens with a profile; the per-address code limit is reset between sign-ins."""
    redis = Redis.from_url(settings.redis_url)
    people = []
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            for _ in range(count):
                keys = [k async for k in redis.scan_iter(match=f"{settings.redis_prefix}-live*:accounts:*")]
                if keys:
                    await redis.delete(*keys)
                who = await sign_in_citizen(http)
                profile = {
                    "full_name": "Nguyễn Thị Lan", "cccd": "056190000123", "date_of_birth": "1990-05-17",
                    "address": {"province_code": province, "commune_code": commune, "street": "12 Trần Phú"},
                }
                saved = await http.put("/api/me/profile", json=profile, headers=who.headers())
                assert saved.status_code == 200, saved.text
                people.append(who)
    finally:
        await redis.aclose()
    return people


# --- one run -------------------------------------------------------------------------------------------

def quantiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p50 = ordered[len(ordered) // 2] * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return f"p50 {p50:7.0f} ms  p99 {p99:7.0f} ms  (n={len(values)})"


async def settle(db: asyncpg.Pool, page_ids: list[str]) -> None:
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        left = await db.fetchval("select count(*) from pages where id = any($1::uuid[]) and status = 'processing'", page_ids)
        if not left:
            return
        await asyncio.sleep(0.5)  # polling for the end, not timing a behaviour


async def one_run(url: str, procs: Processes, settings: Settings, people: list, photos: list[bytes], seconds: float) -> None:
    record = Record()
    print(f"\n{len(people)} phones, {args_line}, {seconds:.0f} s; load before {os.getloadavg()[0]:.2f}")
    before = await procs.ticks()
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(phone(url, who, photos, record, until) for who in people))
    elapsed = time.monotonic() - started
    after = await procs.ticks()
    # Sustained: acknowledgements from the end of the warm-up (the first third) to the deadline; the dossiers
    # under way at the deadline are finished but not counted.
    warm = started + seconds / 3
    counted = sum(1 for at in record.submitted_at if warm <= at <= until)
    rate = counted / (until - warm)
    await settle(procs.db, record.pages)
    pages = await procs.db.fetch(
        "select status, extract(epoch from processed_at - created_at) as lag from pages where id = any($1::uuid[])",
        record.pages,
    )
    states = Counter(r["state"] for r in await procs.db.fetch(
        "select state from dossiers where id = any($1::uuid[])", record.submitted,
    ))
    lost_pages = len(record.pages) - sum(1 for p in pages if p["status"] == "ready")
    # CPU of the whole run per dossier of the whole run (every dossier begun is finished before the reading).
    dossiers = len(record.submitted)
    cpu = cpu_ms(before, after)
    print(f"  sustained {rate:.1f} dossiers/s ({counted} in the last {until - warm:.0f} s of the load; {dossiers} in the "
          f"run of {elapsed:.1f} s); "
          f"load after {os.getloadavg()[0]:.2f}")
    for step in ("draft", "upload", "submit"):
        print(f"  {step:<8} {quantiles(record.steps[step])}")
    print(f"  submit answered 422 pages_processing {len(record.steps['submit: pages_processing answers'])} times")
    print(f"  page lag (upload → normalised) {quantiles([float(p['lag']) for p in pages if p['lag'] is not None])}")
    print("  CPU ms per dossier: " + ", ".join(f"{g} {ms / dossiers:.0f}" for g, ms in cpu.items())
          + f", all {sum(cpu.values()) / dossiers:.0f}")
    print(f"  errors {sum(record.errors.values())} {dict(record.errors) or ''}; lost pages {lost_pages} of "
          f"{len(record.pages)}; submitted dossiers {dict(states)}")


args_line = ""


async def run(args: argparse.Namespace) -> None:
    global args_line
    args_line = f"{args.api} API process(es), {args.workers} worker process(es), {'SeaweedFS' if args.s3 else 'a folder'}"
    photos = [phone_page(seed) for seed in range(3)]
    print(f"Machine: {os.cpu_count()} cores; pages {', '.join(f'{len(p) / 1000:.0f} KB' for p in photos)}")
    stage_timings(photos[0])
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"submissions-{RUN_ID}.log"
    async with AsyncExitStack() as stack:
        database_url = await stack.enter_async_context(scratch_database(f"motcua_bench_{RUN_ID}"))
        settings = Settings(
            database_url=database_url, redis_url=os.environ["REDIS_URL"], redis_prefix=f"motcua-bench-{RUN_ID}",
            environment="test", storage_dir=str(OUT / f"storage-{RUN_ID}"), log_level="WARNING",
        )
        await migrated_and_seeded(settings)
        for provider in ("esms", "epacific"):
            await stack.enter_async_context(start_sandbox(provider, GATEWAY_PORTS[provider]))
        seaweed = None
        if args.s3:
            seaweed = EmbeddedSeaweed(OUT / f"seaweedfs-{RUN_ID}")
            await asyncio.to_thread(seaweed.start)
            stack.callback(shutil.rmtree, seaweed.directory, True)
            stack.callback(seaweed.stop)
        url, procs = await stack.enter_async_context(processes(settings, args.api, args.workers, log, seaweed))
        commune = await procs.db.fetchval("select admin_unit_code from agencies where level = 'commune' order by code limit 1")
        province = await procs.db.fetchval("select province_code from admin_units where code = $1", commune)
        people = await citizens(url, settings, max(args.phones), province, commune)
        for count in args.phones:
            await one_run(url, procs, settings, people[:count], photos, args.seconds)
        stack.callback(shutil.rmtree, settings.storage_dir, True)
    print(f"\n(process output in {log})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, nargs="+", default=[8, 32])
    parser.add_argument("--api", type=int, default=1, help="granian --workers")
    parser.add_argument("--workers", type=int, default=1, help="python -m workers processes")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--s3", action="store_true", help="photos in SeaweedFS instead of a folder")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
