"""Debian's Chromium driven by Playwright (the app itself is the root conftest's `live_url`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator

import asyncpg
import pytest
from playwright.async_api import Browser, async_playwright

from backend.seed import seed
from backend.settings import Settings
from tests.support import clear_rate_limits

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is missing: `just chromium` installs it")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


@pytest.fixture(scope="module")
async def seeded_live(settings: Settings, live_url: str) -> None:
    """The demo data `just up` loads, in the live app's database."""
    conn = await asyncpg.connect(settings.database_url)
    try:
        async with conn.transaction():
            await seed(conn, settings)
    finally:
        await conn.close()


@pytest.fixture(autouse=True)
async def fresh_limits(settings: Settings) -> None:
    """Every browser test signs people in from this one address; the sign-in limits have tests of their own."""
    await clear_rate_limits(settings)
