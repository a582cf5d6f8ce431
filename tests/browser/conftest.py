"""Debian's Chromium driven by Playwright (the app itself is the root conftest's `live_url`)."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Debian's chromium is missing: `just chromium` installs it")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        await browser.close()


async def wait_until_true(page: Page, script: str, arg: object = None, *, timeout_s: float = 15) -> None:
    """Poll an async page function until it resolves truthy. (`wait_for_function` takes a returned
    promise itself as truthy, so it cannot wait on async checks such as Cache Storage lookups.)"""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await page.evaluate(script, arg):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still false after {timeout_s} s: {script}")
        await asyncio.sleep(0.1)  # polling for a state, not timing a behaviour
