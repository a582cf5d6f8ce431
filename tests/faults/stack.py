"""A stack of its own for fault tests: embedded PostgreSQL and Valkey that the tests stop and restart
(never the machine's shared servers), a migrated and seeded database, and the API (granian) and one
worker (`python -m workers`) in processes of their own, their logs kept in files."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path


from backend.settings import ROOT, Settings
from scripts.devservices import EmbeddedPostgres, EmbeddedValkey
from tests.support import free_port, gateway_settings, migrated_and_seeded, wait_ready


@dataclass
class Stack:
    url: str
    settings: Settings
    postgres: EmbeddedPostgres
    valkey: EmbeddedValkey
    api: asyncio.subprocess.Process
    worker: asyncio.subprocess.Process
    worker_log: Path
    env: dict[str, str]

    async def start_worker(self) -> asyncio.subprocess.Process:
        """Another `python -m workers` (after the first was killed); the stack stops it at the end."""
        with open(self.worker_log, "ab") as out:
            self.worker = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "workers", cwd=ROOT, env=self.env, stdout=out, stderr=out,
            )
        return self.worker


@asynccontextmanager
async def running_stack(root: Path) -> AsyncIterator[Stack]:
    postgres, valkey = EmbeddedPostgres(root / "postgres"), EmbeddedValkey(root / "valkey")
    try:
        settings = Settings(
            database_url=await asyncio.to_thread(postgres.start),
            redis_url=await asyncio.to_thread(valkey.start),
            redis_prefix="motcua-faults",
            environment="test",
            storage_dir=str(root / "storage"),
            log_level="INFO",
        )
        await migrated_and_seeded(settings)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {
            **os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url,
            "REDIS_PREFIX": settings.redis_prefix, "ENVIRONMENT": "test", "STORAGE_DIR": settings.storage_dir,
            "MIGRATE_ON_START": "false", "PUBLIC_URL": url, "LOG_LEVEL": "INFO", **gateway_settings(),
        }
        worker_log = root / "worker.log"
        with open(root / "api.log", "wb") as api_log, open(worker_log, "wb") as worker_out:
            api = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "granian", "--interface", "asgi", "--factory", "--host", "127.0.0.1",
                "--port", str(port), "--log-level", "warning", "backend.app:create_app",
                cwd=ROOT, env=env, stdout=api_log, stderr=api_log,
            )
            worker = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "workers", cwd=ROOT, env=env, stdout=worker_out, stderr=worker_out,
            )
        stack = Stack(url, settings, postgres, valkey, api, worker, worker_log, env)
        try:
            await wait_ready(url, api)
            yield stack
        finally:
            for process in (stack.worker, api):
                if process.returncode is None:
                    process.terminate()
                await process.wait()
    finally:
        await asyncio.to_thread(valkey.stop)
        await asyncio.to_thread(postgres.stop)
