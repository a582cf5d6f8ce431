"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from arq.worker import Worker

from backend.settings import Settings
from workers.main import worker_options

ADMIN_TOKEN = "test-admin-token-" + secrets.token_hex(8)
RUN_ID = secrets.token_hex(4)


def base_url(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        pytest.exit(f"{variable} is unset: run the tests with `just test`, which provides one", returncode=2)
    return value


def with_database(url: str, name: str) -> str:
    server, _, rest = url.rpartition("/")
    query = rest.partition("?")[2]
    return f"{server}/{name}" + (f"?{query}" if query else "")


@asynccontextmanager
async def scratch_database(name: str) -> AsyncIterator[str]:
    """A database of its own on the DATABASE_URL server, dropped afterwards."""
    server = base_url("DATABASE_URL")
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'create database "{name}"')
        yield with_database(server, name)
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


async def run_worker_until_idle(settings: Settings, **overrides: object) -> Worker:
    """Run the real arq worker in burst mode: it processes what is queued, then returns."""
    options = worker_options(settings) | {"burst": True, "poll_delay": 0.05} | overrides
    worker = Worker(**options)
    try:
        await worker.async_run()
    finally:
        await worker.close()
    return worker
