"""`python -m backend.seed` loads the demo data (idempotent); `--print-accounts` says how to sign in
and where each kind of dossier is received; `--code USERNAME` prints a demo staff account's current
two-step verification code."""

from __future__ import annotations

import asyncio
import sys

import asyncpg

from backend.accounts.demo import DEMO_CITIZEN_PHONE, DEMO_STAFF, demo_authenticator_key, demo_code, seed_accounts
from backend.catalog.demo import seed_catalog
from backend.processing.demo import WHERE_DOSSIERS_GO, seed_processing
from backend.settings import Settings


async def seed(conn: asyncpg.Connection, settings: Settings) -> None:
    """Each domain's demo data (its own `demo.py`), in dependency order. Loading twice gives the same state."""
    await seed_catalog(conn, settings)
    await seed_accounts(conn, settings)
    await seed_processing(conn, settings)


def print_accounts(settings: Settings) -> None:
    print("  Demo accounts:")
    if settings.environment == "production":
        return
    print(f"    {'citizen':<18} phone {DEMO_CITIZEN_PHONE} (or 0912 345 678) at {settings.public_url}/#/dang-nhap;")
    print(f"    {'':<18} the one-time code arrives on the SMS simulator's page (the eSMS address above)")
    print(f"    staff sign in at {settings.public_url}/#/can-bo/dang-nhap")
    print("    then the 6-digit code of two-step verification: add the account's key below to an authenticator app")
    print("    (Google Authenticator, Aegis, FreeOTP: \"enter a setup key\", time-based), or run `just code USERNAME`")
    for account in DEMO_STAFF:
        who = account.label or account.role.value.replace("_", " ")
        key = demo_authenticator_key(settings, account.username)
        print(f"    {who:<18} username {account.username:<11} password {account.password:<22} key {key}")
    print("  Where the demo's dossiers are received:")
    for line in WHERE_DOSSIERS_GO:
        print(f"    {line}")


async def _main(argv: list[str]) -> int:
    settings = Settings.from_env()
    if "--print-accounts" in argv:
        print_accounts(settings)
        return 0
    if argv[:1] == ["--code"] and len(argv) == 2:
        print(demo_code(settings, argv[1]))
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
