"""`python -m backend.stats.rebuild`: recount the public dashboard's summary over every day, once, by hand.

The worker's cron recounts only the recent days, within its short job timeout; a database that already holds
years of dossiers (the first deployment of the dashboard) gets its history this way, as does a change older than
the cron's window. It takes about a minute per million dossiers (bench/dashboard.py) and is safe beside the cron.
"""

from __future__ import annotations

import asyncio
import sys
import time

from backend.db import create_pool
from backend.settings import Settings, SettingsError
from backend.stats.service import refresh_dashboard


async def _main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"rebuild: {exc}", file=sys.stderr)
        return 2
    db = await create_pool(settings)
    try:
        started = time.perf_counter()
        await refresh_dashboard(db, None)
        print(f"rebuild: the dashboard's summary recounted over every day in {time.perf_counter() - started:.1f} s")
        return 0
    finally:
        await db.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
