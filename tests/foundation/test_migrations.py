"""The migration runner applies each file once, in order, and refuses edited history."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from backend import migrate
from backend.settings import ROOT
from tests.support import RUN_ID, scratch_database


@pytest.fixture
async def scratch_url() -> AsyncIterator[str]:
    async with scratch_database(f"motcua_scratch_{RUN_ID}_{secrets.token_hex(3)}") as url:
        yield url


def _write(directory: Path, name: str, sql: str) -> None:
    (directory / name).write_text(sql)


async def test_files_apply_in_order_once_and_are_recorded(scratch_url: str, tmp_path: Path) -> None:
    _write(tmp_path, "001_first.sql", "create table runs (n int); insert into runs values (1);")
    _write(tmp_path, "002_second.sql", "insert into runs values (2);")
    conn = await asyncpg.connect(scratch_url)
    try:
        assert await migrate.migrate(conn, tmp_path) == ["001_first.sql", "002_second.sql"]
        assert await migrate.migrate(conn, tmp_path) == []
        assert [r["n"] for r in await conn.fetch("select n from runs order by n")] == [1, 2]
        recorded = await conn.fetch("select version, checksum from schema_migrations order by version")
        assert [r["version"] for r in recorded] == [1, 2]
        assert recorded[0]["checksum"] == migrate.discover(tmp_path)[0].checksum
    finally:
        await conn.close()


async def test_a_failing_file_rolls_back_alone(scratch_url: str, tmp_path: Path) -> None:
    _write(tmp_path, "001_ok.sql", "create table kept (n int);")
    _write(tmp_path, "002_broken.sql", "create table half (n int); select no_such_function();")
    conn = await asyncpg.connect(scratch_url)
    try:
        with pytest.raises(asyncpg.UndefinedFunctionError):
            await migrate.migrate(conn, tmp_path)
        assert await conn.fetchval("select to_regclass('kept') is not null")
        assert not await conn.fetchval("select to_regclass('half') is not null")
        assert await migrate.pending(conn, tmp_path) == ["002_broken.sql"]
    finally:
        await conn.close()


async def test_an_applied_file_that_changed_stops_the_runner(scratch_url: str, tmp_path: Path) -> None:
    _write(tmp_path, "001_first.sql", "create table t (n int);")
    conn = await asyncpg.connect(scratch_url)
    try:
        await migrate.migrate(conn, tmp_path)
        _write(tmp_path, "001_first.sql", "create table t (n bigint);")
        with pytest.raises(migrate.MigrationError, match="001_first.sql changed after it was applied"):
            await migrate.migrate(conn, tmp_path)
        with pytest.raises(migrate.MigrationError):
            await migrate.pending(conn, tmp_path)
    finally:
        await conn.close()


async def test_two_processes_starting_at_once_apply_migrations_exactly_once(scratch_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": scratch_url, "REDIS_URL": "redis://unused"}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "backend.migrate", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [await process.communicate() for process in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    reports = sorted(out.decode() for out, _ in outputs)
    expected = len(migrate.discover())
    assert reports[0].startswith("migrate: applied 0 file(s)")
    assert reports[1].startswith(f"migrate: applied {expected} file(s)")
    conn = await asyncpg.connect(scratch_url)
    try:
        assert await conn.fetchval("select count(*) from schema_migrations") == expected
    finally:
        await conn.close()
