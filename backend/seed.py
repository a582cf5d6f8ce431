"""`python -m backend.seed` loads the demo data (idempotent); `--print-accounts` says how to sign in."""

from __future__ import annotations

import asyncio
import sys

import asyncpg

from backend.settings import Settings


async def seed(conn: asyncpg.Connection, settings: Settings) -> None:
    """Each domain's demo data, in dependency order. Loading twice gives the same state."""
    from backend.catalog.service import seed_catalog  # each domain owns its seeding

    await seed_catalog(conn, settings)


def print_accounts(settings: Settings) -> None:
    print("  Demo accounts:")
    print(f"    operator API  Authorization: Bearer {settings.admin_token}  (from .data/dev.env)")


async def _main(argv: list[str]) -> int:
    settings = Settings.from_env()
    if "--print-accounts" in argv:
        print_accounts(settings)
        return 0
    conn = await asyncpg.connect(settings.database_url)
    try:
        async with conn.transaction():
            await seed(conn, settings)
    finally:
        await conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main(sys.argv[1:])))
