"""Hostile page uploads against a running API and worker: how much memory each takes, and gives back.

    .venv/bin/pip install -e '.[dev,bench]'
    DATABASE_URL=postgresql://... REDIS_URL=redis://... .venv/bin/python bench/hostile_uploads.py

What is sent, `--concurrency` (4) uploads at a time, each as a new page of one draft dossier:
  pillow       every file of Pillow 13.0.0's Tests/images (fuzzer finds, bombs, every format and mode)
  pillow-heif  every file of pillow-heif 1.8.1's tests/images (HEIF/AVIF of every depth, a 33-MP 10-bit
               camera .hif, broken files)
  heif-60mp    `--heif-copies` (8) copies of an 8944×6708 (60 MP) HEIF made here with pillow-heif
The sdists are fetched once with `pip download --no-deps --no-binary :all:` into bench/out/corpora;
the 60-MP HEIF is made once into bench/out/.

What runs, as `tests/conftest.py`'s `live_url` does: a scratch database on DATABASE_URL (migrated by
the API, loaded with the demo data), the API under granian and one arq worker, each a subprocess,
with a Redis prefix of their own. A thread samples both process trees every 20 ms with psutil.

Memory is the PSS of a process tree (the API: granian and its worker process; the worker: arq, the
decoder's fork server and its decode children), so pages shared between a fork server and its
children count once. "idle" is measured after one ordinary page went through; "after" once every
page is judged and 3 s have passed. Crashes: an API or worker process that exited, a 5xx answer, a
decode child that died. Stuck: pages still processing when none has been judged for 3 job timeouts.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import shutil
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import httpx  # noqa: E402
import pillow_heif  # noqa: E402
import psutil  # noqa: E402
from redis.asyncio import Redis  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from backend.ids import new_id  # noqa: E402
from tests.support import RUN_ID, document_photo, scratch_database, sign_in_citizen  # noqa: E402

OUT = ROOT / "bench" / "out"
SDISTS = {"pillow": ("pillow==13.0.0", "Tests/images/"), "pillow-heif": ("pillow-heif==1.8.1", "tests/images/")}
HEIF_60MP = OUT / "heif-60mp.heic"
HEIF_SIZE = (8944, 6708)  # 59.996 MP, just under the limit
BIRTH_REGISTRATION, DOCUMENT = "1.001193", "giay_chung_sinh"
JOB_TIMEOUT_S = 20
TARGETS = {"API": 300, "worker": 700}


# --- inputs ------------------------------------------------------------------------------------


def corpus(name: str) -> list[tuple[str, bytes]]:
    """(path, bytes) of every file in the sdist's test-image folder."""
    requirement, folder = SDISTS[name]
    target = OUT / "corpora" / name
    if not list(target.glob("*.tar.gz")):
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", requirement, "-d", str(target)],
            check=True,
        )
    archives = list(target.glob("*.tar.gz"))
    files = []
    with tarfile.open(archives[0]) as archive:
        for member in archive.getmembers():
            if member.isfile() and f"/{folder}" in member.name:
                files.append((member.name.split(folder, 1)[1], archive.extractfile(member).read()))
    return sorted(files)


