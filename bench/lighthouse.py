"""Lighthouse on the home screen, mobile (its default: a mid-range phone on a throttled 4G link), headless.

    .venv/bin/python bench/lighthouse.py [URL]

Runs Lighthouse through npx (not a project dependency; `npx` fetches it once, then works offline from its
cache) with Debian's Chromium (CHROMIUM overrides the path), and prints the performance and accessibility
scores with the metrics behind performance and the bytes transferred. Without a URL it starts the app like
bench/wire.py does (DATABASE_URL and REDIS_URL must be set; pwa/dist built).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wire import started_app  # noqa: E402

LIGHTHOUSE = "lighthouse@12.8.2"  # the last major that runs on Node 20
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def run_lighthouse(url: str) -> dict:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian's chromium is missing: `just chromium` installs it")
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "report.json"
        subprocess.run(
            ["npx", "--yes", LIGHTHOUSE, url, "--only-categories=performance,accessibility", "--output=json",
             f"--output-path={report}", "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            env=os.environ | {"CHROME_PATH": chromium}, check=True, timeout=300,
        )
        return json.loads(report.read_text("utf-8"))


def show(result: dict) -> None:
    categories, audits = result["categories"], result["audits"]
    print(f"Lighthouse {result['lighthouseVersion']}, {result['configSettings']['formFactor']}, {result['finalDisplayedUrl']}")
    for name in ("performance", "accessibility"):
        print(f"  {name}: {round(categories[name]['score'] * 100)}")
    for metric in METRICS:
        print(f"  {audits[metric]['title']}: {audits[metric]['displayValue']}")
    print(f"  transferred: {audits['total-byte-weight']['displayValue']}")
    # Lighthouse's own measure of this machine's CPU; a busy shared machine scores low and blocks longer.
    print(f"  CPU benchmark index: {result['environment']['benchmarkIndex']:.0f}")
    failed = [a["id"] for a in (audits[r["id"]] for r in categories["accessibility"]["auditRefs"]) if a["score"] == 0]
    if failed:
        print(f"  accessibility audits failed: {', '.join(failed)}")


async def main(argv: list[str]) -> None:
    if argv:
        show(run_lighthouse(argv[0]))
        return
    async with started_app() as url:
        show(await asyncio.to_thread(run_lighthouse, url + "/"))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
