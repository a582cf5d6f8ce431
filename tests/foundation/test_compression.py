"""Compressed bytes on the wire: the PWA's precompressed files by Accept-Encoding, JSON above 1 KB gzipped,
images and PDFs untouched, and the catalogue's ETags and 304s as before."""

from __future__ import annotations

import gzip
import re

import pytest
from litestar.testing import AsyncTestClient

from backend.compression import MINIMUM_SIZE
from backend.settings import ROOT, Settings
from tests.support import COMMUNE_DESK, Issued, SignedIn, clear_rate_limits, detail, sign_in_staff

DIST = ROOT / "pwa" / "dist"
BOTH = {"Accept-Encoding": "br, gzip"}
GZIP = {"Accept-Encoding": "gzip"}
IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def entry_script() -> str:
    """The hashed module index.html loads first, e.g. `/assets/index-abc123.js`."""
    html = (DIST / "index.html").read_text("utf-8")
    return re.search(r'<script type="module"[^>]*src="(/assets/[^"]+\.js)"', html).group(1)


def _vary(response) -> set[str]:
    return {v.strip().lower() for v in response.headers.get("vary", "").split(",") if v.strip()}


async def test_brotli_asset_is_the_build_s_file_with_the_script_s_type(client: AsyncTestClient, entry_script: str) -> None:
    response = await client.get(entry_script, headers=BOTH)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"].startswith("text/javascript")
    assert "accept-encoding" in _vary(response)
    assert "immutable" in response.headers["cache-control"]
    # httpx has no brotli decoder here: the body is the precompressed file, byte for byte.
    on_disk = (DIST / entry_script.lstrip("/")).with_suffix(".js.br").read_bytes()
    assert response.content == on_disk and int(response.headers["content-length"]) == len(on_disk)
    assert len(on_disk) < (DIST / entry_script.lstrip("/")).stat().st_size / 2


@pytest.mark.parametrize("accept", ["gzip", "br;q=0, gzip", "gzip, deflate"])
async def test_gzip_asset_when_brotli_is_not_accepted(client: AsyncTestClient, entry_script: str, accept: str) -> None:
    async with client.stream("GET", entry_script, headers={"Accept-Encoding": accept}) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"].startswith("text/javascript")
    assert "accept-encoding" in _vary(response)
    assert gzip.decompress(raw) == (DIST / entry_script.lstrip("/")).read_bytes()


async def test_plain_asset_for_clients_without_compression_still_varies(client: AsyncTestClient, entry_script: str) -> None:
    response = await client.get(entry_script, headers=IDENTITY)
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.content == (DIST / entry_script.lstrip("/")).read_bytes()


async def test_the_app_shell_is_compressed_and_revalidated(client: AsyncTestClient) -> None:
    for path in ("/", "/index.html"):
        response = await client.get(path, headers=BOTH)
        assert response.headers["content-encoding"] == "br"
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-cache"
        assert response.content == (DIST / "index.html.br").read_bytes()


async def test_large_json_is_gzipped_and_says_it_varies(client: AsyncTestClient, seeded: None) -> None:
    plain = await client.get("/api/catalog/procedures", params={"limit": 100}, headers=IDENTITY)
    assert len(plain.content) > MINIMUM_SIZE and "content-encoding" not in plain.headers
    async with client.stream("GET", "/api/catalog/procedures", params={"limit": 100}, headers=BOTH) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "application/json"
    assert "accept-encoding" in _vary(response) and "accept-encoding" in _vary(plain)
    assert int(response.headers["content-length"]) == len(raw) < len(plain.content) / 3
    assert gzip.decompress(raw) == plain.content


async def test_small_json_is_sent_as_it_is(client: AsyncTestClient) -> None:
    response = await client.get("/health", headers=BOTH)
    assert response.json() == {"status": "ok"}
    assert "content-encoding" not in response.headers and "accept-encoding" not in _vary(response)


async def test_images_are_never_compressed_again(client: AsyncTestClient, issued: Issued, citizen: SignedIn) -> None:
    icon = await client.get("/icons/icon-512.png", headers=BOTH)
    assert icon.headers["content-type"] == "image/png" and "content-encoding" not in icon.headers
    assert icon.content == (DIST / "icons" / "icon-512.png").read_bytes()
    pages = [p for d in (await detail(client, citizen, str(issued.dossier_id)))["documents"] for p in d["pages"]]
    image = f"/api/dossiers/{issued.dossier_id}/pages/{pages[0]['id']}/image"
    photo = await client.get(image, headers={**citizen.headers(), **BOTH})
    assert photo.status_code == 200 and photo.headers["content-type"].startswith("image/")
    assert "content-encoding" not in photo.headers


async def test_pdfs_are_never_compressed_again(client: AsyncTestClient, issued: Issued, settings: Settings) -> None:
    await clear_rate_limits(settings)
    desk = await sign_in_staff(client, *COMMUNE_DESK)
    response = await client.get(f"/api/office/dossiers/{issued.dossier_id}/result", headers={**desk.headers(), **BOTH})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    assert "content-encoding" not in response.headers
    assert response.content == issued.pdf and len(response.content) > MINIMUM_SIZE


async def test_catalogue_etag_and_304_hold_whether_compressed_or_not(client: AsyncTestClient, seeded: None) -> None:
    compressed = await client.get("/api/catalog/procedures", params={"limit": 100}, headers=BOTH)
    plain = await client.get("/api/catalog/procedures", params={"limit": 100}, headers=IDENTITY)
    assert compressed.headers["content-encoding"] == "gzip"
    # One weak ETag for the content, however it travels (RFC 9110 §8.8.1).
    assert compressed.headers["etag"] == plain.headers["etag"] and compressed.headers["etag"].startswith('W/"')
    again = await client.get(
        "/api/catalog/procedures", params={"limit": 100}, headers={**BOTH, "If-None-Match": compressed.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b"" and "content-encoding" not in again.headers
    assert again.headers["etag"] == compressed.headers["etag"]
