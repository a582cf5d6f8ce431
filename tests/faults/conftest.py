"""Fixtures of the fault tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.faults.stack import Stack, running_stack


@pytest.fixture(scope="module")
async def stack(tmp_path_factory: pytest.TempPathFactory, pwa_dist_session: None) -> AsyncIterator[Stack]:
    async with running_stack(tmp_path_factory.mktemp("faults")) as running:
        yield running
