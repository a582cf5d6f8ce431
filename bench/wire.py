"""Bytes on the wire: the first load's JavaScript and CSS, and typical API answers, compressed and not.

    .venv/bin/python bench/wire.py [URL]

Each file and answer is fetched twice, with `Accept-Encoding: br, gzip` (what browsers send) and with
`identity`, and the bytes that actually crossed the wire are counted. For the API answers it also prints
what brotli (quality 5, computed with Node's zlib) would send, to judge whether brotli is worth a Python
dependency. Without a URL it starts the app the way the tests' `live_url` does: a scratch database on
DATABASE_URL's server (migrated, demo data loaded) and granian serving the API and pwa/dist (build it first
with `npm --prefix pwa run build`); REDIS_URL must be set too. Everything it started is stopped and dropped.
"""

from __future__ import annotations

import asyncio
import base64
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urljoin

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backend.settings import Settings  # noqa: E402
from tests.support import (  # noqa: E402
    RUN_ID, base_url, free_port, live_api, load_province, migrated_and_seeded, scratch_database,
)

BROWSER = {"Accept-Encoding": "br, gzip"}
IDENTITY = {"Accept-Encoding": "identity"}
BUDGET_KB = 20
API_ANSWERS = [
    ("catalogue index the PWA keeps offline (first 100 procedures)", "/api/catalog/procedures?limit=100"),
    ("search 'khai sinh' (20 results at most)", "/api/catalog/procedures?q=khai%20sinh&limit=20"),
    ("procedure page 1.001193", "/api/catalog/procedures/1.001193"),
    ("communes of the demo province", "/api/catalog/provinces/56/communes"),
    ("fields", "/api/catalog/fields"),
    ("runtime config", "/api/config"),
]
# Static `import … from "x"`, `import "x"`, `export … from "x"` (not dynamic import()), as pwa/scripts/size.mjs.
STATIC_IMPORT = re.compile(r"""\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+)["']""")
ATTRIBUTE = r"""\b{}\s*=\s*["']([^"']+)["']"""


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(ATTRIBUTE.format(name), tag)
    return match.group(1) if match else None


async def _wire(http: httpx.AsyncClient, path: str, headers: dict[str, str]) -> tuple[int, str, bytes]:
    """(bytes on the wire, content coding, body as sent)."""
    async with http.stream("GET", path, headers=headers) as response:
        response.raise_for_status()
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return len(raw), response.headers.get("content-encoding", "identity"), raw


async def first_load(http: httpx.AsyncClient) -> tuple[list[str], list[str]]:
    """The scripts index.html loads before anything else (with their static imports), and its stylesheets."""
    html = (await http.get("/", headers=IDENTITY)).text
    scripts = [_attribute(t, "src") for t in re.findall(r"<script\b[^>]*>", html) if _attribute(t, "type") == "module"]
    links = re.findall(r"<link\b[^>]*>", html)
    scripts += [_attribute(t, "href") for t in links if _attribute(t, "rel") == "modulepreload"]
    styles = [_attribute(t, "href") for t in links if _attribute(t, "rel") == "stylesheet"]
    seen: list[str] = []
    queue = [s for s in scripts if s]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.append(path)
        code = (await http.get(path, headers=IDENTITY)).text
        queue += [urljoin(path, spec) for spec in STATIC_IMPORT.findall(code) if spec.startswith((".", "/"))]
    return sorted(seen), [s for s in styles if s]


def brotli_sizes(bodies: list[bytes], quality: int = 5) -> list[int]:
    """What brotli would send for each body, from Node's zlib (no Python brotli package here)."""
    script = (
        "const z=require('zlib');const b=JSON.parse(require('fs').readFileSync(0,'utf8'));"
        f"console.log(JSON.stringify(b.map(x=>z.brotliCompressSync(Buffer.from(x,'base64'),"
        f"{{params:{{[z.constants.BROTLI_PARAM_QUALITY]:{quality}}}}}).length)))"
    )
    encoded = json.dumps([base64.b64encode(body).decode() for body in bodies])
    node = subprocess.run(["node", "-e", script], input=encoded, capture_output=True, text=True, check=True)
    return json.loads(node.stdout)


def kb(size: int) -> str:
    return f"{size / 1024:6.1f} KB"


def size_b(size: int) -> str:
    return f"{size:>8,} B".replace(",", " ")


async def measure(url: str) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        scripts, styles = await first_load(http)
        for label, files in (("HTML", ["/"]), ("JS", scripts), ("CSS", styles)):
            compressed = plain = 0
            for path in files:
                sent, coding, _ = await _wire(http, path, BROWSER)
                size, _, _ = await _wire(http, path, IDENTITY)
                compressed, plain = compressed + sent, plain + size
                print(f"  {path}: {kb(sent)} {coding:8} {kb(size)} without")
            print(f"first-load {label}: {kb(compressed)} on the wire with br, gzip; {kb(plain)} without")
            if label == "JS":
                verdict = "within" if compressed <= BUDGET_KB * 1024 else "OVER"
                print(f"first-load JS target {BUDGET_KB} KB: {verdict}")
        print("\nAPI answers (bytes on the wire):")
        print(f"  {'answer':62} {'plain':>10} {'as sent':>10} {'coding':8} {'br q5':>10}")
        rows = []
        for label, path in API_ANSWERS:
            plain, _, body = await _wire(http, path, IDENTITY)
            sent, coding, _ = await _wire(http, path, BROWSER)
            rows.append((label, plain, sent, coding, body))
        for (label, plain, sent, coding, _), br in zip(rows, brotli_sizes([row[4] for row in rows]), strict=True):
            print(f"  {label:62} {size_b(plain)} {size_b(sent)} {coding:8} {size_b(br) if plain >= 1024 else '-':>10}")


@asynccontextmanager
async def started_app(procedures: int = 0) -> AsyncIterator[str]:
    """The API with the PWA on a scratch database, like tests/conftest.py's live_url; with `procedures`, a province's
    list of that many imported first (tests.support.load_province)."""
    if not (ROOT / "pwa" / "dist" / "index.html").is_file():
        raise SystemExit("pwa/dist is missing: run `npm --prefix pwa run build` first")
    async with scratch_database(f"motcua_bench_{RUN_ID}") as database_url:
        with tempfile.TemporaryDirectory() as storage:
            settings = Settings(
                database_url=database_url, redis_url=base_url("REDIS_URL"), redis_prefix=f"motcua-bench-{RUN_ID}",
                environment="test", storage_dir=storage, pwa_dist_dir=str(ROOT / "pwa" / "dist"),
            )
            await migrated_and_seeded(settings)
            if procedures:
                print(f"imported a province: {await load_province(settings, procedures)}")
            async with live_api(settings, free_port()) as url:
                yield url


async def main(argv: list[str]) -> None:
    if argv:
        await measure(argv[0])
        return
    async with started_app() as url:
        await measure(url)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
