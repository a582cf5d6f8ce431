"""The real app served by granian on a free port, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator

import httpx
import pytest
from litestar.testing import AsyncTestClient
from playwright.async_api import Browser, async_playwright

from backend.settings import ROOT, Settings

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _wait_ready(url: str, process: asyncio.subprocess.Process) -> None:
    async with httpx.AsyncClient() as http:
        for _ in range(300):
            if process.returncode is not None:
                raise RuntimeError("the API exited during start-up")
            try:
                if (await http.get(f"{url}/ready", timeout=1)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)  # polling for start-up, not timing a behaviour
    raise RuntimeError(f"{url}/ready never answered 200")


@pytest.fixture(scope="session")
async def live_url(settings: Settings, client: AsyncTestClient, pwa_dist_session: None) -> AsyncIterator[str]:
    """API (and the PWA it serves) in a process of its own, on the test database already migrated."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": settings.redis_url,
        "REDIS_PREFIX": settings.redis_prefix,
        "ADMIN_TOKEN": settings.admin_token or "",
        "ENVIRONMENT": "test",
        "STORAGE_DIR": settings.storage_dir,
        "MIGRATE_ON_START": "false",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1",
        "--port", str(port), "--log-level", "warning", "backend.app:create_app", cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _wait_ready(url, process)
        yield url
    finally:
        process.terminate()
        await process.wait()


@pytest.fixture(scope="session")
def pwa_dist_session() -> None:
    if not (ROOT / "pwa" / "dist" / "index.html").exists():
        pytest.fail("pwa/dist is missing: `just test` builds the PWA first")


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is missing: `just chromium` installs it")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()
