"""SeaweedFS for the S3 side of the storage tests: started on first use (a few seconds), stopped at the end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import msgspec
import pytest

from backend.settings import Settings
from scripts.devservices import EmbeddedSeaweed


@pytest.fixture(scope="session")
async def seaweed(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[EmbeddedSeaweed]:
    server = EmbeddedSeaweed(tmp_path_factory.mktemp("seaweedfs"))
    await asyncio.to_thread(server.start)
    try:
        yield server
    finally:
        await asyncio.to_thread(server.stop)


@pytest.fixture(scope="session")
def s3_settings(settings: Settings, seaweed: EmbeddedSeaweed) -> Settings:
    """The run's settings with photos and results in SeaweedFS, and a job queue of their own (the S3 worker
    must not take the local-folder pages of other suites)."""
    s3 = {name.lower(): value for name, value in seaweed.environment.items()}
    return msgspec.structs.replace(settings, redis_prefix=f"{settings.redis_prefix}-s3", **s3)