def heif_60mp() -> bytes:
    """A document-like 60-MP photo (text, a seal, sensor-like noise) saved as a camera would."""
    if not HEIF_60MP.exists():
        pillow_heif.register_heif_opener()
        page = Image.new("RGB", HEIF_SIZE, (246, 244, 236))
        draw = ImageDraw.Draw(page)
        font = ImageFont.load_default(size=60)
        for y in range(100, HEIF_SIZE[1] - 100, 120):
            draw.text((200, y), f"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc {y}", fill=(20, 20, 30), font=font)
        draw.ellipse((6000, 4000, 7500, 5500), outline=(200, 20, 20), width=30)
        noise = Image.effect_noise((HEIF_SIZE[0] // 8, HEIF_SIZE[1] // 8), 20).resize(HEIF_SIZE).convert("RGB")
        OUT.mkdir(parents=True, exist_ok=True)
        partial = HEIF_60MP.with_suffix(".partial")
        Image.blend(page, noise, 0.15).save(partial, "HEIF", quality=60)
        partial.rename(HEIF_60MP)
    return HEIF_60MP.read_bytes()


# --- memory ------------------------------------------------------------------------------------


class Sampler(threading.Thread):
    """PSS of each process tree every 20 ms; peak since `reset`, and the latest value."""

    def __init__(self, roots: dict[str, int]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.latest = dict.fromkeys(roots, 0.0)
        self.peak = dict.fromkeys(roots, 0.0)
        self.largest_process = dict.fromkeys(roots, 0.0)
        self.most_decoders = 0
        self.running = True

    @staticmethod
    def tree(pid: int) -> list[psutil.Process]:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]

    def run(self) -> None:
        while self.running:
            for name, pid in self.roots.items():
                try:
                    self.sample(name, pid)
                except psutil.Error:
                    pass  # a decode child ended between listing and reading it: next round
            time.sleep(0.02)

    def sample(self, name: str, pid: int) -> None:
        total = 0.0
        processes = self.tree(pid)
        for process in processes:
            info = process.memory_full_info()
            total += info.pss / 1e6
            self.largest_process[name] = max(self.largest_process[name], info.rss / 1e6)
        if name == "worker":
            servers = [p for p in processes if "forkserver" in " ".join(p.cmdline())]
            self.most_decoders = max([self.most_decoders, *(len(s.children()) for s in servers)])
        self.latest[name] = total
        self.peak[name] = max(self.peak[name], total)

    def reset(self) -> None:
        self.peak = dict(self.latest)
        self.largest_process = dict.fromkeys(self.roots, 0.0)
        self.most_decoders = 0


# --- the run -----------------------------------------------------------------------------------


async def wait_ready(url: str, api: subprocess.Popen) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(600):
            if api.poll() is not None:
                raise SystemExit("the API exited during start-up")
            try:
                if (await http.get(f"{url}/ready", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{url}/ready never answered 200")


async def forget_redis_keys(redis_url: str, prefix: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*")]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


async def settle(db: asyncpg.Connection) -> int:
    """Until no page is processing, or none has been judged for 3 job timeouts: those left are stuck."""
    left, progress_at = None, time.monotonic()
    while True:
        now_left = await db.fetchval("select count(*) from pages where status = 'processing'")
        if now_left != left:
            left, progress_at = now_left, time.monotonic()
        if left == 0 or time.monotonic() - progress_at > 3 * JOB_TIMEOUT_S:
            return left
        await asyncio.sleep(0.5)


async def send_all(http: httpx.AsyncClient, who, dossier_id: str, items: list[tuple[str, str, bytes]], concurrency: int):
    """Upload every item, `concurrency` at a time; the answers by source."""
    gate = asyncio.Semaphore(concurrency)
    answers: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    page_sources: dict[str, str] = {}

    async def one(position: int, source: str, name: str, data: bytes) -> None:
        async with gate:
            response = await http.put(
                f"/api/dossiers/{dossier_id}/documents/{DOCUMENT}/pages/{new_id()}?position={position % 200}",
                content=data, headers=who.headers(**{"Content-Type": "application/octet-stream"}), timeout=120,
            )
        if response.status_code == 200:
            answers[source]["stored"] += 1
            page_sources[response.json()["id"]] = source
        elif response.headers.get("content-type", "").startswith("application/problem+json"):
            answers[source][f"{response.status_code} {response.json().get('code')}"] += 1
        else:
            answers[source][f"{response.status_code}"] += 1

    await asyncio.gather(*(one(i, source, name, data) for i, (source, name, data) in enumerate(items)))
    return answers, page_sources


async def run(args: argparse.Namespace) -> None:
    items = [("pillow", n, d) for n, d in corpus("pillow")] + [("pillow-heif", n, d) for n, d in corpus("pillow-heif")]
    big = heif_60mp()
    items += [("heif-60mp", f"copy {i}", big) for i in range(args.heif_copies)]
    print(f"{len(items)} uploads: " + ", ".join(f"{k} {v}" for k, v in collections.Counter(s for s, _, _ in items).items()))

    async with scratch_database(f"motcua_bench_{RUN_ID}") as database_url:
        storage = OUT / f"storage-{RUN_ID}"
        port = 18000 + os.getpid() % 1000
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ, "DATABASE_URL": database_url, "REDIS_PREFIX": f"motcua-bench-{RUN_ID}", "ENVIRONMENT": "test",
            "STORAGE_DIR": str(storage), "PUBLIC_URL": url, "LOG_LEVEL": "WARNING",
            "PAGE_JOB_TIMEOUT_S": str(JOB_TIMEOUT_S),
        }
        subprocess.run([sys.executable, "-m", "backend.migrate"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "-m", "backend.seed"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        worker_log = (OUT / f"worker-{RUN_ID}.log").open("w")
        api = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "warning", "backend.app:create_app"], cwd=ROOT, env=env,
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "arq", "workers.settings.WorkerSettings"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=worker_log,
        )
        sampler = Sampler({"API": api.pid, "worker": worker.pid})
        db = await asyncpg.connect(database_url)
        try:
            await wait_ready(url, api)
            sampler.start()
            async with httpx.AsyncClient(base_url=url) as http:
                who = await sign_in_citizen(http)
                commune = await db.fetchval(
                    "select admin_unit_code from agencies where level = 'commune' order by code limit 1"
                )
                province = await db.fetchval("select province_code from admin_units where code = $1", commune)
                profile = {"full_name": "Nguyễn Thị Lan", "cccd": "056190000123", "date_of_birth": "1990-05-17",
                           "address": {"province_code": province, "commune_code": commune, "street": "12 Trần Phú"}}
                assert (await http.put("/api/me/profile", json=profile, headers=who.headers())).status_code == 200
                dossier = (await http.put(f"/api/dossiers/{new_id()}", json={"procedure_code": BIRTH_REGISTRATION},
                                          headers=who.headers())).json()
                # Warm-up: one ordinary page through API and worker, then the idle figures.
                await send_all(http, who, dossier["id"], [("warm-up", "12 MP", document_photo(3000, 4000))], 1)
                await settle(db)
                await asyncio.sleep(3)
                idle = dict(sampler.latest)
                sampler.reset()
                started = time.monotonic()
                answers, page_sources = await send_all(http, who, dossier["id"], items, args.concurrency)
                sent_s = time.monotonic() - started
                stuck = await settle(db)
                judged_s = time.monotonic() - started
                await asyncio.sleep(3)
                after = dict(sampler.latest)
            rows = await db.fetch("select id::text, status, failure from pages")
        finally:
            sampler.running = False
            alive = {"API": api.poll() is None, "worker": worker.poll() is None}
            for process in (worker, api):
                process.terminate()
                process.wait()
            worker_log.close()
            await db.close()
            shutil.rmtree(storage, ignore_errors=True)
            await forget_redis_keys(env["REDIS_URL"], env["REDIS_PREFIX"])

    report(args, answers, page_sources, rows, idle, sampler, after, alive, stuck, sent_s, judged_s)


def report(args, answers, page_sources, rows, idle, sampler, after, alive, stuck, sent_s, judged_s) -> None:
    outcomes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    reasons = {"Ảnh bị hỏng": "image_corrupt", "mất quá nhiều thời gian": "image_too_complex"}
    for row in rows:
        source = page_sources.get(row["id"])
        if source:
            reason = next((code for phrase, code in reasons.items() if phrase in (row["failure"] or "")), row["failure"])
            outcomes[source][row["status"] if row["status"] != "failed" else f"failed {reason}"] += 1
    log = (OUT / f"worker-{RUN_ID}.log").read_text()
    died = log.count("died with exit code")
    server_errors = sum(n for counts in answers.values() for answer, n in counts.items() if answer[:1] == "5")

    print(f"\nuploads, {args.concurrency} at a time: all sent in {sent_s:.0f} s, all judged after {judged_s:.0f} s")
    print(f"{'source':<12} {'sent':>5}  answers / pages")
    for source in answers:
        sent = sum(answers[source].values())
        print(f"{source:<12} {sent:>5}  " + ", ".join(f"{k} {v}" for k, v in sorted(answers[source].items())))
        print(f"{'':<12} {'':>5}  " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes[source].items())))
    print(f"\n{'memory (MB, PSS of the tree)':<30} {'idle':>6} {'peak':>6} {'after':>6} {'after-idle':>10} {'target peak':>11}"
          f" {'largest process RSS':>19}")
    for name in ("API", "worker"):
        print(f"{name:<30} {idle[name]:>6.0f} {sampler.peak[name]:>6.0f} {after[name]:>6.0f} "
              f"{after[name] - idle[name]:>+10.0f} {'≤ ' + str(TARGETS[name]):>11} {sampler.largest_process[name]:>19.0f}")
    print(f"\nmost decode children at once: {sampler.most_decoders}")
    print(f"crashes: API {'alive' if alive['API'] else 'EXITED'}, worker {'alive' if alive['worker'] else 'EXITED'}, "
          f"5xx answers {server_errors}, decode children died {died}")
    print(f"stuck pages (still processing): {stuck}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--heif-copies", type=int, default=8)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
