"""Apply the numbered plain-SQL files in migrations/ in order, exactly once.

Each file runs in its own transaction and is recorded with its checksum. A PostgreSQL
advisory lock serialises runners, so API processes starting together cannot race.
A file changed after it was applied stops everything: fix forward with a new file.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from backend.settings import ROOT, Settings, SettingsError

MIGRATIONS_DIR = ROOT / "migrations"
_ADVISORY_LOCK_KEY = 7_310_211_901  # arbitrary, constant: "one migrator at a time"
_FILE_NAME = re.compile(r"^(\d{3,})_[a-z0-9_]+\.sql$")


class MigrationError(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNN_description.sql")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text("utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise MigrationError("two migration files share a number")
    return migrations


_CREATE_TABLE = """
create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    checksum text not null,
    applied_at timestamptz not null default now()
)
"""


async def _applied(conn: asyncpg.Connection) -> dict[int, asyncpg.Record]:
    exists = await conn.fetchval("select to_regclass('schema_migrations') is not null")
    if not exists:
        return {}
    rows = await conn.fetch("select version, name, checksum from schema_migrations")
    return {row["version"]: row for row in rows}


def _check_unchanged(migrations: list[Migration], applied: dict[int, asyncpg.Record]) -> None:
    by_version = {m.version: m for m in migrations}
    for version, row in sorted(applied.items()):
        migration = by_version.get(version)
        if migration is None:
            raise MigrationError(f"{row['name']} was applied but its file is gone")
        if migration.checksum != row["checksum"]:
            raise MigrationError(
                f"{migration.name} changed after it was applied; add a new migration instead"
            )


async def pending(conn: asyncpg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Names of files not applied yet; raises when an applied file has changed."""
    migrations = discover(directory)
    applied = await _applied(conn)
    _check_unchanged(migrations, applied)
    return [m.name for m in migrations if m.version not in applied]


async def migrate(conn: asyncpg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply what is pending; return the names applied by this call."""
    migrations = discover(directory)
    await conn.execute("select pg_advisory_lock($1)", _ADVISORY_LOCK_KEY)
    try:
        await conn.execute(_CREATE_TABLE)
        applied = await _applied(conn)
        _check_unchanged(migrations, applied)
        done = []
        for migration in migrations:
            if migration.version in applied:
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "insert into schema_migrations (version, name, checksum) values ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            done.append(migration.name)
        return done
    finally:
        await conn.execute("select pg_advisory_unlock($1)", _ADVISORY_LOCK_KEY)


async def _main() -> int:
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 2
    conn = await asyncpg.connect(settings.database_url)
    try:
        done = await migrate(conn)
    except MigrationError as exc:
        print(f"migrate: {exc}", file=sys.stderr)
        return 1
    finally:
        await conn.close()
    print(f"migrate: applied {len(done)} file(s){': ' + ', '.join(done) if done else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(_main()))
